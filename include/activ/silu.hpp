#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Sigmoid-weighted linear unit (SiLU, Swish with β = 1).
///
///     forward     silu(x)  = x·σ(x) = x / (1 + e^−x)                 range [−0.2784645…, +∞]
///     derivative  silu′(x) = σ(x)·(1 + x·(1 − σ(x)))                 range [−0.0998…, 1.0998…]
///     backward    g·silu′(x), the exact product rounded once
///     from output none: silu(x) = y has two solutions x with different slopes for
///                 −0.2784645 < y < 0, so derivative_from_output and backward_from_output do not
///                 exist (as for hardswish)
///
/// silu′ is evaluated in e = e^−|x|, never as 1 − σ (which cancels once σ rounds to 1), and for
/// x < 0 as e·(1 + x + e)/(1 + e)², where 1 + x + e vanishes at the minimum of silu, x₀ =
/// −1.2784645427610738 (= −1 − W(1/e)). There it is evaluated as d + E₀·(e^d − 1) with d = x − x₀
/// (x₀ carried to 2^−160) and E₀ = e^x₀ = −1 − x₀, an identity in which nothing cancels: silu′
/// keeps full relative accuracy through its zero, which PyTorch's σ(x)·(1 + x·(1 − σ(x))) does not.
///
/// Special values: NaN → NaN; silu(+∞) = +∞, silu(−∞) = −0, silu(±0) = ±0; silu′(+∞) = 1,
/// silu′(−∞) = −0, silu′(0) = 1/2. For x → −∞, silu(x) = x·e^x keeps its relative accuracy into
/// the subnormals (float: down to −103.97, where it rounds to −0).
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off); double arrays, the
/// other iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.502 on all 2^32 inputs, every kernel
///                  fast:   forward 2.40 on all 2^32 inputs
///     double       forward 0.501  derivative 0.507   (x86: evaluated in x87 long double)
///     long double  forward 2.54   derivative 2.79    (glibc's expl)
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class silu : public detail::elementwise<silu<T>, T> {
  using base = detail::elementwise<silu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "silu";
  using base::backward;
  using base::derivative;
  using base::forward;

  /// silu(x) = x·σ(x).
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (detail::is_zero(x)) return x;  // ±0, whose sign the compensated quotient would not keep
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, silu(x) = x/2 + x²/4 − …: x/2 is exact in double and, unless it is a midpoint
      // between two floats (x an odd subnormal), far closer to its float than x²/4 could move
      // it; at a midpoint the x²/4 term, positive, breaks the tie upward: toward x itself for
      // x > 0, toward 0 for x < 0 (a target of the values' own scale, whose distances double
      // tells apart).
      if (detail::magnitude(x) < 0x1p-30F) {
        const double v = static_cast<double>(x);
        return detail::round_ties_toward(0.5 * v, x > 0 ? v : 0.0);
      }
    }
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return value(w); });
  }

  /// silu′(x) = σ(x)·(1 + x·(1 − σ(x))).
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, silu′(x) = ½ + x/2 − x³/12 + …: as for sigmoid, ½ + x/2 is exact in double and
      // either a midpoint or farther from one than x³/12 reaches, which breaks ties toward ½.
      if (detail::magnitude(x) < 0x1p-16F) {
        return detail::round_ties_toward(0.5 + 0.5 * static_cast<double>(x), 0.5);
      }
    }
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return slope<T>(w); });
  }

  /// g·silu′(x) rounded once. silu′(x) ≠ 0 at every finite x (its zero x₀ is irrational): an
  /// infinite g gives ±∞ there, with the slope's sign, even where the slope underflows in the
  /// working type.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (!(x > T(0)) && !(x <= T(0))) return x;  // NaN
    if (detail::is_finite(x) && !detail::is_finite(g) && (g < T(0) || g > T(0))) {
      return below_root(x) ? -g : g;
    }
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, g·silu′(x) = g/2 + g·x/2 − g·x³/12 + …: its ties at odd subnormal g.
      if (detail::magnitude(x) < 0x1p-30F) return detail::half_plus_linear_times(x, g, 0.5);
    }
    return detail::times_slope(x, g, false,
                               [](auto w) -> decltype(w) { return slope<decltype(w)>(w); });
  }

 private:
  // x₀, the zero of silu′ (the minimum of silu), as three doubles, and E₀ = e^x₀ = −1 − x₀ as two.
  static constexpr double root_hi = -0x1.474973c84120bp+0;
  static constexpr double root_lo = -0x1.f8d74bc9ac154p-54;
  static constexpr double root_lo2 = -0x1.44a50180ba780p-108;
  static constexpr double root_exp_hi = 0x1.1d25cf210482ep-2;
  static constexpr double root_exp_lo = -0x1.ca2d0d94faaecp-60;

  // x < x₀, where silu′ < 0: the sign of d = x − x₀, each step exact for float and double x.
  static constexpr bool below_root(const T& x) noexcept(detail::nothrow_real<T>) {
    using W = detail::working_t<T>;
    const W w = static_cast<W>(x);
    return ((w - static_cast<W>(root_hi)) - static_cast<W>(root_lo)) - static_cast<W>(root_lo2) <
           W(0);
  }

  // x·σ(x): for x ≥ 0, x/(1 + e^−x); for x < 0, x·e^x/(1 + e^x), whose e^x keeps the relative
  // accuracy as silu decays (x/(1 + e^−x) would overflow e^−x). Past exp's underflow the result
  // is −0 (x·0 would be NaN at −∞).
  template <class W>
  static constexpr W value(W x) noexcept(detail::nothrow_real<W>) {
    if (x >= W(0)) {
      if (detail::exp_underflows<T>(x)) return x;
      return detail::quotient(x, detail::one_plus(detail::adl::call_exp(-x)));
    }
    if (detail::exp_underflows<T>(-x - W(16))) return -W(0);  // |x|·e^x < e^(x + 16)
    // Below −11000 (long double results only: the others have rounded to −0 long before), 1 + e^x
    // = 1 and e^x nears the end of long double's normal range: (x·e^(x/2))·e^(x/2) rounds once into
    // the subnormals, where x·e^x would multiply a subnormal e^x's rounding error by |x|.
    if (x < W(-11000)) {
      const W h = detail::adl::call_exp(x / W(2));
      return (x * h) * h;
    }
    const W e = detail::adl::call_exp(x);
    return detail::quotient(x * e, detail::one_plus(e));
  }

  // silu′(x) in W, the result to be rounded to R: (1 + e·(1 + x))/(1 + e)² for x ≥ 0 and
  // e·(1 + x + e)/(1 + e)² for x < 0, e = e^−|x| (see the contract block for 1 + x + e).
  template <class R, class W>
  static constexpr W slope(W x) noexcept(detail::nothrow_real<W>) {
    if (x >= W(0)) {
      if (detail::exp_underflows<R>(x)) return W(1);  // 1 + x·e^−x, e^−x far below R's last bit
      const W e = detail::adl::call_exp(-x);
      return detail::quotient(W(1) + e * (W(1) + x), detail::square(detail::one_plus(e)));
    }
    if (detail::exp_underflows<R>(-x - W(16))) return -W(0);  // (1 + |x|)·e^x, as in value
    if (x < W(-11000)) {  // as in value: (1 + x)·e^x, the rest far below the last bit
      const W h = detail::adl::call_exp(x / W(2));
      return ((W(1) + x) * h) * h;
    }
    const W e = detail::adl::call_exp(x);
    const W d =
        ((x - static_cast<W>(root_hi)) - static_cast<W>(root_lo)) - static_cast<W>(root_lo2);
    const W n = d > W(-0.5) && d < W(0.5)
                    ? d + (static_cast<W>(root_exp_hi) + static_cast<W>(root_exp_lo)) *
                              detail::adl::call_expm1(d)
                    : (W(1) + x) + e;
    return detail::quotient(e * n, detail::square(detail::one_plus(e)));
  }
};

}  // namespace activ
