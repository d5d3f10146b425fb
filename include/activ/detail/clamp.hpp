#pragma once
// The clamp shared by hardtanh and relu6, and its slope.

#include <activ/detail/math.hpp>

namespace activ::detail {

// x limited to [low, high] (low ≤ high). Both comparisons fail for NaN, which comes out as
// itself; inside the interval x is returned as it is, sign of zero included. Exact.
template <class T>
[[nodiscard]] constexpr T clamp(const T& x, const T& low, const T& high) noexcept(nothrow_real<T>) {
  if (x < low) return low;
  return x > high ? high : x;
}

// The slope of the clamp: 1 strictly inside (low, high), 0 elsewhere, bounds included (PyTorch's
// hardtanh_backward), so ±∞ give their limit 0. NaN fails every comparison and passes through.
template <class T>
[[nodiscard]] constexpr T clamp_slope(const T& x, const T& low,
                                      const T& high) noexcept(nothrow_real<T>) {
  if (x > low && x < high) return T(1);
  return x <= low || x >= high ? T(0) : x;  // x is NaN when neither comparison holds
}

}  // namespace activ::detail
