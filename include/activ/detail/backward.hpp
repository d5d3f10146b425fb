#pragma once
// The scalar pieces the backward members share: a gradient times a slope, rounded once, and
// PyTorch's selection on the flat pieces of the piecewise functions.

#include <activ/detail/compensated.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <limits>
#include <type_traits>

namespace activ::detail {

// g·s(x) in the working type W, where slope(w) evaluates the slope s in W.
template <class W, class T, class Slope>
[[nodiscard]] constexpr W product_in(const T& x, const T& g,
                                     const Slope& slope) noexcept(nothrow_real<W>) {
  return static_cast<W>(g) * slope(static_cast<W>(x));
}

// g·s(x) rounded to T, s evaluated by slope(w) in any floating type (a generic callable, one
// formula for every type). float: in double, and again in long double where the double product
// lies too close to a midpoint between two floats for its rounding to be certain (Ziv's strategy,
// as evaluate_rounded): the correctly rounded float. Other types: in their working type, one
// rounding after the product (double: x87 long double, within 0.5 ULP and a small fraction).
//
// `positive`: s(x) > 0 for every finite x (sigmoid′, tanh′, softsign′, elu′ with α > 0). There an
// infinite g gives the exact product, ±∞, even where s underflows in the working type (e^−|x|
// below its range) and ∞·0 would be NaN. A finite g then gives a zero of g's sign: for float and
// double (whose working types reach far below their range) the exact product rounds to that zero
// too; long double and other types evaluated in themselves lose products that a gradient beyond
// their range's square root would lift back into range.
template <class T, class Slope>
[[nodiscard]] constexpr T times_slope(const T& x, const T& g, bool positive,
                                      const Slope& slope) noexcept(nothrow_real<T>) {
  if (positive && is_finite(x) && !is_finite(g) && (g < T(0) || g > T(0))) return g;
  using work = working_t<T>;
  const work y = product_in<work>(x, g, slope);
  if constexpr (std::numeric_limits<T>::is_iec559 && std::numeric_limits<T>::digits == 24 &&
                std::is_same_v<work, double> &&
                std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits) {
    if (float_rounding_is_ambiguous(y)) {
      return static_cast<T>(product_in<long double>(x, g, slope));
    }
  }
  return static_cast<T>(y);
}

// g·(½ + c·x) correctly rounded to float, for |x| < 2^−30, g a finite float and c > 0: g times
// the slope near 0 of silu (c = ½) and gelu (c = √(2/π)), whose further terms (c₃·x³) lie far
// below. g/2 is exact in double, and a midpoint between two floats for an odd subnormal g; the
// sign of g·x then breaks the tie, which neither double nor long double keeps in g/2 + g·c·x when
// |x| is below 2^−63. The exact sign of g/2 + g·c·x − m settles it: g/2 − m is 0 or at least half
// a float's spacing, far above g·c·x, whose own rounding cannot change its sign.
[[nodiscard]] constexpr float half_plus_linear_times(float x, float g, double c) noexcept {
  if (is_zero(g)) return g;  // the slope is ½ here: g's zero
  const double half = 0.5 * static_cast<double>(g);
  const double cross = static_cast<double>(g) * static_cast<double>(x) * c;
  return round_to_float(half + cross,
                        [half, cross](double m) noexcept { return sign_of_sum(half, cross, -m); });
}

// PyTorch's backward of the clamp (hardtanh_backward): g strictly inside (low, high), +0 outside,
// bounds included, whatever g is (±∞ and NaN give +0 there); a NaN x comes out as itself.
template <class T>
[[nodiscard]] constexpr T clamp_backward(const T& x, const T& g, const T& low,
                                         const T& high) noexcept(nothrow_real<T>) {
  if (x > low && x < high) return g;
  return x <= low || x >= high ? T(0) : x;
}

}  // namespace activ::detail
