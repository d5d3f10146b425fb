#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace activ {

/// Continuously differentiable exponential linear unit with α > 0 (default α = 1, where it is
/// elu with α = 1).
///
///     forward     celu(x)  = x for x > 0, α·(e^(x/α) − 1) for x ≤ 0    range [−α, +∞]
///     derivative  celu′(x) = 1 for x > 0, e^(x/α) for x ≤ 0            (celu′(0) = 1, as PyTorch)
///     backward    g for x > 0, g·e^(x/α) for x ≤ 0, the exact product rounded once
///     from output celu′ = 1 for y > 0, y/α + 1 for y ≤ 0 (e^(x/α) = celu(x)/α + 1), and g times
///                 that, each rounded once, exactly at the given y: where y has rounded to −α that
///                 is 0 while celu′(x) = e^(x/α)
///
/// α must be finite and positive; otherwise the constructor throws std::invalid_argument, which in
/// a constant expression is a compile error. (PyTorch rejects α = 0 too; a negative α would turn
/// the negative branch upward, e^(x/α) growing without bound as x → −∞: not an activation.)
/// Special values: NaN → NaN; celu(+∞) = +∞, celu(−∞) = −α, celu(±0) = ±0; celu′(+∞) = 1,
/// celu′(−∞) = 0.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off); double arrays, the
/// other iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.505  derivative 0.501 on all 2^32 inputs, every kernel
///                  (α = 1 and 0.5)
///     double       forward 0.500  derivative 0.500   (x86: evaluated in x87 long double; arrays
///                  run the scalar members)
///     long double  forward 1.92   derivative 1.10    (glibc's expm1l and expl)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
class celu : public detail::elementwise<celu<T>, T> {
  using base = detail::elementwise<celu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "celu";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  constexpr celu() noexcept(detail::nothrow_real<T>) = default;

  /// α, finite and positive; otherwise throws std::invalid_argument.
  constexpr explicit celu(T alpha) : alpha_(alpha) {
    if (!detail::is_finite(alpha_) || !(alpha_ > T(0))) {
      throw std::invalid_argument(
          "activ::celu: alpha must be finite and positive (a negative alpha grows without bound "
          "as x -> -inf)");
    }
  }

  /// α: celu(−∞) = −α, and x/α is the exponent.
  [[nodiscard]] constexpr T alpha() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return alpha_;
  }

  /// celu(x): x for x > 0, α·(e^(x/α) − 1) for x ≤ 0.
  // x/α in the working type: for float in double, where its rounding moves e^(x/α) by less than
  // 2^−44 relative for every x that does not saturate; expm1 for the reason elu gives.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return x;
    return detail::evaluate_rounded(x, [alpha = alpha_](auto w) -> decltype(w) {
      using W = decltype(w);
      const W a = static_cast<W>(alpha);
      const W m = detail::adl::call_expm1(w / a);
      return a * (m < W(-1) ? W(-1) : m);  // expm1 ≥ −1, see elu
    });
  }

  /// celu′(x): 1 for x > 0, e^(x/α) for x ≤ 0.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return T(1);
    return detail::evaluate_rounded(x, [alpha = alpha_](auto w) -> decltype(w) {
      using W = decltype(w);
      const W z = w / static_cast<W>(alpha);
      if (detail::exp_underflows<T>(-z)) return W(0);
      return detail::adl::call_exp(z);
    });
  }

  /// g for x > 0, g·e^(x/α) otherwise, rounded once.
  // Near 0 the slope is just below 1 and g is a T itself, so no tie can arise (unlike elu's α·g).
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return g;
    if (!(x <= T(0))) return x;  // NaN
    return detail::times_slope(x, g, true, [alpha = alpha_](auto w) -> decltype(w) {
      return detail::adl::call_exp(w / static_cast<decltype(w)>(alpha));
    });
  }

  /// celu′ from the output y = celu(x): 1 for y > 0, y/α + 1 for y ≤ 0, rounded once.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0)) return T(1);
    if (!(y <= T(0))) return y;  // NaN
    return detail::evaluate_rounded(
        y, [alpha = alpha_](auto v) -> decltype(v) { return slope_at_output(v, alpha); });
  }

  /// g·celu′ from the output y = celu(x), rounded once.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0)) return g;
    if (!(y <= T(0))) return y;  // NaN
    return detail::times_slope(
        y, g, false, [alpha = alpha_](auto v) -> decltype(v) { return slope_at_output(v, alpha); });
  }

 private:
  // y/α + 1 as (y + α)/α: where y nears −α, y + α is exact (Sterbenz) and the small difference
  // keeps its accuracy, while y/α rounded first and then added to 1 would lose it.
  template <class W>
  [[nodiscard]] static constexpr W slope_at_output(W v, const T& alpha) noexcept(
      detail::nothrow_real<W>) {
    const W a = static_cast<W>(alpha);
    return (v + a) / a;
  }

  T alpha_ = T(1);
};

}  // namespace activ
