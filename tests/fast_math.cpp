// What activ promises under -ffast-math, checked in every build (the `fast-math` preset builds the
// whole suite with g++ -ffast-math; there the special-value tests are excluded, and this program
// states what remains true). Only finite inputs and finite α are used: under -ffast-math the
// compiler may assume that no NaN or infinity exists, so nothing is promised for them, nor for
// the sign of a zero.
//
// For finite inputs, forward and derivative
//   - stay within their documented ranges and are never NaN;
//   - keep their accuracy against MPFR: the ULP bounds asserted below, measured on the inputs
//     below (without -ffast-math the same bounds as tests/accuracy.cpp);
//   - agree between the scalar, span (out of place and in place) and iterator paths, by value
//     (a zero's sign aside);
// where a result or an input is subnormal and the program runs with flush-to-zero /
// denormals-are-zero set (g++ -ffast-math links crtfastmath.o, which sets both at start-up), the
// result is instead within the smallest normal number of the exact value.

#include <doctest/doctest.h>
#include <mpfr.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "mpfr_reference.hpp"
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

// An MPFR number at 256 bits (tests/mpfr_reference.hpp), enough for every reference below to be
// exact to far below an ULP of long double.
using big = activ_test::mpfr::mp;

// The exact forward and derivative of each activation at x, rounded to long double, which is
// exact enough to measure ULPs of float and double and within 1/2 ULP for long double.
struct exact_values {
  long double forward;
  long double derivative;
};

exact_values exact(std::string_view name, long double x, long double alpha) {
  big bx;
  big e;
  big y;
  big dy;
  big a;
  mpfr_set_ld(bx.get(), x, MPFR_RNDN);
  mpfr_set_ld(a.get(), alpha, MPFR_RNDN);
  if (name == "sigmoid") {  // σ = 1/(1 + e^−x), σ′ = e/(1 + e)² with e = e^−|x| (no cancellation)
    mpfr_neg(e.get(), bx.get(), MPFR_RNDN);
    mpfr_exp(e.get(), e.get(), MPFR_RNDN);
    mpfr_add_ui(e.get(), e.get(), 1, MPFR_RNDN);
    mpfr_ui_div(y.get(), 1, e.get(), MPFR_RNDN);
    mpfr_abs(e.get(), bx.get(), MPFR_RNDN);
    mpfr_neg(e.get(), e.get(), MPFR_RNDN);
    mpfr_exp(e.get(), e.get(), MPFR_RNDN);
    mpfr_add_ui(dy.get(), e.get(), 1, MPFR_RNDN);
    mpfr_sqr(dy.get(), dy.get(), MPFR_RNDN);
    mpfr_div(dy.get(), e.get(), dy.get(), MPFR_RNDN);
  } else if (name == "tanh") {  // tanh′ = sech²
    mpfr_tanh(y.get(), bx.get(), MPFR_RNDN);
    mpfr_sech(dy.get(), bx.get(), MPFR_RNDN);
    mpfr_sqr(dy.get(), dy.get(), MPFR_RNDN);
  } else if (x > 0) {  // the linear side of relu, leaky_relu, elu
    mpfr_set(y.get(), bx.get(), MPFR_RNDN);
    mpfr_set_ui(dy.get(), 1, MPFR_RNDN);
  } else if (name == "relu") {
    mpfr_set_ui(y.get(), 0, MPFR_RNDN);
    mpfr_set_ui(dy.get(), 0, MPFR_RNDN);
  } else if (name == "leaky_relu") {
    mpfr_mul(y.get(), bx.get(), a.get(), MPFR_RNDN);
    mpfr_set(dy.get(), a.get(), MPFR_RNDN);
  } else {  // elu: α(e^x − 1), α e^x
    mpfr_expm1(y.get(), bx.get(), MPFR_RNDN);
    mpfr_mul(y.get(), y.get(), a.get(), MPFR_RNDN);
    mpfr_exp(dy.get(), bx.get(), MPFR_RNDN);
    mpfr_mul(dy.get(), dy.get(), a.get(), MPFR_RNDN);
  }
  return {mpfr_get_ld(y.get(), MPFR_RNDN), mpfr_get_ld(dy.get(), MPFR_RNDN)};
}

