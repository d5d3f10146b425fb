#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <limits>
#include <string_view>
#include <type_traits>

namespace activ {

/// Softsign, PyTorch's Softsign.
///
///     forward     softsign(x)  = x / (1 + |x|)          range [−1, 1]
///     derivative  softsign′(x) = 1 / (1 + |x|)²        range [0, 1]
///     backward    g/(1 + |x|)², the exact product rounded once (±∞ for g = ±∞ at finite x)
///     from output softsign′ = (1 − |y|)² and g·(1 − |y|)² at y = softsign(x), exactly at the given
///                 y: where |y| has rounded to 1 (|x| > 2^25 in float) that is 0 while softsign′ ≈
///                 1/x²
///
/// Special values: NaN → NaN (forward and derivative); softsign(±∞) = ±1 (the limit, not
/// ∞/∞ = NaN), softsign(±0) = ±0; softsign′(±∞) = 0, softsign′(±0) = 1. Nothing overflows for any
/// input of any type: (1 + |x|)² is never formed where it could overflow, so softsign′ follows
/// 1/x² into the subnormals (softsign′(1e160) = 1e−320 in double) before it rounds to +0.
///
/// Worst error in ULPs, against exact references (MPFR): float over every input, double over 10^7
/// inputs spread by bit pattern and 10^6 in [−4, 4], long double over 10^6 likewise. For float and
/// double, the span and contiguous-iterator members run vector kernels (detail/simd, chosen for
/// the CPU at run time; ACTIV_NO_SIMD turns them off); the other iterator members and every other
/// type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.501 on all 2^32 inputs, every x86-64
///                  kernel (2 and 4 inputs not correctly rounded)
///                  fast:   forward 2.01  derivative 1.92 on all 2^32 inputs
///     double       forward 0.501  derivative 0.501   (x86: evaluated in x87 long double)
///                  forward 0.500  derivative 0.500   (where long double is not x87: in double)
///                  arrays: forward 0.500  derivative 0.986
///     long double  forward 0.500  derivative 0.500
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class softsign : public detail::elementwise<softsign<T>, T> {
  using base = detail::elementwise<softsign<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "softsign";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// softsign(x) = x/(1 + |x|).
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (detail::is_zero(x)) return x;  // ±0, and NaN
    if constexpr (std::is_same_v<T, float>) {
      const double w = static_cast<double>(x);
      const double a = detail::magnitude(w);
      // From 2^25 on, 1 − 1/(1 + |x|) lies above 1 − 2^−25, the midpoint below 1; ±∞ lands here.
      if (a >= 0x1p25) return x > 0 ? 1.0F : -1.0F;
      // 1 + |x| and the quotient are two roundings in double. Where they cannot settle the
      // rounding, the value lies on the side of the midpoint m given by the sign of
      // x − m·(1 + |x|) = x − m − m·|x|, whose terms are exact in double (m·|x|: 25 + 24 bits).
      // The value is never itself a midpoint: x/(1 + |x|) is a dyadic rational only for x = 0 and
      // |x| = 2^k − 1, where it is the float ±(1 − 2^−k).
      return detail::round_to_float(w / (1.0 + a), [w, a](double m) noexcept {
        return detail::sign_of_sum(w, -m, -(m * a));
      });
    } else {
      return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return value(w); });
    }
  }

  /// softsign′(x) = 1/(1 + |x|)².
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      // In double, (1 + |x|)² ≤ 2^256 cannot overflow, and 1/(1 + |x|)² carries at most four
      // roundings. Where they cannot settle the rounding, the sign of
      // 1 − m·(1 + |x|)² = 1 − m − 2m·|x| − (m·|x|)·|x| settles it: m·|x| is exact, and its
      // product with |x| exact as a pair (Dekker's product). The value is never a midpoint: it is
      // a dyadic rational only where 1 + |x| is a power of two, and then a power of two itself.
      const double a = detail::magnitude(static_cast<double>(x));
      const double d = 1.0 + a;
      return detail::round_to_float(1.0 / (d * d), [a](double m) noexcept {
        const double ma = m * a;
        const auto [product, error] = detail::two_product(ma, a);
        return detail::sign_of_sum(1.0, -m, -2.0 * ma, -product, -error);
      });
    } else {
      return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return slope(w); });
    }
  }

  /// g/(1 + |x|)², rounded once.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    return detail::times_slope(x, g, true, [](auto w) -> decltype(w) { return slope(w); });
  }

  /// softsign′ from the output y = softsign(x): (1 − |y|)², exactly at the given y.
  // (1 − |y|)². For float, d = 1 − |y| is exact in double from |y| = 2^−29 on and its square
  // exact as a pair; below, the value is within 2^−28 of 1 and rounds to 1.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double a = detail::magnitude(static_cast<double>(y));
      if (a < 0x1p-29) return 1.0F;
      if (!(a >= 0x1p-29)) return y;  // NaN
      const double d = 1.0 - a;
      return detail::round_to_float(d * d, [d](double m) noexcept {
        const auto [p, error] = detail::two_product(d, d);
        return detail::sign_of_sum(p, error, -m);
      });
    } else {
      return detail::evaluate_rounded(y, [](auto v) -> decltype(v) { return slope_at_output(v); });
    }
  }

  /// g·(1 − |y|)² from the output y = softsign(x), rounded once.
  // g·(1 − |y|)² = (g·d)·d, each product exact as a pair for float (d as above); below |y| =
  // 2^−29 the value is within 2^−28 of g, relatively, and rounds to g.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double a = detail::magnitude(static_cast<double>(y));
      if (a < 0x1p-29) return g;
      if (!(a >= 0x1p-29)) return y;  // NaN
      const double h = static_cast<double>(g);
      const double d = 1.0 - a;
      return detail::round_to_float(h * (d * d), [h, d](double m) noexcept {
        const auto [gd, gd_error] = detail::two_product(h, d);
        const auto [p, p_error] = detail::two_product(gd, d);
        const auto [q, q_error] = detail::two_product(gd_error, d);
        return detail::sign_of_sum(p, p_error, q, q_error, -m);
      });
    } else {
      return detail::times_slope(y, g, false,
                                 [](auto v) -> decltype(v) { return slope_at_output(v); });
    }
  }

 private:
  template <class W>
  static constexpr W slope_at_output(W y) noexcept(detail::nothrow_real<W>) {
    const W d = W(1) - detail::magnitude(y);
    return d * d;
  }

  // 1 + a exactly, as hi + lo, for a ≥ 0.
  template <class W>
  static constexpr detail::word_pair<W> one_plus(W a) noexcept(detail::nothrow_real<W>) {
    if constexpr (detail::has_error_free_transforms<W>) {
      return detail::two_sum(W(1), a);
    } else {
      return {W(1) + a, W(0)};
    }
  }

  // x/(1 + |x|), x ≠ 0, compensated (detail::quotient): 1 + |x| is carried exactly as a pair and
  // the division's residual recovered, so one rounding is left where plain arithmetic has two.
  // From |x| = 4/ε = 2^(p+1) on, 1/(1 + |x|) is below half the spacing of W under 1 and the value
  // rounds to ±1: returning it there keeps the correction's splitting of 1 + |x| far from overflow
  // and gives softsign(±∞) = ±1 rather than ∞/∞. Types without numeric_limits saturate where
  // 1/(1 + |x|) is 0 (∞, tested so because ∞ − ∞ is no constant expression).
  template <class W>
  static constexpr W value(W x) noexcept(detail::nothrow_real<W>) {
    const W a = detail::magnitude(x);
    bool saturated = false;
    if constexpr (std::numeric_limits<W>::is_specialized) {
      saturated = a >= W(4) / std::numeric_limits<W>::epsilon();
    } else {
      saturated = a > W(1) && detail::is_zero(W(1) / (W(1) + a));  // ∞, or as good as
    }
    if (saturated) return x > W(0) ? W(1) : W(-1);
    return detail::quotient(x, one_plus(a));  // NaN propagates
  }

  // 1/(1 + |x|)², written as t² with t = 1/(1 + |x|): (1 + |x|)² would overflow from
  // |x| ≈ 2^(emax/2) on and give 0 where the value, about 1/x², is still far above the smallest
  // subnormal. With error-free transforms, t is carried as t + t_lo (1 + |x| exact as a pair, the
  // residual of the division recovered exactly) and t² as Dekker's product plus 2t·t_lo, so one
  // rounding is left instead of four. The square is taken of t·S, S = 2^((1 − emin)/2): t·S ≤ S
  // cannot overflow when squared (S² ≤ 1/min), and the square and its error term stay normal, so
  // exact, down to where the value rounds to 0. Multiplying back by 1/S² is exact where the value
  // is normal. Where it is subnormal, its spacing is, scaled, that of [N, 2N) with N = min·S², so
  // the pair is added to N, rounded once there, and N taken away again (exactly): rounding the
  // scaled sum first and then again when unscaling would add up to ¾ ULP. Beyond |x| = max·ε the
  // value is far below the smallest subnormal: +0 (∞ included), which also keeps Dekker's
  // splitting of 1 + |x| from overflowing.
  template <class W>
  static constexpr W slope(W x) noexcept(detail::nothrow_real<W>) {
    const W a = detail::magnitude(x);
    if constexpr (detail::has_error_free_transforms<W>) {
      using limits = std::numeric_limits<W>;
      if (a >= limits::max() * limits::epsilon()) return W(0);
      const auto d = one_plus(a);
      const W t = W(1) / d.hi;  // NaN propagates through every step
      const W t_lo = (detail::residual(W(1), t, d.hi) - t * d.lo) / d.hi;
      const W scaled = t * square_scale<W>;
      const auto [square, square_error] = detail::two_product(scaled, scaled);
      const W lo = square_error + W(2) * scaled * (t_lo * square_scale<W>);
      constexpr W normal = limits::min() / square_unscale<W>;  // N
      if (!(square < normal)) {
        // The transforms are error-free in round-to-nearest only: under an upward rounding mode
        // the pair for |x| below 2^−64 can sum to just above 1, the slope's bound (seen for x87
        // long double at x = denorm_min with clang++ -O0 -fsanitize=address). 1 is then also
        // the upward rounding of the exact value; NaN passes the comparison unchanged.
        const W r = (square + lo) * square_unscale<W>;
        return r > W(1) ? W(1) : r;
      }
      const W shifted = normal + square;
      const W shift_error = (normal - shifted) + square;  // Fast2Sum: N > square
      return ((shifted + (shift_error + lo)) - normal) * square_unscale<W>;
    } else {
      const W t = W(1) / (W(1) + a);
      return t * t;
    }
  }

  // S = 2^((1 − emin)/2), by doubling (a compile-time constant), and 1/S², both exact.
  template <class W>
  static constexpr W square_scale = [] {
    W scale = W(1);
    for (int k = 0; k < (1 - std::numeric_limits<W>::min_exponent) / 2; ++k) scale *= W(2);
    return scale;
  }();
  template <class W>
  static constexpr W square_unscale = W(1) / (square_scale<W> * square_scale<W>);
};

}  // namespace activ
