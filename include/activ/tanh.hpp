#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/logistic.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>
#include <activ/detail/tanh_extended.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Hyperbolic tangent.
///
///     forward     tanh(x)  = (e^x − e^−x) / (e^x + e^−x)            range [−1, 1]
///     derivative  tanh′(x) = 1 − tanh²(x) = 4e^−2|x| / (1 + e^−2|x|)²   range [0, 1]
///     backward    g·tanh′(x), the exact product rounded once (±∞ for g = ±∞ at finite x, NaN at
///                 x = ±∞, where tanh′ = 0)
///     from output tanh′ = 1 − y² and g·(1 − y²) at y = tanh(x), exactly at the given y: where
///                 |y| has rounded to 1 (|x| > 9.011 in float, 19.06 in double) that is 0 while
///                 tanh′(x) ≈ 4e^−2|x|
///
/// Special values: NaN → NaN; tanh(±∞) = ±1, tanh(±0) = ±0 (odd, sign of zero kept);
/// tanh′(±∞) = 0, tanh′(±0) = 1.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off), the other
/// iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.505  derivative 0.501 on all 2^32 inputs, every kernel
///                  fast:   forward 2.50 on all 2^32 inputs
///     double       forward 0.500  derivative 0.501   (x86: evaluated in x87 long double)
///                  forward 2.14   derivative 2.00    (where long double is not x87: glibc tanh)
///     long double  forward 0.72   derivative 2.03    (x87: detail/tanh_extended.hpp)
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class tanh : public detail::elementwise<tanh<T>, T> {
  using base = detail::elementwise<tanh<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "tanh";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// tanh(x).
  // x87 long double, evaluated in itself, has its own evaluation (detail/tanh_extended.hpp):
  // glibc's tanhl is 2.71 ULPs off. float and double (evaluated in double and x87 long double, and
  // measured correctly rounded and within 0.501 ULP that way) and other types keep their libm's or
  // their own tanh.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, long double> && detail::is_x87_extended<long double>) {
      return detail::tanh_extended(x);
    }
    return detail::evaluate_rounded(
        x, [](auto w) -> decltype(w) { return detail::adl::call_tanh(w); });
  }

  /// tanh′(x) = 1 − tanh²(x).
  // tanh′ = sech² = 4σ′(2x), which shares σ′'s cancellation-free evaluation: 1 − tanh² would
  // cancel to 0 once tanh rounds to 1 (|x| ≈ 9 in float, 19 in double) while tanh′ ≈ 4e^−2|x| is
  // still far above the underflow threshold. Doubling x and scaling by 4 are exact.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) {
      using W = decltype(w);
      return detail::logistic_slope<T>(W(2) * w, W(4));
    });
  }

  /// g·tanh′(x), the exact product rounded once.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    return detail::times_slope(x, g, true, [](auto w) -> decltype(w) {
      using W = decltype(w);
      return detail::logistic_slope<W>(W(2) * w, W(4));
    });
  }

  /// tanh′ from the output y = tanh(x): 1 − y², exactly at the given y.
  // 1 − y². For float, y² is exact in double: the sign of 1 − y² − m is exact. Other types take
  // (1 − |y|)·(1 + |y|), whose factors are exact near |y| = 1, where 1 − y² would cancel.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double v = static_cast<double>(y);
      return detail::round_to_float(
          1.0 - v * v, [v](double m) noexcept { return detail::sign_of_sum(1.0, -(v * v), -m); });
    } else {
      return detail::evaluate_rounded(y, [](auto v) -> decltype(v) { return slope_at_output(v); });
    }
  }

  /// g·(1 − y²) from the output y = tanh(x), rounded once.
  // g·(1 − y²) = g − a·y with a = g·y, exact in double for float (and a·y exact as a pair).
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double v = static_cast<double>(y);
      const double h = static_cast<double>(g);
      const double a = h * v;
      return detail::round_to_float(h * (1.0 - v * v), [h, a, v](double m) noexcept {
        const auto [p, error] = detail::two_product(a, v);
        return detail::sign_of_sum(h, -p, -error, -m);
      });
    } else {
      return detail::times_slope(y, g, false,
                                 [](auto v) -> decltype(v) { return slope_at_output(v); });
    }
  }

 private:
  template <class W>
  static constexpr W slope_at_output(W y) noexcept(detail::nothrow_real<W>) {
    const W a = detail::magnitude(y);
    return (W(1) - a) * (W(1) + a);
  }
};

}  // namespace activ
