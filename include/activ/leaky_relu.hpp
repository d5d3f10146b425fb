#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <stdexcept>
#include <string_view>

namespace activ {

/// Leaky rectified linear unit with slope α on the negative side (default α = 0.01).
///
///     forward     leaky(x)  = x for x > 0, α·x for x ≤ 0
///     derivative  leaky′(x) = 1 for x > 0, α for x ≤ 0     (leaky′(0) = α, as PyTorch and oneDNN)
///     backward    g for x > 0, α·g for x ≤ 0 (one rounding; PyTorch's leaky_relu_backward)
///     from output the same rules at y = leaky(x) for α ≥ 0, where y > 0 exactly where x > 0:
///                 exact. For α < 0 a positive y comes from either side: the members throw
///                 std::invalid_argument.
///
/// α is any finite value (negative slopes are allowed); a NaN or infinite α throws
/// std::invalid_argument, which in a constant expression is a compile error.
/// Special values: NaN → NaN (forward and derivative); leaky(+∞) = +∞, leaky(−∞) = −∞ for α > 0
/// (+∞ for α < 0, −0 for α = 0, the limit rather than 0·∞ = NaN); leaky(±0) = ±0 for α ≥ 0;
/// leaky′(+∞) = 1, leaky′(−∞) = α. Subnormals are kept.
/// Error: forward is one multiplication, correctly rounded (0 ULP from the exact product with the
/// stored α); the derivative is exact. Usable in constant expressions.
///
/// activ::fast (tier.hpp) gives these same results: its kernels are exact, with nothing to trade.
template <real T>
class leaky_relu : public detail::elementwise<leaky_relu<T>, T> {
  using base = detail::elementwise<leaky_relu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "leaky_relu";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  constexpr leaky_relu() noexcept(detail::nothrow_real<T>) = default;

  /// Slope α on the negative side, any finite value (negative ones too); a NaN or infinite α
  /// throws std::invalid_argument.
  constexpr explicit leaky_relu(T alpha) : alpha_(alpha) {
    if (!detail::is_finite(alpha_)) {
      throw std::invalid_argument("activ::leaky_relu: alpha must be finite");
    }
  }

  /// The slope α, PyTorch's negative_slope.
  [[nodiscard]] constexpr T alpha() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return alpha_;
  }

  /// leaky(x): x for x > 0, α·x for x ≤ 0, one rounding.
  // Both sides are computed and one is selected, which compilers turn into vector blends.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    const T scaled = alpha_ * x;
    // With α = ±0 the product 0·(−∞) would be NaN where the limit is the zero of sign opposite
    // to α's, −α, which is also what α·x gives for every other negative x (+0·−5 = −0,
    // −0·−5 = +0); x = ±0 and NaN keep the product (0·+0 = +0, 0·NaN = NaN).
    const T negative_side = detail::is_zero(alpha_) && x < T(0) ? -alpha_ : scaled;
    return x > T(0) ? x : negative_side;
  }

  /// leaky′(x): 1 for x > 0, α for x ≤ 0.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return T(1);
    return x <= T(0) ? alpha_ : x;  // x is NaN when neither comparison holds
  }

  /// g for x > 0, α·g for x ≤ 0 (PyTorch's leaky_relu_backward): one rounding of the exact
  /// product.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return g;
    return x <= T(0) ? alpha_ * g : x;
  }

  /// leaky′ from the output y = leaky(x), for α ≥ 0, where y > 0 exactly where x > 0. With α < 0
  /// a positive y comes from either side: throws std::invalid_argument.
  [[nodiscard]] constexpr T derivative_from_output(T y) const {
    require_output_determines_derivative("derivative_from_output");
    return derivative(y);
  }

  /// g·leaky′ from the output y = leaky(x), for α ≥ 0; throws std::invalid_argument for α < 0.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const {
    require_output_determines_derivative("backward_from_output");
    return backward(y, g);
  }

 private:
  friend base;

  constexpr void require_output_determines_derivative(std::string_view member) const {
    if (alpha_ < T(0)) {
      throw std::invalid_argument(
          detail::qualified_name(name, member) +
          ": negative_slope < 0 makes the output ambiguous (y > 0 for x > 0 and for x < 0)");
    }
  }

  T alpha_ = T(1) / T(100);  // 0.01 correctly rounded in T, for multiprecision T too
};

}  // namespace activ
