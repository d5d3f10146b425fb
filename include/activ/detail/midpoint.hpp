#pragma once
// Correct rounding to float of a value known in closed form: a double approximation settles almost
// every input, and where it lies too close to a midpoint between two floats, an exact test of the
// value against that midpoint settles the rest. Unlike a second evaluation in a wider type, this
// needs no long double, and an exact tie is recognised as one.
//
// The exactness arguments assume double arithmetic rounded to double (FLT_EVAL_METHOD 0, as on
// x86-64 and AArch64), where Knuth's two-sum and Dekker's two-product are error-free.

#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace activ::detail {

// The sign (−1, 0 or 1) of the exact sum of the terms, each a double. The terms are gathered into
// a nonoverlapping expansion (Shewchuk's Grow-Expansion: one two-sum per component, no rounding
// error anywhere), whose largest nonzero component exceeds the sum of all the smaller ones in
// magnitude and so carries the sign of the whole. Exact as long as no partial sum overflows.
template <std::same_as<double>... D>
[[nodiscard]] constexpr int sign_of_sum(D... terms) noexcept {
  const double values[] = {terms...};
  double parts[sizeof...(D)] = {};
  std::size_t count = 0;
  for (const double value : values) {
    double carry = value;
    for (std::size_t i = 0; i < count; ++i) {
      const double sum = carry + parts[i];
      const double part_share = sum - carry;
      parts[i] = (carry - (sum - part_share)) + (parts[i] - part_share);
      carry = sum;
    }
    parts[count++] = carry;
  }
  for (std::size_t i = count; i-- > 0;) {
    if (parts[i] > 0) return 1;
    if (parts[i] < 0) return -1;
  }
  return 0;
}

// The float next to f towards +∞ (up) or −∞, for finite f.
[[nodiscard]] constexpr float next_float(float f, bool up) noexcept {
  if (is_zero(f)) {
    constexpr float tiny = std::numeric_limits<float>::denorm_min();
    return up ? tiny : -tiny;
  }
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(f);
  return std::bit_cast<float>((f > 0) == up ? bits + 1 : bits - 1);
}

// The float nearest the exact value v, ties to even, given y, a double with
// |y − v| ≤ float_working_tolerance·|y|, and sign_at, where sign_at(m) is the exact sign of v − m
// for a midpoint m between two floats. Where that interval around y holds no midpoint, v rounds as
// y does. Otherwise the midpoint is the one between y's nearest float and the next float on y's
// side (y itself is no float: floats lie 2^−25 relatively from any midpoint, far beyond the
// tolerance), and sign_at settles on which side of it v lies, or that v is that midpoint.
template <class SignAt>
[[nodiscard]] constexpr float round_to_float(double y,
                                             SignAt sign_at) noexcept(noexcept(sign_at(0.0))) {
  const float nearest = static_cast<float>(y);
  if (!float_rounding_is_ambiguous(y)) return nearest;
  const bool above = y > static_cast<double>(nearest);
  const float other = next_float(nearest, above);
  const double midpoint = 0.5 * (static_cast<double>(nearest) + static_cast<double>(other));
  const float low = above ? nearest : other;
  const float high = above ? other : nearest;
  const int sign = sign_at(midpoint);
  if (sign > 0) return high;
  if (sign < 0) return low;
  return (std::bit_cast<std::uint32_t>(low) & 1U) == 0 ? low : high;
}

}  // namespace activ::detail
