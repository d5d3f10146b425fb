#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/logistic.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Logistic sigmoid.
///
///     forward     σ(x)  = 1 / (1 + e^−x)                       range [0, 1]
///     derivative  σ′(x) = σ(x)·(1 − σ(x)) = e^−|x| / (1 + e^−|x|)²   range [0, 1/4]
///     backward    g·σ′(x), the exact product rounded once (a product throughout: g = ±∞ gives ±∞
///                 for finite x, where σ′ > 0, and NaN at x = ±∞, where σ′ = 0)
///     from output σ′ = y·(1 − y) and g·y·(1 − y) at y = σ(x), exactly at the given y: where y has
///                 rounded to 1 (x > 17.33 in float, 37.43 in double) that is 0 while σ′(x) ≈ e^−x
///
/// Special values: NaN → NaN; σ(+∞) = 1, σ(−∞) = 0, σ(±0) = 1/2; σ′(±∞) = 0, σ′(±0) = 1/4.
/// No finite input overflows or produces NaN; for x → −∞ the result follows e^x with full
/// relative accuracy (σ(−100) = 3.72e−44 in double, a subnormal 3.78e−44 in float) and through the
/// subnormals (σ(−720) = 2.03e−313 in double) before it rounds to +0.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off), the other
/// iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.501 on all 2^32 inputs, every kernel
///                  fast:   forward 2.48 on all 2^32 inputs
///     double       forward 0.501  derivative 0.502   (x86: evaluated in x87 long double)
///                  forward 1.34   derivative 1.60    (where long double is not x87: in double)
///     long double  forward 1.45   derivative 1.69
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class sigmoid : public detail::elementwise<sigmoid<T>, T> {
  using base = detail::elementwise<sigmoid<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "sigmoid";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// σ(x) = 1/(1 + e^−x).
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, σ(x) = ½ + x/4 − x³/48 + …, and where x is an odd multiple of 2^−24 (x < 0) or
      // 2^−23 (x > 0), ½ + x/4 falls exactly between two floats. Only the cubic term, far below
      // what double or long double keep after adding ½, decides those: it always points back to
      // ½. For |x| < 2^−16 it is also too small to matter anywhere else: for |x| ≥ 2^−28, ½ + x/4
      // is exact in double and either a midpoint or at least ulp(x)/4 > |x³/48| away from one;
      // below, it lies within 2^−30 of ½, far from any midpoint. So the correctly rounded σ is
      // ½ + x/4 with ties broken towards ½. The exhaustive test found the 5 inputs this settles.
      if (detail::magnitude(x) < 0x1p-16f) {
        return detail::round_ties_toward(0.5 + 0.25 * static_cast<double>(x), 0.5);
      }
    }
    return detail::evaluate_rounded(x,
                                    [](auto w) -> decltype(w) { return detail::logistic<T>(w); });
  }

  /// σ′(x) = σ(x)·(1 − σ(x)).
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::evaluate_rounded(
        x, [](auto w) -> decltype(w) { return detail::logistic_slope<T>(w); });
  }

  /// g·σ′(x), the exact product rounded once.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    return detail::times_slope(
        x, g, true, [](auto w) -> decltype(w) { return detail::logistic_slope<decltype(w)>(w); });
  }

  /// σ′ from the output y = σ(x): y·(1 − y), exactly at the given y.
  // y·(1 − y) = y − y². For float, y² is exact in double, so the sum of y, −y² and a midpoint m
  // has an exact sign, which settles the rounding wherever the double value cannot.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double v = static_cast<double>(y);
      return detail::round_to_float(
          v - v * v, [v](double m) noexcept { return detail::sign_of_sum(v, -(v * v), -m); });
    } else {
      return detail::evaluate_rounded(
          y, [](auto v) -> decltype(v) { return v * (decltype(v)(1) - v); });
    }
  }

  /// g·y·(1 − y) from the output y = σ(x), rounded once.
  // g·y·(1 − y) = a − a·y with a = g·y, exact in double for float (and a·y exact as a pair).
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double v = static_cast<double>(y);
      const double h = static_cast<double>(g);
      const double a = h * v;
      return detail::round_to_float(h * (v - v * v), [a, v](double m) noexcept {
        const auto [p, error] = detail::two_product(a, v);
        return detail::sign_of_sum(a, -p, -error, -m);
      });
    } else {
      return detail::times_slope(y, g, false,
                                 [](auto v) -> decltype(v) { return v * (decltype(v)(1) - v); });
    }
  }
};

}  // namespace activ
