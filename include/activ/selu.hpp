#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Scaled exponential linear unit (self-normalising networks), with PyTorch's constants
/// α = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946.
///
///     forward     selu(x)  = scale·x for x > 0, scale·α·(e^x − 1) for x ≤ 0   range [−scale·α, +∞]
///     derivative  selu′(x) = scale for x > 0, scale·α·e^x for x ≤ 0
///                 (selu′(0) = scale·α, as PyTorch: 1.7580993408473768 in double, where PyTorch's
///                 product of the two rounded constants gives 1.7580993408473766, one ULP below)
///     backward    g·selu′(x), the exact product rounded once
///     from output selu′ = scale for y > 0, y + scale·α for y ≤ 0 (scale·α·e^x = selu(x) +
///                 scale·α), and g times that, each rounded once, exactly at the given y
///
/// The constants are taken as exact: the results are the correctly rounded values of the function
/// with these decimal constants (float scalar), not of a product of constants rounded to T. For
/// float and double they are carried as pairs of doubles (to 2^−106); a user-defined type gets
/// them to the precision of double pairs too. PyTorch multiplies its float-rounded constants.
/// Special values: NaN → NaN; selu(+∞) = +∞, selu(−∞) = −scale·α (rounded to T), selu(±0) = ±0;
/// selu′(+∞) = scale, selu′(−∞) = 0.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float and double, the span and contiguous-iterator members run vector
/// kernels (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off), the other
/// iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.504  derivative 0.501 on all 2^32 inputs, every kernel
///     double       scalar: forward 0.500  derivative 0.501   (x86: evaluated in x87 long double)
///                  arrays: forward 0.837 (subnormal results; 0.5 elsewhere)  derivative 0.582
///     long double  forward 2.87   derivative 2.23    (glibc's expm1l and expl)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
class selu : public detail::elementwise<selu<T>, T> {
  using base = detail::elementwise<selu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "selu";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// PyTorch's α, rounded to T.
  [[nodiscard]] static constexpr T alpha() noexcept(detail::nothrow_real<T>) {
    return constant<T>(alpha_hi, alpha_lo);
  }
  /// PyTorch's scale, rounded to T.
  [[nodiscard]] static constexpr T scale() noexcept(detail::nothrow_real<T>) {
    return constant<T>(scale_hi, scale_lo);
  }

  /// selu(x): scale·x for x > 0, scale·α·(e^x − 1) for x ≤ 0.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) {
      return detail::evaluate_rounded(
          x, [](auto w) -> decltype(w) { return constant<decltype(w)>(scale_hi, scale_lo) * w; });
    }
    // expm1, not e^x − 1, for the reason elu gives: exact near 0⁻ and the sign of −0 kept. NaN
    // fails every comparison and passes through.
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) {
      using W = decltype(w);
      const W m = detail::adl::call_expm1(w);
      return constant<W>(product_hi, product_lo) * (m < W(-1) ? W(-1) : m);
    });
  }

  /// selu′(x): scale for x > 0, scale·α·e^x for x ≤ 0.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return scale();
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) {
      using W = decltype(w);
      // scale·α < 4: past exp's underflow the result is +0 (detail::exp_underflows).
      if (detail::exp_underflows<T>(-w)) return W(0);
      return constant<W>(product_hi, product_lo) * detail::adl::call_exp(w);
    });
  }

  /// g·selu′(x), the exact product rounded once.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (!(x > T(0)) && !(x <= T(0))) return x;  // NaN
    return detail::times_slope(x, g, true, [](auto w) -> decltype(w) {
      using W = decltype(w);
      if (w > W(0)) return constant<W>(scale_hi, scale_lo);
      return constant<W>(product_hi, product_lo) * detail::adl::call_exp(w);
    });
  }

  /// selu′ from the output y = selu(x): scale for y > 0, y + scale·α for y ≤ 0, rounded once.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0)) return scale();
    if (!(y <= T(0))) return y;  // NaN
    return detail::evaluate_rounded(y, [](auto v) -> decltype(v) { return slope_at_output(v); });
  }

  /// g·selu′ from the output y = selu(x), rounded once.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if (!(y > T(0)) && !(y <= T(0))) return y;  // NaN
    return detail::times_slope(y, g, false, [](auto v) -> decltype(v) {
      using W = decltype(v);
      return v > W(0) ? constant<W>(scale_hi, scale_lo) : slope_at_output(v);
    });
  }

 private:
  // The decimal constants and their product as pairs of doubles hi + lo, each to within 2^−106.
  static constexpr double alpha_hi = 0x1.ac5afad782cf1p+0;
  static constexpr double alpha_lo = 0x1.eb7a46c21f1dfp-54;
  static constexpr double scale_hi = 0x1.0cfabd6a91132p+0;
  static constexpr double scale_lo = 0x1.6fc7d272f2695p-55;
  static constexpr double product_hi = 0x1.c212cc640f031p+0;  // scale·α
  static constexpr double product_lo = 0x1.05161b045a1fep-56;
  static constexpr double product_lo2 = -0x1.86ea9161b1aeep-110;  // the rest, for long double

  // hi + lo in W: the constant to W's precision (double: hi; x87 long double: 64 bits).
  template <class W>
  [[nodiscard]] static constexpr W constant(double hi,
                                            double lo) noexcept(detail::nothrow_real<W>) {
    return static_cast<W>(static_cast<W>(hi) + static_cast<W>(lo));
  }

  // y + scale·α for y ≤ 0 as ((y + hi) + lo) + lo2: where y is near −scale·α, which it approaches
  // as the function saturates, y + hi and then + lo are exact (their bits span at most 53 below
  // the sum's leading one, at most 64 for long double), so the small difference keeps its
  // accuracy; a constant rounded to W would leave an error of its own size in it. Never below 0,
  // which the saturated y of a type whose rounded −scale·α lies below the true one (x87 long
  // double) would give.
  template <class W>
  [[nodiscard]] static constexpr W slope_at_output(W v) noexcept(detail::nothrow_real<W>) {
    const W slope = ((v + static_cast<W>(product_hi)) + static_cast<W>(product_lo)) +
                    static_cast<W>(product_lo2);
    return slope < W(0) ? W(0) : slope;
  }
};

}  // namespace activ
