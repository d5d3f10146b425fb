#pragma once
// The requirements activ places on scalar types and on activation functors.

#include <activ/detail/math.hpp>

#include <concepts>
#include <span>
#include <type_traits>

namespace activ {

namespace detail {

template <class T>
concept closed_under_arithmetic = requires(const T& a, const T& b) {
  { a + b } -> std::convertible_to<T>;
  { a - b } -> std::convertible_to<T>;
  { a* b } -> std::convertible_to<T>;
  { a / b } -> std::convertible_to<T>;
  { -a } -> std::convertible_to<T>;
};

template <class T>
concept ordered_comparable = requires(const T& a, const T& b) {
  { a < b } -> std::convertible_to<bool>;
  { a <= b } -> std::convertible_to<bool>;
  { a > b } -> std::convertible_to<bool>;
  { a >= b } -> std::convertible_to<bool>;
  { a == b } -> std::convertible_to<bool>;
};

// Constants such as 1, 2 and the default α = 0.01 are written as T(1), T(0.01).
template <class T>
concept constructible_from_literals =
    std::constructible_from<T, int> && std::constructible_from<T, double>;

}  // namespace detail

/// A scalar type activ can compute with: `float`, `double`, `long double`, the C++23 extended
/// floating-point types where the compiler has them, and user-defined real types (dual numbers,
/// multiprecision numbers).
///
/// Such a type provides
///   - copy construction and assignment,
///   - `+ - * /` and unary `-`, each yielding something convertible to `T`,
///   - `< <= > >= ==`, each yielding something convertible to `bool`,
///   - construction from `int` and from `double` (`T(1)`, `T(0.01)`),
///   - `exp`, `expm1` and `tanh`, found by argument-dependent lookup (or in `std`).
///
/// Integral types are rejected: every activation but ReLU would silently truncate.
/// The scalar members are `noexcept` when all of the above are (always, for built-in types).
template <class T>
concept real = std::copyable<T> && !std::integral<T> && detail::closed_under_arithmetic<T> &&
               detail::ordered_comparable<T> && detail::constructible_from_literals<T> &&
               detail::adl::has_math<T>;

/// A functor with the activ interface over its `value_type`: scalar `forward`, `derivative` and
/// `operator()`, and the span overloads of `forward` and `derivative`.
template <class F>
concept activation = real<typename F::value_type> &&
    requires(const F& f, typename F::value_type x, std::span<const typename F::value_type> in,
             std::span<typename F::value_type> out) {
  { f.forward(x) } -> std::same_as<typename F::value_type>;
  { f.derivative(x) } -> std::same_as<typename F::value_type>;
  { f(x) } -> std::same_as<typename F::value_type>;
  f.forward(in, out);
  f.derivative(in, out);
};

/// An activation whose output y = f(x) determines its derivative, which it then computes from y:
/// `derivative_from_output(y)` and `backward_from_output(y, g)`. SiLU, GELU, Mish and Hardswish
/// have no such members (two inputs on either side of their minimum give the same output and
/// different slopes).
template <class F>
concept output_determines_derivative = requires(const F& f, typename F::value_type y) {
  { f.derivative_from_output(y) } -> std::same_as<typename F::value_type>;
  { f.backward_from_output(y, y) } -> std::same_as<typename F::value_type>;
};

}  // namespace activ
