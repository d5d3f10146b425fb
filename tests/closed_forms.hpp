#pragma once
// Closed forms of the activations and their derivatives, written for the tests independently of
// activ's formulas, evaluated in a reference type R wider than the type under test (double for
// float, long double for double), and the textbook formulas users would write by hand.

#include <cmath>

namespace activ_test::closed_form {

// Beyond |x| = saturated<R> every reference is within e^−200 (double, for float results) or
// e^−800 (long double, for double results) of its limit, relatively, far below the last bit of the
// type under test, so the limit is returned and libm's slow overflow and underflow paths skipped.
template <class R>
constexpr R saturated = sizeof(R) > sizeof(double) ? R(800) : R(200);

// σ(x) = 1/(1 + e^−x) on both signs: in R and within ±saturated<R>, e^−x neither overflows nor
// loses relative accuracy in 1 + e^−x (activ instead branches on the sign to stay within its type).
template <class R>
R sigmoid(R x, R) {
  if (std::fabs(x) > saturated<R>) return x > 0 ? R(1) : R(0);
  return R(1) / (R(1) + std::exp(-x));
}
// σ′(x) = ¼ sech²(x/2).
template <class R>
R sigmoid_slope(R x, R) {
  if (std::fabs(x) > saturated<R>) return R(0);
  const R c = std::cosh(x / 2);
  return R(0.25) / c / c;
}
// tanh x = −m/(2 + m) with m = expm1(−2|x|), odd.
template <class R>
R tanh(R x, R) {
  if (std::fabs(x) > saturated<R>) return std::copysign(R(1), x);
  const R m = std::expm1(-2 * std::fabs(x));
  return std::copysign(-m / (2 + m), x);
}
// tanh′(x) = sech² x.
template <class R>
R tanh_slope(R x, R) {
  if (std::fabs(x) > saturated<R>) return R(0);
  const R sech = R(1) / std::cosh(x);
  return sech * sech;
}
template <class R>
R relu(R x, R) {
  return x > 0 ? x : (x <= 0 ? R(0) : x);
}
template <class R>
R relu_slope(R x, R) {
  return x > 0 ? R(1) : (x <= 0 ? R(0) : x);
}
// α·x is exact in R: a product of two values of the type under test fits.
template <class R>
R leaky(R x, R alpha) {
  if (x > 0) return x;
  if (!(alpha < 0) && !(alpha > 0) && x < 0) return -alpha;  // α = ±0: the limit, not 0·∞
  return alpha * x;
}
template <class R>
R leaky_slope(R x, R alpha) {
  return x > 0 ? R(1) : (x <= 0 ? alpha : x);
}
// e^x − 1 = 2t/(1 − t) with t = tanh(x/2), 1 − t ∈ [1, 2] for x ≤ 0.
template <class R>
R elu(R x, R alpha) {
  if (x > 0) return x;
  if (x < -saturated<R>) return -alpha;
  const R t = std::tanh(x / 2);
  return alpha * (2 * t / (1 - t));
}
// e^x = 1/e^−x.
template <class R>
R elu_slope(R x, R alpha) {
  if (x < -saturated<R>) return R(0);
  return x > 0 ? R(1) : alpha / std::exp(-x);
}

// The naive formulas, in the type under test T.
template <class T>
T sigmoid_textbook(T x, T) {
  return T(1) / (T(1) + std::exp(-x));
}
template <class T>
T sigmoid_slope_textbook(T x, T a) {
  const T s = sigmoid_textbook(x, a);
  return s * (T(1) - s);
}
template <class T>
T tanh_textbook(T x, T) {
  return std::tanh(x);
}
template <class T>
T tanh_slope_textbook(T x, T) {
  const T t = std::tanh(x);
  return T(1) - t * t;
}
template <class T>
T relu_textbook(T x, T) {
  return x > 0 ? x : T(0);
}
template <class T>
T relu_slope_textbook(T x, T) {
  return x > 0 ? T(1) : T(0);
}
template <class T>
T leaky_textbook(T x, T a) {
  return x > 0 ? x : a * x;
}
template <class T>
T leaky_slope_textbook(T x, T a) {
  return x > 0 ? T(1) : a;
}
template <class T>
T elu_textbook(T x, T a) {
  return x > 0 ? x : a * (std::exp(x) - T(1));
}
template <class T>
T elu_slope_textbook(T x, T a) {
  return x > 0 ? T(1) : a * std::exp(x);
}

}  // namespace activ_test::closed_form
