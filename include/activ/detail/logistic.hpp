#pragma once
// The logistic function σ (sigmoid, softplus′, log_sigmoid′) and its slope (sigmoid′, and tanh′ =
// 4σ′(2x)).

#include <activ/detail/compensated.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>

namespace activ::detail {

// σ(x) in W, the result to be rounded to T. Each branch exponentiates a non-positive number, so
// e ∈ [0, 1] never overflows. For x < 0 the quotient e^x / (1 + e^x) keeps full relative accuracy
// as σ decays towards the subnormals, where 1 / (1 + e^−x) would overflow to 1/∞ = 0 near x = −89
// in float. NaN fails x ≥ 0 and propagates through exp. The quotients are compensated
// (detail/compensated.hpp), so that the result carries exp's error and one rounding rather than
// also those of 1 + e and of the division.
template <class T, class W>
[[nodiscard]] constexpr W logistic(W x) noexcept(nothrow_real<W>) {
  if (x >= W(0)) {
    if (exp_underflows<T>(x)) return W(1);
    return quotient(W(1), one_plus(adl::call_exp(-x)));
  }
  if (exp_underflows<T>(-x)) return W(0);
  const W e = adl::call_exp(x);
  return quotient(e, one_plus(e));
}

// σ′(x) = σ(x)·σ(−x) = e/(1 + e)² with e = e^−|x| ∈ [0, 1].
//
// Written in e, 1 − σ is never formed: it would cancel to 0 once σ rounds to 1 (x ≳ 17 in float,
// 37 in double) while σ′ ≈ e^−|x| is still far from underflow, and e^−|x| itself never overflows.
// Near 0, though, e ≈ 1 and 1 + e drops the low bits of e, so the rounded quotient can land above
// the true maximum ¼. There e = 1 + m with m = expm1(−|x|) turns the quotient into
// 1/(4 + m²/(1 + m)): the small m² term carries all the dependence on x, and the denominator cannot
// round below 4. The switch at |x| = 1 keeps 1 + m ≥ e^−1 away from cancellation.
//
// Beyond |x| = 1 the quotient is compensated (detail/compensated.hpp): the roundings of 1 + e, its
// square and the division would otherwise add up to 4 ULPs in long double.
//
// Returns scale·σ′(x). The scale (a power of two) is applied before the last division, where it is
// exact: tanh′ = 4σ′(2x) near its underflow threshold would otherwise lose two bits in a subnormal
// σ′ before being multiplied back up.
//
// T is the type the result will be rounded to, W the type it is computed in.
template <class T, class W>
[[nodiscard]] constexpr W logistic_slope(W x, W scale = W(1)) noexcept(nothrow_real<W>) {
  const W a = magnitude(x);
  if (a < W(1)) {
    const W m = adl::call_expm1(-a);
    return scale / (W(4) + m * m / (W(1) + m));
  }
  if (exp_underflows<T>(a)) return W(0);  // scale ≤ 4: see exp_underflows
  const W e = adl::call_exp(-a);          // NaN lands here and propagates
  return quotient(scale * e, square(one_plus(e)));
}

// g·σ(t) correctly rounded to float, for doubles t and g with |t| < 2^−16, t exact (β·x for float
// β and x) and g a float, neither zero nor infinite. There σ(t) = ½ + t/4 − t³/48 + t⁵/480 − …,
// and g·(½ + t/4) can fall exactly on a midpoint between two floats (t a short multiple of 2^−24,
// g = 1 among others), where the cubic term decides the rounding from 2^−50 or further below:
// beyond what an evaluation of σ in double or long double keeps. The sign of the value against the
// midpoint m is taken from g/2, g·t/4 (an exact pair) and m, exactly, and the cubic term, to 2^−50
// relative; the terms after it are 2^−32 and more below the cubic term.
[[nodiscard]] constexpr float logistic_times_near_zero(double t, double g) noexcept {
  const double half = 0.5 * g;
  const word_pair<double> p = two_product(g, 0.25 * t);  // g·t/4
  const double cubic = p.hi * (t * t) / 12;              // g·t³/48
  return round_to_float(half + (p.hi - cubic), [half, p, cubic](double m) noexcept {
    return sign_of_sum(half, p.hi, p.lo, -cubic, -m);
  });
}

}  // namespace activ::detail
