// ATen as a peer (aten_peer.hpp): the functions on libtorch's CPU tensors, one thread.

#include "aten_peer.hpp"

#include <torch/torch.h>
#include <activ/activ.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "registry.hpp"
#include "torch/spelling.hpp"

namespace activ_peers {

namespace {

// A float tensor over a copy of the inputs.
torch::Tensor tensor_of(std::span<const float> in) {
  torch::Tensor t = torch::empty({static_cast<std::int64_t>(in.size())}, torch::kFloat32);
  std::copy(in.begin(), in.end(), t.data_ptr<float>());
  return t;
}

void copy_out(const torch::Tensor& t, std::span<float> out) {
  const torch::Tensor flat = t.detach().contiguous();
  const float* data = flat.data_ptr<float>();
  std::copy(data, data + out.size(), out.begin());
}

// visit(f) with the row's configuration number k.
template <class Visit>
void with_functor(std::string_view row, std::size_t k, Visit&& visit) {
  const bool found = activ_test::visit_row(
      row, [&]<class Row>() { visit(Row::template configurations<float>().at(k)); });
  if (!found) throw std::invalid_argument("aten_peer: no row named " + std::string(row));
}

}  // namespace

void aten_forward(std::string_view row, std::size_t configuration, std::span<const float> in,
                  std::span<float> out) {
  torch::set_num_threads(1);
  const torch::NoGradGuard no_grad;
  with_functor(row, configuration, [&](const auto& f) {
    copy_out(activ_test::pytorch_spelling(f, tensor_of(in)), out);
  });
}

void aten_derivative(std::string_view row, std::size_t configuration, std::span<const float> in,
                     std::span<float> out) {
  torch::set_num_threads(1);
  with_functor(row, configuration, [&](const auto& f) {
    const torch::Tensor x = tensor_of(in).requires_grad_(true);
    activ_test::pytorch_spelling(f, x).sum().backward();
    copy_out(x.grad(), out);
  });
}

}  // namespace activ_peers
