#pragma once
// Math calls that work for built-in and user-defined scalar types, and the few predicates the
// activations need. Everything here is an implementation detail of activ.

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

namespace activ::detail {

// Unqualified calls in this namespace see the std:: overloads for built-in types and, through
// argument-dependent lookup, the overloads a user type declares next to itself. The calls must not
// be made from namespace activ itself: there the class template activ::tanh is found first by
// ordinary lookup, and a class name switches argument-dependent lookup off.
namespace adl {
using std::erfc;
using std::exp;
using std::expm1;
using std::log1p;
using std::tanh;

template <class T>
concept has_math = requires(const T& x) {
  { exp(x) } -> std::convertible_to<T>;
  { expm1(x) } -> std::convertible_to<T>;
  { tanh(x) } -> std::convertible_to<T>;
};

template <class T>
concept has_nothrow_math = requires(const T& x) {
  requires noexcept(exp(x));
  requires noexcept(expm1(x));
  requires noexcept(tanh(x));
};

// log1p, which softplus and log_sigmoid need beyond what activ::real asks for.
template <class T>
concept has_log1p = requires(const T& x) {
  { log1p(x) } -> std::convertible_to<T>;
};

template <class T>
concept has_nothrow_log1p = requires(const T& x) {
  requires noexcept(log1p(x));
};

// erfc, which gelu needs beyond what activ::real asks for.
template <class T>
concept has_erfc = requires(const T& x) {
  { erfc(x) } -> std::convertible_to<T>;
};

template <class T>
concept has_nothrow_erfc = requires(const T& x) {
  requires noexcept(erfc(x));
};

template <class T>
[[nodiscard]] constexpr T call_exp(const T& x) {
  return static_cast<T>(exp(x));
}
template <class T>
[[nodiscard]] constexpr T call_expm1(const T& x) {
  return static_cast<T>(expm1(x));
}
template <class T>
[[nodiscard]] constexpr T call_tanh(const T& x) {
  return static_cast<T>(tanh(x));
}
template <class T>
[[nodiscard]] constexpr T call_log1p(const T& x) {
  return static_cast<T>(log1p(x));
}
template <class T>
[[nodiscard]] constexpr T call_erfc(const T& x) {
  return static_cast<T>(erfc(x));
}
}  // namespace adl

// True when evaluating an activation cannot throw. The std:: math functions for built-in types
// never throw (libstdc++ just does not mark its float and long double overloads noexcept); a user
// type qualifies when its arithmetic and math functions are declared noexcept.
template <class T>
concept nothrow_real = std::floating_point<T> ||
    (std::is_nothrow_copy_constructible_v<T>&& adl::has_nothrow_math<T>&& requires(const T& a,
                                                                                   const T& b) {
      requires noexcept(a + b);
      requires noexcept(a - b);
      requires noexcept(a * b);
      requires noexcept(a / b);
      requires noexcept(-a);
      requires noexcept(a < b);
      requires noexcept(a <= b);
      requires noexcept(a > b);
      requires noexcept(a >= b);
      requires noexcept(T(0));
      requires noexcept(T(0.5));
      requires std::is_nothrow_convertible_v<decltype(a * b), T>;
      requires std::is_nothrow_convertible_v<decltype(a / b), T>;
    });

// nothrow_real, and log1p cannot throw either (softplus and log_sigmoid).
template <class T>
concept nothrow_real_log1p = nothrow_real<T> &&
    (std::floating_point<T> || adl::has_nothrow_log1p<T>);

// nothrow_real, and erfc cannot throw either (gelu).
template <class T>
concept nothrow_real_erfc = nothrow_real<T> &&(std::floating_point<T> || adl::has_nothrow_erfc<T>);

// The type a scalar activation is evaluated in. A result carried in a type with at least 11 more
// significant bits and rounded once to T is the correctly rounded T for all but a small share of
// inputs (about one in 5000 for double in x87 long double, one in 10^7 for float in double): the
// wider type's few ULPs of error rarely straddle T's rounding boundaries. float results are then
// made correctly rounded everywhere by detail::evaluate_rounded.
// - float (and narrower standard types) is evaluated in double.
// - double (53-bit types) is evaluated in long double where that is x87 extended precision (64
// bits,
//   in hardware: x86 with GCC and Clang). Elsewhere long double is either double itself (MSVC, most
//   ARM ABIs) or a software quad that is one to two orders of magnitude slower (AArch64 Linux), and
//   double is evaluated in double, with the error bounds of the stable formulas alone.
// - long double and user types are evaluated in themselves.
template <class T>
struct working_type {
  using type = T;
};
template <class T>
requires(std::floating_point<T>&& std::numeric_limits<T>::digits <= 24) struct working_type<T> {
  using type = double;
};
template <class T>
requires(std::floating_point<T>&& std::numeric_limits<T>::digits == 53 &&
         std::numeric_limits<long double>::digits == 64) struct working_type<T> {
  using type = long double;
};
template <class T>
using working_t = typename working_type<T>::type;

// |x| through comparison only, so it needs nothing from a user type beyond the real concept; NaN
// and −0 pass through unchanged (every caller only exponentiates −|x|, where the sign of 0 is
// moot).
template <class T>
[[nodiscard]] constexpr T magnitude(const T& x) noexcept(nothrow_real<T>) {
  return x < T(0) ? -x : x;
}

// True when 4·e^−a rounds to +0 in the result type T (a ≥ 0, any working type W): e^−a is below
// denorm_min(T)/8, with one binade more against the rounding of ln 2. The activations return their
// limit there without calling exp; the result in T is the same, and libm's slow underflow path
// (errno handling, up to ten times the cost of an exp) is skipped. The factor 4 covers
// tanh′ = 4σ′(2x); callers with a factor above 1 on e^−a (ELU's α) must not use it when that
// factor exceeds 4. Types without numeric_limits have no known threshold: exp is always called.
template <class T, class W>
[[nodiscard]] constexpr bool exp_underflows(const W& a) noexcept(nothrow_real<W>) {
  if constexpr (std::numeric_limits<T>::is_specialized && std::numeric_limits<T>::radix == 2) {
    using limits = std::numeric_limits<T>;
    constexpr double ln2 = 0.6931471805599453;
    constexpr double threshold = (limits::digits - limits::min_exponent + 4) * ln2;
    return a > W(threshold);
  } else {
    return false;
  }
}

// Finite test that works in constant expressions and for user types. For types with
// numeric_limits it is a range test (NaN fails both comparisons); otherwise x − x is 0 for finite
// x and NaN for ±∞ and NaN, and only NaN compares unequal to itself.
template <class T>
[[nodiscard]] constexpr bool is_finite(const T& x) noexcept(nothrow_real<T>) {
  if constexpr (std::numeric_limits<T>::is_specialized) {
    return x >= std::numeric_limits<T>::lowest() && x <= std::numeric_limits<T>::max();
  } else {
    const T zero = x - x;  // NOLINT(misc-redundant-expression): NaN for ±∞ and NaN, 0 otherwise
    return zero == zero;   // NOLINT(misc-redundant-expression): false only for NaN
  }
}

// x == 0 for a non-NaN x, written with ordered comparisons so that no float equality is needed.
template <class T>
[[nodiscard]] constexpr bool is_zero(const T& x) noexcept(nothrow_real<T>) {
  return !(x < T(0)) && !(x > T(0));
}

}  // namespace activ::detail
