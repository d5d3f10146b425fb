#pragma once
// What a set of array kernels looks like: one table per element type and instruction set, filled
// in by float_kernels.inl and double_kernels.inl, chosen by dispatch.hpp.

#include <cstddef>

namespace activ::detail::simd {

// out[i] = f(in[i]) for i < n; `alpha` is the activation's parameter (ignored where it has none).
// in == out is allowed; other overlaps are not (the span members reject them first).
template <class T>
using kernel = void (*)(const T* in, T* out, std::size_t n, T alpha) noexcept;

template <class T>
struct kernel_pair {
  kernel<T> forward;
  kernel<T> derivative;
};

template <class T>
struct kernel_set {
  kernel_pair<T> sigmoid;
  kernel_pair<T> tanh;
  kernel_pair<T> relu;
  kernel_pair<T> leaky_relu;
  kernel_pair<T> elu;
};

// What a target's prelude (instances.hpp) shares with the others: k and k + shifter, as
// nearest_shifted returns them, for the target's double vector V; and the traits of the targets
// without AVX-512's one-instruction 16-entry table lookup, class fix-up and bitwise select (see
// float_kernels.inl).
template <class V>
struct shifted_integer_of {
  V k;
  V shifted;
};
struct without_table {
  static constexpr bool permutes_sixteen = false;
  static constexpr bool fixes_up = false;
  static constexpr bool selects_bits = false;
};

using float_kernel = kernel<float>;
using float_kernels = kernel_set<float>;
using double_kernels = kernel_set<double>;

}  // namespace activ::detail::simd
