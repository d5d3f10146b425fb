#pragma once
// The accuracy tiers an array member can be asked for, as tags in the first argument:
//   f.forward(activ::fast, in, out);
// activ::precise is the default and what every member without a tag gives.

#include <activ/detail/simd/kernel.hpp>

#include <concepts>

namespace activ {

/// The default tier: every result as the activation's contract block states it (float: the
/// scalar members correctly rounded, the array members within their stated bound, ≤ 1 ULP).
struct precise_t {
  explicit precise_t() = default;
  /// The tier's kernel selector (detail).
  static constexpr detail::simd::tier value = detail::simd::tier::precise;
};

/// The fast tier, for inference: float array results within 3 ULPs of the exact value on every
/// input (proved over all 2^32 floats on every instruction set; double within 3 ULPs on the
/// sampled sweep), NaN in gives NaN out, the precise tier's limits at ±∞ and signed zeros, no
/// flush of subnormal results and no change to the floating-point environment. Those bounds are
/// for rounding to nearest; in a directed rounding mode results stay in range and within 6 ULPs. It
/// need not be monotone nor keep the function's symmetry to the bit. Where an activation has no
/// faster kernel (each header's contract block says which have one) the tag gives the precise
/// results; scalar members accept it and give the precise results.
struct fast_t {
  explicit fast_t() = default;
  /// The tier's kernel selector (detail).
  static constexpr detail::simd::tier value = detail::simd::tier::fast;
};

/// Asks for the precise tier (the default).
inline constexpr precise_t precise{};
/// Asks for the fast tier.
inline constexpr fast_t fast{};

/// activ::precise_t or activ::fast_t.
template <class Tag>
concept tier_tag = std::same_as<Tag, precise_t> || std::same_as<Tag, fast_t>;

}  // namespace activ
