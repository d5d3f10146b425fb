#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/hard_ramp.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Hard swish, x·hardsigmoid(x) (MobileNetV3), PyTorch's Hardswish.
///
///     forward     hardswish(x)  = 0 for x ≤ −3, x for x ≥ 3, x·(x + 3)/6 between  range [−3/8, +∞]
///     derivative  hardswish′(x) = 0 for x ≤ −3, 1 for x ≥ 3, x/3 + 1/2 between
///                 range (−1/2, 3/2)
///     backward    +0 for x ≤ −3 whatever g is (PyTorch selects), g for x ≥ 3, g·(x/3 + 1/2)
///                 between, the exact product rounded once
///     from output none: hardswish(x) = y has two solutions x with different slopes for
///                 −3/8 < y < 0, so derivative_from_output and backward_from_output do not exist (a
///                 compile error; any_activation throws std::invalid_argument)
///
/// The derivative is PyTorch's hardswish_backward as it is now, with ±3 in the outer pieces.
/// PyTorch releases up to 2.6 (early 2025) gave the middle piece's value there instead: −0.5 at
/// x = −3 and 1.5 at x = 3.
/// Special values: NaN → NaN (forward and derivative); hardswish(+∞) = +∞, hardswish(−∞) = +0,
/// hardswish(±0) = ±0; hardswish′(+∞) = 1, hardswish′(−∞) = 0, hardswish′(±0) = 1/2.
///
/// Worst error in ULPs, against exact references (MPFR): float over every input, double over 10^7
/// inputs spread by bit pattern and 10^6 in [−4, 4], long double over 10^6 likewise. For float and
/// double, the span and contiguous-iterator members run vector kernels (detail/simd, chosen for
/// the CPU at run time; ACTIV_NO_SIMD turns them off); the other iterator members and every other
/// type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: correctly rounded on all 2^32 inputs, every x86-64 kernel
///                  fast:   forward 2.48  derivative 1.33 on all 2^32 inputs
///     double       forward 0.501  derivative 0.501   (x86: evaluated in x87 long double)
///                  forward 0.500  derivative 0.500   (where long double is not x87: in double)
///                  arrays: forward 1.000  derivative 0.500
///     long double  forward 0.500  derivative 0.500
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class hardswish : public detail::elementwise<hardswish<T>, T> {
  using base = detail::elementwise<hardswish<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "hardswish";
  using base::backward;
  using base::derivative;
  using base::forward;

  /// hardswish(x) = x·hardsigmoid(x): 0 for x ≤ −3, x for x ≥ 3, x·(x + 3)/6 between.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return x;
    if (detail::is_zero(x)) return x;  // ±0, and NaN
    if constexpr (std::is_same_v<T, float>) {
      // In double, x·(x + 3)/6 carries at most three roundings, far inside the tolerance of
      // detail::round_to_float. Where that cannot settle the rounding, the value lies on the side
      // of the midpoint m given by the sign of x² + 3x − 6m, whose terms are exact in double
      // (48, 26 and 27 significant bits). Exact midpoints do occur (x = 21·2^−20, or half an odd
      // subnormal, where only the x² term leans, upwards), and are broken to even only where the
      // value is one.
      const double w = static_cast<double>(x);
      return detail::round_to_float(w * (w + 3.0) / 6.0, [w](double m) noexcept {
        return detail::sign_of_sum(w * w, 3.0 * w, -6.0 * m);
      });
    } else {
      return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return value(w); });
    }
  }

  /// hardswish′(x): 0 for x ≤ −3, 1 for x ≥ 3, x/3 + 1/2 between.
  // x/3 + 1/2 = (2x + 3)/6, hardsigmoid's ramp at 2x (exact: |x| < 3), correctly rounded for
  // float for the same reasons.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return T(1);
    return detail::hard_ramp(T(2) * x);  // NaN propagates
  }

  /// g·hardswish′(x): +0 for x ≤ −3 whatever g is (PyTorch selects), g for x ≥ 3, and
  /// g·(2x + 3)/6 rounded once between.
  // For float, 3 + 2x is carried exactly as a pair in double and each part's product with g as
  // another, so the sign of g·(2x + 3) − 6m for a midpoint m (6m exact) settles the rounding; exact
  // midpoints occur.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return g;
    if (!(x > T(-3))) return x;  // NaN
    if constexpr (std::is_same_v<T, float>) {
      const double h = static_cast<double>(g);
      // Named parts rather than a structured binding, which Clang 14 cannot capture.
      const auto sum = detail::two_sum(3.0, 2.0 * static_cast<double>(x));
      const double s = sum.hi;
      const double s_error = sum.lo;
      return detail::round_to_float(h * s / 6.0, [h, s, s_error](double m) noexcept {
        const auto [p, p_error] = detail::two_product(h, s);
        const auto [q, q_error] = detail::two_product(h, s_error);
        return detail::sign_of_sum(p, p_error, q, q_error, -6.0 * m);
      });
    } else {
      return detail::times_slope(x, g, false, [](auto w) -> decltype(w) {
        using W = decltype(w);
        if constexpr (detail::has_error_free_transforms<W>) {
          const auto [s, s_error] = detail::two_sum(W(3), W(2) * w);
          return detail::sixth(s, s_error);
        } else {
          return (W(3) + W(2) * w) / W(6);
        }
      });
    }
  }

 private:
  // x·(x + 3)/6 for −3 < x < 3, x ≠ 0. With error-free transforms the sum x + 3 (Fast2Sum,
  // 3 ≥ |x|) and the product (Dekker's) are carried exactly as pairs and the division is
  // compensated, so the one rounding left is the last: three plain roundings would add up to more
  // than an ULP (the product's error, divided by 6, is up to 2/3 ULP of the result).
  template <class W>
  static constexpr W value(W x) noexcept(detail::nothrow_real<W>) {
    const W s = x + W(3);
    if constexpr (detail::has_error_free_transforms<W>) {
      const auto [product, error] = detail::two_product(x, s);
      return detail::sixth(product, error + x * ((W(3) - s) + x));
    } else {
      return x * s / W(6);
    }
  }
};

}  // namespace activ
