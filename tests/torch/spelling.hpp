#pragma once
// PyTorch's spelling of each activation of the test registry, as a PyTorch user writes it: the
// functional call with the configuration's parameters and PyTorch's defaults for the rest
// (softplus's threshold 20 among them). Shared by the comparison with PyTorch's autograd
// (tests/torch/training_against_torch.cpp, which replaces two spellings for its own reasons) and
// the peers' accuracy (bench/aten_peer.cpp). libtorch's headers compile with g++ only (see
// tests/CMakeLists.txt).

#include <torch/torch.h>
#include <activ/activ.hpp>

#include <type_traits>

namespace activ_test {

template <class F>
torch::Tensor pytorch_spelling(const F& f, const torch::Tensor& z) {
  using T = typename F::value_type;
  if constexpr (std::is_same_v<F, activ::sigmoid<T>>) {
    return torch::sigmoid(z);
  } else if constexpr (std::is_same_v<F, activ::tanh<T>>) {
    return torch::tanh(z);
  } else if constexpr (std::is_same_v<F, activ::relu<T>>) {
    return torch::relu(z);
  } else if constexpr (std::is_same_v<F, activ::leaky_relu<T>>) {
    return torch::leaky_relu(z, f.alpha());
  } else if constexpr (std::is_same_v<F, activ::elu<T>>) {
    return torch::elu(z, f.alpha());
  } else if constexpr (std::is_same_v<F, activ::selu<T>>) {
    return torch::selu(z);
  } else if constexpr (std::is_same_v<F, activ::celu<T>>) {
    return torch::celu(z, f.alpha());
  } else if constexpr (std::is_same_v<F, activ::silu<T>>) {
    return torch::silu(z);
  } else if constexpr (std::is_same_v<F, activ::gelu<T>>) {
    return f.approximate() == activ::gelu_approximation::tanh ? torch::gelu(z, "tanh")
                                                              : torch::gelu(z);
  } else if constexpr (std::is_same_v<F, activ::mish<T>>) {
    return torch::mish(z);
  } else if constexpr (std::is_same_v<F, activ::softplus<T>>) {
    return torch::softplus(z, f.beta());
  } else if constexpr (std::is_same_v<F, activ::log_sigmoid<T>>) {
    return torch::log_sigmoid(z);
  } else if constexpr (std::is_same_v<F, activ::hardtanh<T>>) {
    return torch::hardtanh(z, f.min_val(), f.max_val());
  } else if constexpr (std::is_same_v<F, activ::relu6<T>>) {
    return torch::nn::functional::relu6(z);
  } else if constexpr (std::is_same_v<F, activ::hardsigmoid<T>>) {
    return torch::hardsigmoid(z);
  } else if constexpr (std::is_same_v<F, activ::hardswish<T>>) {
    return torch::hardswish(z);
  } else {
    static_assert(std::is_same_v<F, activ::softsign<T>>, "a row without a PyTorch spelling");
    return torch::nn::functional::softsign(z);
  }
}

}  // namespace activ_test
