#pragma once
// What a set of array kernels looks like: one table per instruction set, filled in by
// float_kernels.inl, chosen by dispatch.hpp.

#include <cstddef>

namespace activ::detail::simd {

// out[i] = f(in[i]) for i < n; `alpha` is the activation's parameter (ignored where it has none).
// in == out is allowed; other overlaps are not (the span members reject them first).
using float_kernel = void (*)(const float* in, float* out, std::size_t n, float alpha) noexcept;

struct kernel_pair {
  float_kernel forward;
  float_kernel derivative;
};

struct float_kernels {
  kernel_pair sigmoid;
  kernel_pair tanh;
  kernel_pair relu;
  kernel_pair leaky_relu;
  kernel_pair elu;
};

}  // namespace activ::detail::simd
