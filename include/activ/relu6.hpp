#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/clamp.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <string_view>

namespace activ {

/// Rectified linear unit capped at 6: hardtanh with bounds 0 and 6, PyTorch's ReLU6.
///
///     forward     relu6(x)  = 0 for x < 0, 6 for x > 6, x between        range [0, 6]
///     derivative  relu6′(x) = 1 for 0 < x < 6, 0 elsewhere    (0 at 0 and at 6, as PyTorch)
///     backward    g for 0 < x < 6, +0 elsewhere whatever g is (PyTorch selects, as for hardtanh)
///     from output the same rules at y = relu6(x), strictly inside (0, 6) exactly where x is: exact
///
/// Special values: NaN → NaN (forward and derivative); relu6(+∞) = 6, relu6(−∞) = +0; the clamp
/// returns x itself inside [0, 6], so relu6(±0) = ±0 (relu(−0) is +0); relu6′(±∞) = 0,
/// relu6′(±0) = 0. Subnormals are kept.
/// Exact: no rounding happens on any path, for every type. The float and double array kernels
/// (detail/simd) make the scalar members' comparisons and give their bits (all 2^32 floats on
/// every x86-64 kernel; double on 10^7 inputs). Usable in constant expressions.
///
/// activ::fast (tier.hpp) gives these same results: its kernels are exact, with nothing to trade.
template <real T>
class relu6 : public detail::elementwise<relu6<T>, T> {
  using base = detail::elementwise<relu6<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "relu6";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// relu6(x): x clamped to [0, 6].
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp(x, T(0), T(6));
  }

  /// relu6′(x): 1 for 0 < x < 6, 0 elsewhere.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp_slope(x, T(0), T(6));
  }

  /// g for 0 < x < 6, +0 elsewhere whatever g is (PyTorch selects).
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    return detail::clamp_backward(x, g, T(0), T(6));
  }

  /// relu6′ from the output y = relu6(x), strictly inside (0, 6) exactly where x is.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    return derivative(y);
  }

  /// g·relu6′ from the output y = relu6(x), selected as from x.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    return backward(y, g);
  }
};

}  // namespace activ
