#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/clamp.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace activ {

/// Hard hyperbolic tangent: x clamped to [min_val, max_val] (default [−1, 1]), PyTorch's Hardtanh.
///
///     forward     hardtanh(x)  = min_val for x < min_val, max_val for x > max_val, x between
///                                                                     range [min_val, max_val]
///     derivative  hardtanh′(x) = 1 for min_val < x < max_val, 0 elsewhere
///                                (0 at both bounds, as PyTorch's hardtanh_backward)
///     backward    g for min_val < x < max_val, +0 elsewhere whatever g is (PyTorch's
///                 hardtanh_backward selects: ±∞ and NaN gradients give +0 there)
///     from output the same rules at y = hardtanh(x), which is strictly inside (min_val, max_val)
///                 exactly where x is: exact
///
/// min_val and max_val must be finite with min_val ≤ max_val; otherwise the constructor throws
/// std::invalid_argument, which in a constant expression is a compile error.
/// Special values: NaN → NaN (forward and derivative); hardtanh(+∞) = max_val,
/// hardtanh(−∞) = min_val; inside the bounds x is returned as it is, so hardtanh(±0) = ±0 whenever
/// min_val ≤ 0 ≤ max_val; hardtanh′(±∞) = 0. Subnormals are kept.
/// Exact: no rounding happens on any path, for every type. The float and double array kernels
/// (detail/simd) make the scalar members' comparisons and give their bits (all 2^32 floats on
/// every x86-64 kernel; double on 10^7 inputs). Usable in constant expressions.
///
/// activ::fast (tier.hpp) gives these same results: its kernels are exact, with nothing to trade.
template <real T>
class hardtanh : public detail::elementwise<hardtanh<T>, T> {
  using base = detail::elementwise<hardtanh<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "hardtanh";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  constexpr hardtanh() noexcept(detail::nothrow_real<T>) = default;

  /// Clamps to [min_val, max_val]; throws std::invalid_argument unless both are finite and
  /// min_val ≤ max_val.
  constexpr hardtanh(T min_val, T max_val) : min_val_(min_val), max_val_(max_val) {
    if (!detail::is_finite(min_val_) || !detail::is_finite(max_val_) || max_val_ < min_val_) {
      throw std::invalid_argument(
          "activ::hardtanh: min_val and max_val must be finite, with min_val <= max_val");
    }
  }

  /// The lower bound, PyTorch's min_val.
  [[nodiscard]] constexpr T min_val() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return min_val_;
  }

  /// The upper bound, PyTorch's max_val.
  [[nodiscard]] constexpr T max_val() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return max_val_;
  }

  /// hardtanh(x): x clamped to [min_val, max_val].
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp(x, min_val_, max_val_);
  }

  /// hardtanh′(x): 1 for min_val < x < max_val, 0 elsewhere.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp_slope(x, min_val_, max_val_);
  }

  /// g for min_val < x < max_val, +0 elsewhere whatever g is (PyTorch selects).
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp_backward(x, g, min_val_, max_val_);
  }

  /// hardtanh′ from the output y = hardtanh(x), strictly inside (min_val, max_val) exactly where
  /// x is.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    return derivative(y);
  }

  /// g·hardtanh′ from the output y = hardtanh(x), selected as from x.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    return backward(y, g);
  }

 private:
  T min_val_ = T(-1);
  T max_val_ = T(1);
};

}  // namespace activ
