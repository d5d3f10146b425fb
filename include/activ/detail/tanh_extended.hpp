#pragma once
// tanh in x87 extended precision (64-bit significand), for activ::tanh<long double>: within 0.73
// ULP where glibc's tanhl is 2.71 ULPs off (docs/accuracy.md). tanh(−x) = −tanh(x) is kept bit for
// bit by working on |x| and copying the sign back.

#include <activ/detail/compensated.hpp>

#include <cmath>
#include <limits>

namespace activ::detail {

// Whether W is the x87 extended format this evaluation is written for: the polynomial below is
// accurate to 2^−72, which is more than a 64-bit significand needs and less than a wider one would.
template <class W>
inline constexpr bool is_x87_extended =
    has_error_free_transforms<W>&& std::numeric_limits<W>::digits == 64;

// tanh(a) − a for 0 ≤ a ≤ ½, as a³·g(a²) with g a polynomial of degree 12 in t = a². g interpolates
// (tanh √t − √t)/t^{3/2} at the 13 Chebyshev nodes of t ∈ [0, ¼] (a Vandermonde solve in 120 digits
// with mpmath, each coefficient then rounded to 64 bits); before that rounding a + a³·g(a²) is
// within 2^−72.5 of tanh a, relatively, on a 4000-point grid of [0, ½], so the result's error is
// that of evaluating it. The coefficients are near the Taylor ones (−1/3, 2/15, −17/315, …), which
// would need some 22 terms at a = ½ for the same accuracy.
template <class W>
[[nodiscard]] constexpr W tanh_small_correction(W a) noexcept {
  constexpr W g[] = {
      -0xaaaaaaaaaaaaaaabp-65L, 0x888888888888884bp-66L,  -0xdd0dd0dd0dd005c8p-68L,
      0xb327a4415ff365cap-69L,  -0x91371aaf00d6b17fp-70L, 0xeb69e859e934b447p-72L,
      -0xbed1af081f70480ep-73L, 0x9aabc8357e88ef55p-74L,  -0xfab5536d622e54cdp-76L,
      0xcad547a06fad6024p-77L,  -0xa191c07a5fada717p-78L, 0xeac557f022f5c025p-80L,
      -0xe578554ff22ab603p-82L,
  };
  const W t = a * a;
  W p = g[12];
  for (int i = 11; i >= 0; --i) p = p * t + g[i];
  return a * t * p;
}

// tanh(x) for W = x87 long double, within one ULP (0.722 at worst against MPFR, tests/accuracy.cpp,
// and in a search of 7·10^6 random inputs), in four ranges of a = |x|, each with an error that does
// not grow past the final rounding:
// - a < ½: a + (tanh(a) − a) by the polynomial. The correction is at most 8% of a, so its few
//   ULPs of rounding are a fraction of an ULP of the sum.
// - ½ ≤ a < 1: tanh a = 2u/(1 + u²) with u = tanh(a/2) from the polynomial, carried as a pair. The
//   doubling formula damps the error of u by (1 − u²)/(1 + u²) and is compensated throughout.
// - 1 ≤ a ≤ 23: (1 − e)/(1 + e), e = e^−2a, with 1 ∓ e carried exactly and the quotient
//   compensated. The relative error of e (glibc's expl, ≤ 1 ULP) reaches tanh scaled by
//   2e/(1 − e²) = 1/sinh 2a ≤ 0.28. Below a = 1 this factor grows (0.85 at ½, ∞ at 0), which is
//   why the exponential is not used there; nor is expm1: tanh = −m/(2 + m), m = expm1(−2a), passes
//   m's relative error on scaled by 2/(2 + m) ≥ 1, and glibc's expm1l is 1.9 ULPs.
// - a > 23: 1 − tanh a < 2e^−46 is below half an ULP of 1, so tanh rounds to 1 (and ±∞ → ±1).
// NaN fails every comparison and reaches the exponential, which returns it.
template <class W>
[[nodiscard]] constexpr W tanh_extended(W x) noexcept {
  const W a = std::fabs(x);
  W r;
  if (a < W(0.5)) {
    r = a + tanh_small_correction(a);
  } else if (a < W(1)) {
    const W h = a / W(2);
    const word_pair<W> u = two_sum(h, tanh_small_correction(h));
    word_pair<W> u2 = two_product(u.hi, u.hi);
    u2.lo += W(2) * u.hi * u.lo;
    const word_pair<W> one_plus_u2 = one_plus(u2.hi);
    r = divide(word_pair<W>{W(2) * u.hi, W(2) * u.lo},
               word_pair<W>{one_plus_u2.hi, one_plus_u2.lo + u2.lo});
  } else if (a > W(23)) {
    r = W(1);
  } else {
    // 1 − e is exact as a pair (Fast2Sum, 1 ≥ e), and so is 1 + e. The quotient stays ≤ 1 in
    // every rounding mode: where q = 1 the residual is negative, and otherwise q ≤ 1 − ulp.
    const W e = std::exp(W(-2) * a);
    const W one_minus = W(1) - e;
    r = divide(word_pair<W>{one_minus, (W(1) - one_minus) - e}, one_plus(e));
  }
  return std::copysign(r, x);
}

}  // namespace activ::detail
