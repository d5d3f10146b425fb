// What activ promises under -ffast-math, checked in every build (the `fast-math` preset builds the
// whole suite with g++ -ffast-math; there the special-value tests are excluded, and this program
// states what remains true), for every row of the test registry (tests/registry.hpp) in each of
// its configurations. Only finite inputs and finite parameters are used: under -ffast-math the
// compiler may assume that no NaN or infinity exists, so nothing is promised for them, nor for
// the sign of a zero.
//
// For finite inputs, forward and derivative
//   - stay within their documented ranges (the row's in_range) and are never NaN;
//   - keep their accuracy against MPFR (the row's exact): the row's error bounds for the array
//     members, except long double under -ffast-math (below);
//   - agree between the scalar, span (out of place and in place) and iterator paths, by value
//     (a zero's sign aside), the array members within the row's array bound of the scalar ones;
// where a result or an input is subnormal and the program runs with flush-to-zero /
// denormals-are-zero set (g++ -ffast-math links crtfastmath.o, which sets both at start-up), the
// result is instead within the smallest normal number of the exact value.

#include <doctest/doctest.h>
#include <mpfr.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "mpfr_reference.hpp"
#include "registry.hpp"
#include "row_paths.hpp"
#include "support.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace {

#if defined(__FAST_MATH__)
constexpr bool fast_math = true;
#else
constexpr bool fast_math = false;
#endif

// The exact value of one direction of a row (Direction::exact at 256 bits in MPFR) at x, rounded to
// long double, which is exact enough to measure ULPs of float and double and within 1/2 ULP for
// long double.
template <class Direction, class F, class T>
long double exact(const F& f, T x) {
  activ_test::mpfr::mp bx;
  activ_test::mpfr::mp y;
  activ_test::mpfr::set_exact(bx.get(), x);
  Direction::exact(y.get(), bx.get(), f);
  return mpfr_get_ld(y.get(), MPFR_RNDN);
}

// Worst errors asserted: the row's bounds for the array members, whose results are measured here.
// With g++ 12 -ffast-math on x86-64 float and double keep them, while long double loses 13 bits
// (8378 ULP measured, sigmoid, tanh′ and elu near x = −11355): GCC then inlines x87 instruction
// sequences for expl, expm1l and tanhl instead of calling glibc.
template <class Direction, class T>
constexpr long double bound() {
  // A direction whose accuracy -ffast-math costs more than that states it (gelu: the compiler
  // folds away the exact products that carry the rounding of −x/√2 into erfc, which magnifies it
  // by up to x²).
  if constexpr (fast_math && requires { Direction::fast_math_error; }) {
    constexpr activ_test::error_bounds bounds = Direction::fast_math_error;
    if constexpr (std::is_same_v<T, float>) return bounds.float_array;
    if constexpr (std::is_same_v<T, double>) return bounds.double_array;
    return bounds.long_double;
  }
  if constexpr (std::is_same_v<T, float>) {
    return Direction::error.float_array;
  } else if constexpr (std::is_same_v<T, double>) {
    return Direction::error.double_array;
  } else {
    return fast_math ? 8400 : Direction::error.long_double;
  }
}

// Known gap under g++ -ffast-math: those inline sequences overflow inside for long double
// |x| ≳ 4.9e4931, so tanh<long double> returns NaN there, and elu<long double> for x ≲ −1e4932.
// Such inputs are left out under fast-math until the headers clamp the arguments of the
// transcendental calls to the saturation range (docs/errors.md).
template <class T>
bool promised(T x) {
  if constexpr (fast_math && std::is_same_v<T, long double>) {
    return std::fabs(x) < 0x1p16381L;
  }
  return true;
}

// Finite inputs from the smallest subnormal to the largest finite value, both signs, dense in
// [−50, 50] where the transcendental activations change (every 1/128, exact in every type: 12,801
// inputs, each measured against MPFR in every row, configuration and direction).
template <class T>
std::vector<T> finite_inputs() {
  using limits = std::numeric_limits<T>;
  std::vector<T> xs = {T(0),          limits::denorm_min(), limits::min(),
                       limits::max(), limits::lowest(),     limits::epsilon()};
  for (int i = -6400; i <= 6400; ++i) xs.push_back(T(i) / T(128));
  for (int e = limits::min_exponent - limits::digits; e < limits::max_exponent; ++e) {
    for (const T m : {T(1), T(1.3), T(1.7)}) {
      xs.push_back(std::ldexp(m, e));
      xs.push_back(-std::ldexp(m, e));
    }
  }
  std::erase_if(xs, [](T x) { return !promised(x); });
  return xs;
}

// Subnormal, read off the bits: under DAZ the SSE comparisons see a subnormal float or double as
// 0. long double lives in x87 registers, which DAZ does not touch.
template <class T>
bool is_subnormal(T x) {
  if constexpr (sizeof(T) == sizeof(float) || sizeof(T) == sizeof(double)) {
    using bits = std::conditional_t<sizeof(T) == sizeof(float), std::uint32_t, std::uint64_t>;
    constexpr int mantissa_bits = std::numeric_limits<T>::digits - 1;
    const auto b = std::bit_cast<bits>(x);
    const bits exponent =
        (b >> mantissa_bits) & ((bits{1} << (sizeof(T) * 8 - 1 - mantissa_bits)) - 1);
    const bits mantissa = b & ((bits{1} << mantissa_bits) - 1);
    return exponent == 0 && mantissa != 0;
  } else {
    return x != T(0) && std::fabs(x) < std::numeric_limits<T>::min();
  }
}