// Worst error bounds asserted, forward and derivative: without -ffast-math those of
// tests/accuracy.cpp; with g++ 12 -ffast-math on x86-64 float and double keep them, while long
// double loses 13 bits (8378 ULP measured, sigmoid, tanh′ and elu near x = −11355): GCC then
// inlines x87 instruction sequences for expl, expm1l and tanhl instead of calling glibc.
template <class T>
constexpr long double bound() {
  if constexpr (std::is_same_v<T, long double>) return fast_math ? 8400 : 5;
  return 1;
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
// [−50, 50] where the transcendental activations change.
template <class T>
std::vector<T> finite_inputs() {
  using limits = std::numeric_limits<T>;
  std::vector<T> xs = {T(0),          limits::denorm_min(), limits::min(),
                       limits::max(), limits::lowest(),     limits::epsilon()};
  for (int i = -25000; i <= 25000; ++i) xs.push_back(T(i) / T(500));
  for (int e = limits::min_exponent - limits::digits; e < limits::max_exponent; ++e) {
    for (const T m : {T(1), T(1.3), T(1.7)}) {
      xs.push_back(std::ldexp(m, e));
      xs.push_back(-std::ldexp(m, e));
    }
  }
  std::erase_if(xs, [](T x) { return !promised(x); });
  return xs;
}

template <class T>
auto activations() {
  return std::tuple{activ::sigmoid<T>{},          activ::tanh<T>{},      activ::relu<T>{},
                    activ::leaky_relu<T>{T(0.2)}, activ::elu<T>{T(0.5)}, activ::elu<T>{}};
}

template <class F>
constexpr std::string_view name_of(const F& /*activation*/) {
  return F::name;
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
template <class T>
long double error_in_ulps(T got, long double exact_value, bool input_subnormal) {
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

template <class F, class T = typename F::value_type>
bool in_range(const F& f, T y, T dy) {
  // A NaN, should the compiler let one through (std::isnan may be folded to false under fast-math).
  if (!(y == y) || !(dy == dy)) return false;  // NOLINT(misc-redundant-expression)
  const std::string_view name = name_of(f);
  if (name == "sigmoid") return y >= T(0) && y <= T(1) && dy >= T(0) && dy <= T(0.25);
  if (name == "tanh") return y >= T(-1) && y <= T(1) && dy >= T(0) && dy <= T(1);
  if (name == "relu") return y >= T(0) && (dy == T(0) || dy == T(1));
  if constexpr (requires { f.alpha(); }) {
    if (name == "elu") return y >= -f.alpha() && dy >= T(0) && dy <= T(1);
  }
  return true;
}

template <class F, class T>
bool agree_by_value(T array, T scalar) {
  if (array == scalar) return true;
  return activ_test::arrays_within_one_ulp<F> && activ_test::agrees_with_scalar<F>(array, scalar);
}

}  // namespace

TEST_CASE_TEMPLATE("finite inputs: ranges, accuracy and agreement of the paths", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = finite_inputs<T>();
  std::apply(
      [&](const auto&... f) {
        (
            [&](const auto& activation) {
              CAPTURE(name_of(activation));
              long double alpha = 0;
              if constexpr (requires { activation.alpha(); }) alpha = activation.alpha();
              std::vector<T> forward(in.size());
              std::vector<T> derivative(in.size());
              activation.forward(in, forward);
              activation.derivative(in, derivative);
              std::vector<T> inout = in;
              activation.forward(inout, inout);
              std::vector<T> iterated(in.size());
              activation.derivative(in.begin(), in.end(), iterated.begin());
              long double worst_forward = 0;
              long double worst_derivative = 0;
              for (std::size_t i = 0; i < in.size(); ++i) {
                const T x = in[i];
                CAPTURE(x);
                CHECK(in_range(activation, forward[i], derivative[i]));
                // By value: +0 and −0 compare equal, as fast-math does not keep their sign; float
                // arrays of sigmoid, tanh and elu run kernels within one ULP (support.hpp).
                using F = std::remove_cvref_t<decltype(activation)>;
                CHECK(agree_by_value<F>(forward[i], activation.forward(x)));
                CHECK(agree_by_value<F>(derivative[i], activation.derivative(x)));
                CHECK(inout[i] == forward[i]);
                CHECK(iterated[i] == derivative[i]);
                const auto [y, dy] = exact(name_of(activation), static_cast<long double>(x), alpha);
                const bool subnormal = is_subnormal(x);
                long double ef = error_in_ulps(forward[i], y, subnormal);
                long double ed = error_in_ulps(derivative[i], dy, subnormal);
                if (subnormal && daz_active()) {
                  // Under DAZ a subnormal input may be read as 0: the result of f(0) is accepted.
                  const auto [y0, dy0] = exact(name_of(activation), 0.0L, alpha);
                  ef = std::min(ef, error_in_ulps(forward[i], y0, false));
                  ed = std::min(ed, error_in_ulps(derivative[i], dy0, false));
                }
                worst_forward = std::max(worst_forward, ef);
                worst_derivative = std::max(worst_derivative, ed);
              }
              INFO("worst forward ", static_cast<double>(worst_forward), " ULP, derivative ",
                   static_cast<double>(worst_derivative), " ULP");
              CHECK(worst_forward <= bound<T>());
              CHECK(worst_derivative <= bound<T>());
            }(f),
            ...);
      },
      activations<T>());
}
