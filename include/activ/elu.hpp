#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace activ {

/// Exponential linear unit with saturation level α ≥ 0 (default α = 1).
///
///     forward     elu(x)  = x for x > 0, α·(e^x − 1) for x ≤ 0      range [−α, +∞]
///     derivative  elu′(x) = 1 for x > 0, α·e^x for x ≤ 0           (elu′(0) = α, as PyTorch)
///     backward    g for x > 0, g·α·e^x for x ≤ 0, the exact product rounded once
///     from output elu′ = 1 for y > 0, y + α for y ≤ 0 (α·e^x = elu(x) + α), and g times that, each
///                 rounded once, exactly at the given y: where y has rounded to −α (x < −17.33 in
///                 float for α = 1) that is 0 while elu′(x) = α·e^x
///
/// α must be finite and non-negative; otherwise the constructor throws std::invalid_argument,
/// which in a constant expression is a compile error.
/// Special values: NaN → NaN (forward and derivative); elu(+∞) = +∞, elu(−∞) = −α,
/// elu(±0) = ±0; elu′(+∞) = 1, elu′(−∞) = 0.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off), the other
/// iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.505  derivative 0.501 on all 2^32 inputs, every kernel
///                  fast:   forward 0.95 on all 2^32 inputs
///     double       forward 0.500  derivative 0.500   (x86: evaluated in x87 long double)
///                  forward 0.74   derivative 0.75    (where long double is not x87: in double)
///     long double  forward 1.92   derivative 1.10    (forward: glibc expm1l)
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class elu : public detail::elementwise<elu<T>, T> {
  using base = detail::elementwise<elu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "elu";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  constexpr elu() noexcept(detail::nothrow_real<T>) = default;

  /// Saturation level α, finite and non-negative; otherwise throws std::invalid_argument.
  constexpr explicit elu(T alpha) : alpha_(alpha) {
    if (!detail::is_finite(alpha_) || alpha_ < T(0)) {
      throw std::invalid_argument("activ::elu: alpha must be finite and non-negative");
    }
  }

  /// The saturation level α: elu(−∞) = −α.
  [[nodiscard]] constexpr T alpha() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return alpha_;
  }

  /// elu(x): x for x > 0, α·(e^x − 1) for x ≤ 0.
  // expm1 rather than exp(x) − 1: just below 0, e^x − 1 cancels every significant digit
  // (elu(−1e−10) would come out as −1.00000008e−10 in double, and as 0 in float), while expm1 is
  // accurate to the last bit there and keeps the sign of −0.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return x;
    if constexpr (std::is_same_v<T, float>) {
      // For −2^−49 < x ≤ 0, elu(x) = α(x + x²/2 + …) lies within |α·x|·2^−50 of α·x, which is
      // exact in double (a product of two floats) and, unless it is exactly a midpoint between
      // two floats, at least |α·x|·2^−47 from one (or a whole subnormal step). Where it is a
      // midpoint (α = 0.5 halving an odd subnormal, say), only the x² term decides, below what
      // double or long double keep: it always points toward 0. So the correctly rounded elu is
      // α·x with ties toward 0. The exhaustive test found the 2^22 inputs this settles.
      if (x > -0x1p-49f) {
        return detail::round_ties_toward(static_cast<double>(alpha_) * static_cast<double>(x), 0.0);
      }
    }
    return detail::evaluate_rounded(x, [alpha = alpha_](auto w) -> decltype(w) {
      using W = decltype(w);
      // expm1 ≥ −1 exactly, but glibc's returns −1 − ε for x ≲ −44 under FE_DOWNWARD, which would
      // put elu below −α; NaN fails the comparison and passes through.
      const W m = detail::adl::call_expm1(w);
      return static_cast<W>(alpha) * (m < W(-1) ? W(-1) : m);
    });
  }

  /// elu′(x): 1 for x > 0, α·e^x for x ≤ 0.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return T(1);
    // The shortcut past exp's underflow holds for α ≤ 4 only (detail::exp_underflows); a larger
    // α can lift α·e^x back above the smallest subnormal.
    const bool may_skip_exp = alpha_ <= T(4);
    return detail::evaluate_rounded(x, [alpha = alpha_, may_skip_exp](auto w) -> decltype(w) {
      using W = decltype(w);
      if (may_skip_exp && detail::exp_underflows<T>(-w)) return W(0);
      return static_cast<W>(alpha) * detail::adl::call_exp(w);
    });
  }

  /// g for x > 0, g·α·e^x otherwise, rounded once.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return g;
    if (!(x <= T(0))) return x;  // NaN
    if constexpr (std::is_same_v<T, float>) {
      // Just below 0, α·g·e^x lies within |α·g|·2^−50 of α·g, exact in double (two floats), and
      // short of it: a midpoint α·g breaks toward 0, any other value rounds as α·g does (α·g is a
      // multiple of 2^−47·|α·g| or so, farther from a midpoint than that). As for the forward.
      if (x > -0x1p-50F) {
        const double product = static_cast<double>(alpha_) * static_cast<double>(g);
        if (detail::is_zero(x)) return static_cast<float>(product);
        return detail::round_ties_toward(product, 0.0);
      }
    }
    return detail::times_slope(x, g, alpha_ > T(0), [alpha = alpha_](auto w) -> decltype(w) {
      using W = decltype(w);
      return static_cast<W>(alpha) * detail::adl::call_exp(w);
    });
  }

  /// elu′ from the output y = elu(x): 1 for y > 0, y + α for y ≤ 0 (α·e^x = elu(x) + α), one
  /// rounding.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0)) return T(1);
    return y <= T(0) ? y + alpha_ : y;
  }

  /// g·elu′ from the output y = elu(x): g for y > 0, g·(y + α) for y ≤ 0, rounded once.
  // For float, y + α is carried exactly as a pair in double and each part's product with g exactly
  // as another: the sign of their sum less a midpoint is exact.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0)) return g;
    if (!(y <= T(0))) return y;  // NaN
    if constexpr (std::is_same_v<T, float>) {
      const double h = static_cast<double>(g);
      // Named parts rather than a structured binding, which Clang 14 cannot capture.
      const auto pair = detail::two_sum(static_cast<double>(y), static_cast<double>(alpha_));
      const double sum = pair.hi;
      const double sum_error = pair.lo;
      return detail::round_to_float(h * sum, [h, sum, sum_error](double m) noexcept {
        const auto [p, p_error] = detail::two_product(h, sum);
        const auto [q, q_error] = detail::two_product(h, sum_error);
        return detail::sign_of_sum(p, p_error, q, q_error, -m);
      });
    } else {
      return detail::times_slope(y, g, false, [alpha = alpha_](auto v) -> decltype(v) {
        return v + static_cast<decltype(v)>(alpha);
      });
    }
  }

 private:
  T alpha_ = T(1);
};

}  // namespace activ
