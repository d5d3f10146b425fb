#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <string_view>

namespace activ {

/// Rectified linear unit.
///
///     forward     relu(x)  = max(0, x)                      range [0, +∞]
///     derivative  relu′(x) = 1 for x > 0, 0 for x ≤ 0      (relu′(0) = 0, as PyTorch and oneDNN)
///     backward    g for x > 0, +0 for x ≤ 0 whatever g is (PyTorch's threshold_backward selects:
///                 ±∞ and NaN gradients give +0 there); a NaN x gives NaN, where PyTorch passes g
///     from output the same rules at y = relu(x), positive exactly where x is: exact
///
/// Special values: NaN → NaN (forward and derivative); relu(+∞) = +∞, relu(−∞) = +0,
/// relu(±0) = +0; relu′(+∞) = 1, relu′(−∞) = 0. Subnormal inputs are kept, never flushed.
/// Exact: no rounding happens on any path. Usable in constant expressions.
///
/// activ::fast (tier.hpp) gives these same results: its kernels are exact, with nothing to trade.
template <real T>
class relu : public detail::elementwise<relu<T>, T> {
  using base = detail::elementwise<relu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "relu";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// relu(x) = max(0, x).
  // Written as "x ≤ 0 ? 0 : x" rather than max(0, x) so that NaN, which fails every comparison,
  // comes out as itself.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return x <= T(0) ? T(0) : x;
  }

  /// relu′(x): 1 for x > 0, 0 for x ≤ 0.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return T(1);
    return x <= T(0) ? T(0) : x;  // x is NaN when neither comparison holds
  }

  /// g for x > 0, +0 for x ≤ 0 whatever g is, as PyTorch's threshold_backward selects.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return g;
    return x <= T(0) ? T(0) : x;
  }

  /// relu′ from the output y = relu(x), which is positive exactly where x is.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    return derivative(y);
  }

  /// g·relu′ from the output y = relu(x), selected as from x.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    return backward(y, g);
  }
};

}  // namespace activ
