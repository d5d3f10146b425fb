#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <string_view>

namespace activ {

/// Rectified linear unit.
///
///   forward     relu(x)  = max(0, x)                      range [0, +∞]
///   derivative  relu′(x) = 1 for x > 0, 0 for x ≤ 0      (relu′(0) = 0, as PyTorch and oneDNN)
///
/// Special values: NaN → NaN (forward and derivative); relu(+∞) = +∞, relu(−∞) = +0,
/// relu(±0) = +0; relu′(+∞) = 1, relu′(−∞) = 0. Subnormal inputs are kept, never flushed.
/// Exact: no rounding happens on any path. Usable in constant expressions.
template <real T>
class relu : public detail::elementwise<relu<T>, T> {
  using base = detail::elementwise<relu<T>, T>;

 public:
  static constexpr std::string_view name = "relu";
  using base::derivative;
  using base::forward;

  // Written as "x ≤ 0 ? 0 : x" rather than max(0, x) so that NaN, which fails every comparison,
  // comes out as itself.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return x <= T(0) ? T(0) : x;
  }

  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if (x > T(0)) return T(1);
    return x <= T(0) ? T(0) : x;  // x is NaN when neither comparison holds
  }
};

}  // namespace activ
