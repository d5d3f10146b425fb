#pragma once
// The linear piece (x + 3)/6 of hardsigmoid, which hardswish′ shares at 2x, and the compensated
// division by 6 that it and hardswish end with.

#include <activ/detail/compensated.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <type_traits>

namespace activ::detail {

// (hi + lo)/6 for a pair with |lo| ≤ ulp(hi) (several ULPs of lo's own error do not matter). With
// error-free transforms the residual of the division, hi − 6q, is recovered exactly, so the result
// carries one rounding and a correction far below it: within 0.5 ULP and a small fraction. The
// sign of a zero hi is not kept (−0 + +0 is +0); callers whose result can be −0 return it before.
template <class W>
[[nodiscard]] constexpr W sixth(W hi, W lo) noexcept(nothrow_real<W>) {
  if constexpr (has_error_free_transforms<W>) {
    const W q = hi / W(6);
    return q + (residual(hi, q, W(6)) + lo) / W(6);
  } else {
    return (hi + lo) / W(6);
  }
}

// (x + 3)/6, for −3 < x < 3, rounded to T.
//
// float: correctly rounded, in double. For |x| ≥ 2^−27, s = x + 3 is exact in double (its bits
// run from 2^2 down to x's last, 2^(e−23) with e ≥ −27: at most 53), and s/6 is rounded once. A
// midpoint m between two floats is either s/6 itself (then exactly representable in double, and the
// conversion breaks the tie to even, as rounding s/6 directly would) or at least 2^−50/6 away from
// it: s and 6m are both multiples of 2^−50, so s − 6m ≠ 0 is at least that. As s/6 < 1, one double
// rounding moves it by at most 2^−54, never onto or across such a midpoint. For |x| < 2^−27 the
// value lies within 2^−29 of ½, whose nearest midpoints are 2^−26 away: it rounds to ½, and so does
// the double result whatever the rounding of x + 3.
//
// Other types: the exact pair s + s_err = x + 3 (Fast2Sum, 3 ≥ |x|) divided by 6 compensated,
// within 0.5 ULP and a small fraction in the working type.
template <class T>
[[nodiscard]] constexpr T hard_ramp(T x) noexcept(nothrow_real<T>) {
  if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>((static_cast<double>(x) + 3.0) / 6.0);
  } else {
    return evaluate_rounded(x, [](auto w) -> decltype(w) {
      using W = decltype(w);
      const W s = w + W(3);
      if constexpr (has_error_free_transforms<W>) {
        return sixth(s, (W(3) - s) + w);
      } else {
        return s / W(6);
      }
    });
  }
}

}  // namespace activ::detail