template <class T>
bool below_normal(long double v) {
  return std::fabs(v) < static_cast<long double>(std::numeric_limits<T>::min());
}

// Error of `got` against `exact` in ULPs of T; where the exact value is below the normal range the
// flush of flush-to-zero is allowed: within the smallest normal number counts as 0.
// Where the exact value is beyond T's largest, the result overflows: ±∞ (or the largest, which
// fast-math's assumptions may leave) is right.
template <class T>
long double error_in_ulps(T got, long double exact_value, bool input_subnormal) {
  const auto largest = static_cast<long double>(std::numeric_limits<T>::max());
  if (std::fabs(exact_value) > largest) {
    return std::fabs(static_cast<long double>(got)) >= largest
               ? 0
               : activ_test::ulp_error(got, exact_value);
  }
  if (below_normal<T>(exact_value) || input_subnormal) {
    const long double distance = std::fabs(static_cast<long double>(got) - exact_value);
    if (distance <= static_cast<long double>(std::numeric_limits<T>::min())) return 0;
  }
  return activ_test::ulp_error(got, exact_value);
}

// Whether denormals-are-zero is set (g++ -ffast-math sets it at start-up on x86).
bool daz_active() {
#if defined(__x86_64__) || defined(__i386__)
  return (_mm_getcsr() & 0x40U) != 0;
#else
  return false;
#endif
}

template <class Row, class F, class T = typename F::value_type>
bool in_range(const F& f, T y, T dy) {
  // A NaN, should the compiler let one through (std::isnan may be folded to false under fast-math).
  if (!(y == y) || !(dy == dy)) return false;  // NOLINT(misc-redundant-expression)
  return Row::forward::in_range(y, f) && Row::derivative::in_range(dy, f);
}

// By value: +0 and −0 compare equal, as fast-math does not keep their sign; otherwise within the
// row's array bound (row_paths.hpp).
template <class Direction, class T>
bool agree_by_value(T array, T scalar) {
  if (array == scalar) return true;
  if constexpr (fast_math && std::is_same_v<T, long double>) {
    // g++ -ffast-math inlines its x87 sequences for expl and its kin in some copies of a member
    // and calls glibc in others (softplus(β = 10) at x = −50: 460 ULPs apart): two paths agree
    // to the sum of their bounds.
    return error_in_ulps(array, scalar, false) <= 2 * bound<Direction, T>();
  }
  return activ_test::row_paths::within_steps(array, scalar,
                                             activ_test::row_paths::array_steps<Direction, T>());
}

// Every check above over the inputs, for one configuration f of Row.
template <class Row, class F, class T = typename F::value_type>
void check_configuration(const F& f, const std::vector<T>& in) {
  std::vector<T> forward(in.size());
  std::vector<T> derivative(in.size());
  f.forward(in, forward);
  f.derivative(in, derivative);
  std::vector<T> inout = in;
  f.forward(inout, inout);
  std::vector<T> iterated(in.size());
  f.derivative(in.begin(), in.end(), iterated.begin());
  long double worst_forward = 0;
  long double worst_derivative = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const T x = in[i];
    CAPTURE(x);
    CHECK(in_range<Row>(f, forward[i], derivative[i]));
    CHECK(agree_by_value<typename Row::forward>(forward[i], f.forward(x)));
    CHECK(agree_by_value<typename Row::derivative>(derivative[i], f.derivative(x)));
    CHECK(inout[i] == forward[i]);
    CHECK(iterated[i] == derivative[i]);
    const bool subnormal = is_subnormal(x);
    long double ef = error_in_ulps(forward[i], exact<typename Row::forward>(f, x), subnormal);
    long double ed = error_in_ulps(derivative[i], exact<typename Row::derivative>(f, x), subnormal);
    if (subnormal && daz_active()) {
      // Under DAZ a subnormal input may be read as 0: the result of f(0) is accepted.
      ef = std::min(ef, error_in_ulps(forward[i], exact<typename Row::forward>(f, T(0)), false));
      ed = std::min(ed,
                    error_in_ulps(derivative[i], exact<typename Row::derivative>(f, T(0)), false));
    }
    worst_forward = std::max(worst_forward, ef);
    worst_derivative = std::max(worst_derivative, ed);
  }
  INFO("worst forward ", static_cast<double>(worst_forward), " ULP, derivative ",
       static_cast<double>(worst_derivative), " ULP");
  CHECK(worst_forward <= bound<typename Row::forward, T>());
  CHECK(worst_derivative <= bound<typename Row::derivative, T>());
}

}  // namespace

TEST_CASE_TEMPLATE("finite inputs: ranges, accuracy and agreement of the paths", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = finite_inputs<T>();
  activ_test::for_each_row([&]<class Row>() {
    const auto configurations = Row::template configurations<T>();
    for (std::size_t c = 0; c < configurations.size(); ++c) {
      CAPTURE(Row::name);
      CAPTURE(c);  // the configuration's position in the row
      check_configuration<Row>(configurations[c], in);
    }
  });
}
