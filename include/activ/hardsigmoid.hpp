#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/clamp.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/hard_ramp.hpp>
#include <activ/detail/math.hpp>

#include <string_view>

namespace activ {

/// Hard sigmoid, the piecewise-linear stand-in for σ, PyTorch's Hardsigmoid.
///
///     forward     hardsigmoid(x)  = 0 for x ≤ −3, 1 for x ≥ 3, x/6 + 1/2 between    range [0, 1]
///     derivative  hardsigmoid′(x) = 1/6 for −3 < x < 3, 0 elsewhere
///                                   (0 at ±3, as PyTorch's hardsigmoid_backward)
///     backward    g/6 (the exact g·(1/6) rounded once) for −3 < x < 3, +0 elsewhere whatever g is
///                 (PyTorch's hardsigmoid_backward selects; it multiplies by 1/6 rounded to T)
///     from output 1/6 and g/6 where y = hardsigmoid(x) is strictly inside (0, 1), which is exactly
///                 where −3 < x < 3, +0 elsewhere: the same values as from x
///
/// Special values: NaN → NaN (forward and derivative); hardsigmoid(+∞) = 1, hardsigmoid(−∞) = +0,
/// hardsigmoid(±0) = 1/2; hardsigmoid′(±∞) = 0, hardsigmoid′(±0) = 1/6 (rounded to T).
///
/// Worst error in ULPs, against exact references (MPFR): float over every input, double over 10^7
/// inputs spread by bit pattern and 10^6 in [−4, 4], long double over 10^6 likewise. For float and
/// double, the span and contiguous-iterator members run vector kernels (detail/simd, chosen for
/// the CPU at run time; ACTIV_NO_SIMD turns them off); the other iterator members and every other
/// type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: correctly rounded on all 2^32 inputs, every x86-64 kernel
///                  fast:   forward 1.33 on all 2^32 inputs
///     double       forward 0.501  derivative 0.333   (x86: evaluated in x87 long double)
///                  forward 0.500  derivative 0.333   (where long double is not x87: in double)
///                  arrays: forward 0.500  derivative 0.333
///     long double  forward 0.500  derivative 0.333   (the derivative: 1/6 rounded once)
///
/// activ::fast (tier.hpp) runs the fast kernels of the "fast" row on AVX-512 and AVX2 + FMA; the
/// other instruction sets, directions and types give the precise results.
template <real T>
class hardsigmoid : public detail::elementwise<hardsigmoid<T>, T> {
  using base = detail::elementwise<hardsigmoid<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "hardsigmoid";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// hardsigmoid(x): 0 for x ≤ −3, 1 for x ≥ 3, x/6 + 1/2 between, rounded once.
  // (x + 3)/6 rather than x/6 + 1/2: x + 3 is exact or exactly recovered, and the division is the
  // one rounding (detail/hard_ramp.hpp). x/6 + 1/2 rounds twice, and near x = −3, where the sum
  // cancels to a small result, the rounding of x/6 (about ½ in magnitude) is many ULPs of it.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return T(1);
    return detail::hard_ramp(x);  // NaN propagates
  }

  /// hardsigmoid′(x): 1/6 for −3 < x < 3, 0 elsewhere.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    // 1/6 rounded once strictly inside (−3, 3), +0 elsewhere; NaN, which fails every
    // comparison, comes out as itself (payload included, as from the array kernels).
    if (x > T(-3) && x < T(3)) return T(1) / T(6);
    return x <= T(-3) || x >= T(3) ? T(0) : x;
  }

  /// g/6, the exact g·(1/6) rounded once, strictly inside (−3, 3); +0 elsewhere whatever g is
  /// (PyTorch's hardsigmoid_backward selects).
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (x > T(-3) && x < T(3)) return g / T(6);
    return x <= T(-3) || x >= T(3) ? T(0) : x;
  }

  /// hardsigmoid′ from the output y = hardsigmoid(x), strictly inside (0, 1) exactly where x is
  /// inside (−3, 3).
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0) && y < T(1)) return T(1) / T(6);
    return y <= T(0) || y >= T(1) ? T(0) : y;
  }

  /// g·hardsigmoid′ from the output y = hardsigmoid(x), as from x.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if (y > T(0) && y < T(1)) return g / T(6);
    return y <= T(0) || y >= T(1) ? T(0) : y;
  }
};

}  // namespace activ
