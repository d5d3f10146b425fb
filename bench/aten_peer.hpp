#pragma once
// ATen, PyTorch's tensor library (libtorch), as a peer in the peers' accuracy: each activation as
// a PyTorch user writes it (tests/torch/spelling.hpp), on one float tensor over the inputs, and
// its derivative as autograd gives it (the gradient of the sum, which runs ATen's own backward
// kernels: gelu_backward, silu_backward, mish_backward, softplus_backward, ...). Defined in
// aten_peer.cpp, the one file that includes libtorch's headers (g++ only), where the benchmark's
// CMake finds libtorch (ACTIV_BENCH_HAVE_ATEN).

#include <cstddef>
#include <span>
#include <string_view>

namespace activ_peers {

// The registry row `row` (tests/registry.hpp), its configuration number `configuration` in
// Row::configurations<float>(), over `in`; one thread.
void aten_forward(std::string_view row, std::size_t configuration, std::span<const float> in,
                  std::span<float> out);
void aten_derivative(std::string_view row, std::size_t configuration, std::span<const float> in,
                     std::span<float> out);

}  // namespace activ_peers
