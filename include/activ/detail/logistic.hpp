#pragma once
// The slope of the logistic function, shared by sigmoid′ and tanh′ (tanh′(x) = 4σ′(2x)).

#include <activ/detail/compensated.hpp>
#include <activ/detail/math.hpp>

namespace activ::detail {

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

}  // namespace activ::detail
