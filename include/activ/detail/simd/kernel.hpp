#pragma once
// What every target's kernels (instances.hpp) share: how a kernel is named and asked for, and the
// pieces of the targets' preludes that do not depend on the instruction set.
//
// A kernel is found by type: each target declares
//   template <fixed_name Name, class T, direction D> struct kernel;       (precise tier)
//   template <fixed_name Name, class T, direction D> struct fast_kernel;  (fast tier)
// and float_kernels.inl / double_kernels.inl specialise them, next to the formula, for the
// activation whose `name` is Name. Nothing lists the kernels by position, so two cannot be
// swapped, and an activation, type or direction without a specialisation has no kernel: its
// array members run the scalar ones (dispatch.hpp), never a null call.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <string_view>

namespace activ::detail::simd {

// Outputs of at least this many bytes are written with non-temporal stores (map_blocks in
// float_kernels.inl): 8 MiB, a quarter of this machine's L3 and half of many AVX2 desktops', below
// which the output is likely still cached when the next layer reads it. Tests and benchmarks
// change it (0: always; SIZE_MAX: never) to run both loops on any array; programs never need to.
namespace state {
inline std::atomic<std::size_t>& streaming_bytes() noexcept {
  static std::atomic<std::size_t> bytes{std::size_t{8} << 20};
  return bytes;
}
}  // namespace state

inline std::size_t streaming_threshold() noexcept {
  return state::streaming_bytes().load(std::memory_order_relaxed);
}
inline void set_streaming_threshold(std::size_t bytes) noexcept {
  state::streaming_bytes().store(bytes, std::memory_order_relaxed);
}

// What a kernel computes from its input stream.
enum class direction : unsigned char {
  forward,                 // out[i] = f(in[i])
  derivative,              // out[i] = f′(in[i])
  backward,                // out[i] = g[i]·f′(in[i]), a second stream g
  derivative_from_output,  // out[i] = f′ from y = in[i] = f(x)
  backward_from_output,    // out[i] = g[i]·f′ from y = in[i], a second stream g
};

// Which accuracy a kernel is asked for (activ::precise_t, activ::fast_t in tier.hpp): a target's
// fast_kernel<Name, T, D> where one is specialised, else its kernel<Name, T, D>, whose bound is
// within the fast tier's.
enum class tier : unsigned char { precise, fast };

// Every direction, for the dispatch's questions over all of them.
inline constexpr direction all_directions[] = {
    direction::forward, direction::derivative, direction::backward,
    direction::derivative_from_output, direction::backward_from_output};

// A string usable as a template argument: an activation's `name`, as the key of its kernels.
// Written as a literal in a specialisation (kernel<"elu", ...>), or built from the functor's
// std::string_view (name_of<F>); both give the same value, hence the same specialisation.
template <std::size_t N>
struct fixed_name {
  char text[N]{};
  // NOLINTNEXTLINE(google-explicit-constructor, *-avoid-c-arrays): a literal converts implicitly
  constexpr fixed_name(const char (&literal)[N]) noexcept { std::copy_n(literal, N, text); }
  constexpr explicit fixed_name(std::string_view name) noexcept {
    std::copy_n(name.data(), N - 1, text);
  }
};

template <class Activation>
inline constexpr fixed_name<Activation::name.size() + 1> name_of{Activation::name};

// Names compare by their text, so that a kernel can be declared for several activations at once.
template <std::size_t N, std::size_t M>
constexpr bool operator==(const fixed_name<N>& a, const fixed_name<M>& b) noexcept {
  return std::string_view(a.text, N) == std::string_view(b.text, M);
}

// Whether K is a complete type: a kernel specialisation exists.
template <class K>
concept defined = requires {
  sizeof(K);
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

}  // namespace activ::detail::simd
