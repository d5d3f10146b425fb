#pragma once
// Evaluating a scalar activation in its working type and rounding the result to T, with a second,
// wider evaluation wherever the first cannot decide the rounding.

#include <activ/detail/math.hpp>

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace activ::detail {

// The float path's working results (double) carry at most a few ULPs of double error from the
// stable formulas and the libm calls; 2^−48 relative is 32 ULPs of double, a wide margin over
// the worst measured (3.9 ULPs, sigmoid′).
inline constexpr double float_working_tolerance = 0x1p-48;

// True when the double y, within float_working_tolerance·|y| of the exact value, lies so close to
// the midpoint between two adjacent floats that the exact value could round either way. About one
// input in 10^7 is ambiguous.
[[nodiscard]] constexpr bool float_rounding_is_ambiguous(double y) noexcept {
  const float rounded = static_cast<float>(y);
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(rounded);
  const std::uint32_t exponent = (bits >> 23) & 0xffu;
  if (exponent == 0xffu) return false;  // ±∞: y is beyond the largest float, nothing to decide
  // Half the spacing of floats at `rounded`, 2^(e − 127 − 24) for the biased exponent e; the
  // subnormals share the spacing of e = 1. Written straight into a double's exponent field.
  const std::uint64_t biased = std::uint64_t{exponent == 0 ? 1u : exponent} - 127 - 24 + 1023;
  const double half_spacing = std::bit_cast<double>(biased << 52);
  const double magnitude_y = y < 0 ? -y : y;
  const double offset = y - static_cast<double>(rounded);  // exact: both are close doubles
  const double distance = offset < 0 ? -offset : offset;
  const double tolerance = magnitude_y * float_working_tolerance;
  const auto near = [&](double midpoint) {
    const double gap = distance - midpoint;
    return (gap < 0 ? -gap : gap) <= tolerance;
  };
  // Just below a power of two the spacing halves, and so does the distance to the midpoint.
  const bool power_of_two = (bits & 0x7fffffu) == 0 && exponent > 1;
  return near(half_spacing) || (power_of_two && near(half_spacing / 2));
}

// y rounded to the nearest float, where an exact tie between two floats goes to the one nearer
// `target` (not to the even one). For positive normal results, where the next float is one bit
// pattern away.
[[nodiscard]] constexpr float round_ties_toward(double y, double target) noexcept {
  const float nearest = static_cast<float>(y);
  if (is_zero(static_cast<double>(nearest) - y)) return nearest;  // y is a float
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(nearest);
  const float other = std::bit_cast<float>(y > static_cast<double>(nearest) ? bits + 1 : bits - 1);
  const double midpoint = 0.5 * (static_cast<double>(nearest) + static_cast<double>(other));
  if (!is_zero(midpoint - y)) return nearest;
  const auto distance = [target](float v) {
    const double d = static_cast<double>(v) - target;
    return d < 0 ? -d : d;
  };
  return distance(other) < distance(nearest) ? other : nearest;
}

// Evaluates f (a generic callable, one formula for any scalar type) at x in T's working type and
// rounds the result to T. For float, where that rounding may be wrong (the working result is too
// close to a midpoint), f is evaluated again in long double, whose 64 bits settle it: Ziv's
// strategy, as in CORE-MATH. The exhaustive float test (tests/exhaustive.cpp) shows that this
// gives the correctly rounded float for every input.
template <class T, class F>
[[nodiscard]] constexpr T evaluate_rounded(T x, F f) noexcept(nothrow_real<T>) {
  using work = working_t<T>;
  const work y = f(static_cast<work>(x));
  if constexpr (std::is_same_v<T, float> && std::is_same_v<work, double> &&
                std::numeric_limits<double>::is_iec559 &&
                std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits) {
    if (float_rounding_is_ambiguous(y)) return static_cast<T>(f(static_cast<long double>(x)));
  }
  return static_cast<T>(y);
}

}  // namespace activ::detail
