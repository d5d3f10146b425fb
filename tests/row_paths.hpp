#pragma once
// What a registry row (registry.hpp) lets the array members return against the scalar ones, and
// calls by direction, for the programs that iterate the rows with their own checks: the fuzzer
// and the -ffast-math and floating-point-environment tests.

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "support.hpp"

namespace activ_test::row_paths {

// The row's nested struct for one direction: Row::forward or Row::derivative.
template <class Row, bool Forward>
using direction = std::conditional_t<Forward, typename Row::forward, typename Row::derivative>;

// f.forward(x) or f.derivative(x).
template <bool Forward, class F, class T>
T evaluate(const F& f, T x) {
  if constexpr (Forward) {
    return f.forward(x);
  } else {
    return f.derivative(x);
  }
}

// The type a row's reference<R> is evaluated in for results of type T.
template <class T>
using reference_type = std::conditional_t<std::is_same_v<T, float>, double, long double>;

// How many neighbouring values of T an array result may lie from the scalar result of the same
// input, from the direction's error bounds: none where both paths are exact (bounds of 0);
// otherwise the array bound in whole ULPs, and at least one, since two results within ½ ULP of the
// exact value may still differ where it is a midpoint (hardsigmoid<double>'s kernel and scalar
// member break such ties differently). Float scalar members are correctly rounded, exact where the
// array bound is 0; other types' array members run the scalar ones.
template <class Direction, class T>
constexpr std::int64_t array_steps() {
  double array = 0;
  double scalar = 0;
  if constexpr (std::is_same_v<T, float>) {
    array = Direction::error.float_array;
    scalar = array < 0.5 ? array : 0.5;
  } else if constexpr (std::is_same_v<T, double>) {
    array = Direction::error.double_array;
    scalar = Direction::error.double_scalar;
  }
  if (array <= 0 && scalar <= 0) return 0;
  return array < 1 ? 1 : static_cast<std::int64_t>(array);
}

// Whether an array result agrees with the scalar one within `steps` neighbouring values: both NaN
// (a NaN's payload is not promised, and the kernels' conversions quiet a signalling NaN where the
// scalar members may not), or the same bits for 0 steps (the sign of a zero included), or at most
// `steps` apart, −0 and +0 counting as neighbours.
template <class T>
bool within_steps(T array, T scalar, std::int64_t steps) {
  if (std::isnan(array) || std::isnan(scalar)) return std::isnan(array) && std::isnan(scalar);
  if (steps == 0) return same_bits(array, scalar);
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    const std::int64_t distance = ordered_bits(array) - ordered_bits(scalar);
    return distance >= -steps && distance <= steps;
  } else {
    return same_bits(array, scalar);
  }
}

}  // namespace activ_test::row_paths
