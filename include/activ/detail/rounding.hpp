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
// stable formulas and the libm calls; 2^−48 relative is 16 to 32 ULPs of double, four to eight
// times the worst measured (3.9 ULPs, sigmoid′ before its compensation).
inline constexpr double float_working_tolerance = 0x1p-48;

// True when the double y, within float_working_tolerance·|y| of the exact value, is too close to
// a rounding boundary of float for the exact value's rounding to be certain: the two ends of the
// interval round to different floats. About one input in 10^7 is ambiguous.
[[nodiscard]] constexpr bool float_rounding_is_ambiguous(double y) noexcept {
  const double tolerance = (y < 0 ? -y : y) * float_working_tolerance;
  const float low = static_cast<float>(y - tolerance);
  const float high = static_cast<float>(y + tolerance);
  return low < high || high < low;  // differ (NaN, which cannot occur here, would not)
}

// y rounded to the nearest float, where an exact tie between two floats goes to the one nearer
// `target` (not to the even one). y is finite and within the float range.
[[nodiscard]] constexpr float round_ties_toward(double y, double target) noexcept {
  const float nearest = static_cast<float>(y);
  const double gap = y - static_cast<double>(nearest);  // exact
  if (is_zero(gap)) return nearest;                     // y is a float
  // The float on y's other side: one bit pattern further from zero if y is, else nearer.
  const bool y_farther_from_zero = (gap < 0) == (y < 0);
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(nearest);
  const float other = std::bit_cast<float>(y_farther_from_zero ? bits + 1 : bits - 1);
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
//
// The retry needs a long double wider than double (x86 with GCC or Clang, AArch64 Linux); where
// there is none (MSVC, Apple), float results are those of the double evaluation, correctly rounded
// on all but about one input in 10^7.
template <class T, class F>
[[nodiscard]] constexpr T evaluate_rounded(T x, F f) noexcept(nothrow_real<T>) {
  using work = working_t<T>;
  const work y = f(static_cast<work>(x));
  if constexpr (std::numeric_limits<T>::is_iec559 && std::numeric_limits<T>::digits == 24 &&
                std::is_same_v<work, double> &&
                std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits) {
    if (float_rounding_is_ambiguous(y)) return static_cast<T>(f(static_cast<long double>(x)));
  }
  return static_cast<T>(y);
}

}  // namespace activ::detail
