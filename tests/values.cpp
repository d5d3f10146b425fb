// Closed-form reference values that can be proved by hand, special values and signed zeros, and
// simple properties, for every activation over float, double and long double.
//
// The inputs ln 2, ln 3 and ln 4 are not representable: each is passed as the nearest T, x_T,
// and the expected value is the closed form at the true logarithm moved by the closed-form slope
// times (x_T − ln k). The second-order term is below 2^−100 relative, so the tolerances measure
// the evaluation alone.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "support.hpp"

namespace {

using activ_test::ulp_error;

// ln k = head + tail: head is the long double nearest ln k and tail the remainder, both read off
// MPFR at 300 bits and written in hexadecimal so that the literals are exact.
struct logarithm {
  long double head;
  long double tail;
};
constexpr logarithm ln2{0xb.17217f7d1cf79acp-4L, -0xd.871319ff0342543p-70L};
constexpr logarithm ln3{0x8.c9f53d5681854bbp-3L, 0xa.4198d55053b7cb6p-68L};
constexpr logarithm ln4{2 * ln2.head, 2 * ln2.tail};

template <class T>
T as(long double x) {
  return static_cast<T>(x);
}

// ±ln k rounded to T, and the closed form f(±ln k) corrected for that rounding with slope f′(±ln
// k).
template <class T>
struct rounded_input {
  T x;
  long double offset;  // x − (±ln k), exact in long double up to the tail's own rounding
};
template <class T>
rounded_input<T> at(const logarithm& l, int sign = 1) {
  const T x = static_cast<T>(sign * l.head);
  return {x, (static_cast<long double>(x) - sign * l.head) - sign * l.tail};
}
template <class T>
long double expected(const rounded_input<T>& in, long double closed_form, long double slope) {
  return closed_form + slope * in.offset;
}

constexpr long double forward_tolerance = 2;     // ULPs
constexpr long double derivative_tolerance = 2;  // ULPs

#define ACTIV_CHECK_ULPS(got, expected, tolerance)                                      \
  do {                                                                                  \
    const auto activ_got_ = (got);                                                      \
    const long double activ_expected_ = (expected);                                     \
    INFO(#got " = " << activ_got_ << ", expected " << activ_expected_);                 \
    CHECK(ulp_error<decltype(activ_got_)>(activ_got_, activ_expected_) <= (tolerance)); \
  } while (false)

template <class T>
bool is_negative_zero(T x) {
  return x == T(0) && std::signbit(x);
}
template <class T>
bool is_positive_zero(T x) {
  return x == T(0) && !std::signbit(x);
}

}  // namespace

TEST_CASE_TEMPLATE("sigmoid: closed forms", T, ACTIV_TEST_FLOAT_TYPES) {
  const activ::sigmoid<T> s;
  CHECK(s.forward(T(0)) == T(0.5));  // exact
  CHECK(s.forward(-T(0)) == T(0.5));
  CHECK(s.derivative(T(0)) == T(0.25));
  const auto p3 = at<T>(ln3);
  const auto m3 = at<T>(ln3, -1);
  const auto p2 = at<T>(ln2);
  const auto p4 = at<T>(ln4);
  const auto m4 = at<T>(ln4, -1);
  // σ(ln 3) = 1/(1 + ⅓) = ¾, σ(−ln 3) = ¼, σ(ln 2) = ⅔, σ(−ln 4) = ⅕, with slope σ′ = σ(1 − σ).
  ACTIV_CHECK_ULPS(s.forward(p3.x), expected(p3, 0.75L, 3.0L / 16), forward_tolerance);
  ACTIV_CHECK_ULPS(s.forward(m3.x), expected(m3, 0.25L, 3.0L / 16), forward_tolerance);
  ACTIV_CHECK_ULPS(s.forward(p2.x), expected(p2, 2.0L / 3, 2.0L / 9), forward_tolerance);
  ACTIV_CHECK_ULPS(s.forward(m4.x), expected(m4, 0.2L, 4.0L / 25), forward_tolerance);
  // σ′(±ln 3) = ¾·¼ = 3/16 and σ′(ln 4) = ⅘·⅕ = 4/25, with slope σ″ = σ′(1 − 2σ).
  ACTIV_CHECK_ULPS(s.derivative(p3.x), expected(p3, 3.0L / 16, -3.0L / 32), derivative_tolerance);
  ACTIV_CHECK_ULPS(s.derivative(m3.x), expected(m3, 3.0L / 16, 3.0L / 32), derivative_tolerance);
  ACTIV_CHECK_ULPS(s.derivative(p4.x), expected(p4, 4.0L / 25, -12.0L / 125), derivative_tolerance);
  CHECK(s(p3.x) == s.forward(p3.x));
}

TEST_CASE_TEMPLATE("sigmoid: far tails keep relative accuracy", T, ACTIV_TEST_FLOAT_TYPES) {
  const activ::sigmoid<T> s;
  // σ(−x) = e^−x/(1 + e^−x) and σ′(±x) = e^−x/(1 + e^−x)²: evaluated in long double from exact
  // integers x, these are references good to far below an ULP of float and double.
  for (const int x : {20, 30, 50, 80}) {
    const long double e = std::exp(-static_cast<long double>(x));
    ACTIV_CHECK_ULPS(s.forward(T(-x)), e / (1 + e), forward_tolerance);
    ACTIV_CHECK_ULPS(s.derivative(T(x)), e / ((1 + e) * (1 + e)), derivative_tolerance);
    ACTIV_CHECK_ULPS(s.derivative(T(-x)), e / ((1 + e) * (1 + e)), derivative_tolerance);
  }
  if constexpr (std::is_same_v<T, double>) {
    // The example: 3.72e−44, neither 0 nor NaN.
    CHECK(s.forward(-100.0) == doctest::Approx(3.720075976020836e-44).epsilon(1e-15));
    // Deep in the subnormals: σ(−740) = e^−740 ≈ 4.2e−322 is a nonzero subnormal double.
    CHECK(s.forward(-740.0) > 0.0);
    CHECK(s.derivative(-740.0) > 0.0);
  }
  if constexpr (std::is_same_v<T, float>) {
    CHECK(s.forward(-100.0f) > 0.0f);  // e^−100 ≈ 3.7e−44 is a subnormal float
    CHECK(s.derivative(100.0f) > 0.0f);
  }
}

TEST_CASE_TEMPLATE("sigmoid: special values and range", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::sigmoid<T> s;
  CHECK(s.forward(limits::infinity()) == T(1));
  CHECK(is_positive_zero(s.forward(-limits::infinity())));
  CHECK(is_positive_zero(s.derivative(limits::infinity())));
  CHECK(is_positive_zero(s.derivative(-limits::infinity())));
  CHECK(std::isnan(s.forward(limits::quiet_NaN())));
  CHECK(std::isnan(s.derivative(limits::quiet_NaN())));
  CHECK(s.forward(limits::max()) == T(1));
  CHECK(s.forward(limits::lowest()) == T(0));
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (std::isnan(x)) continue;
    const T y = s.forward(x);
    const T d = s.derivative(x);
    CHECK(y >= T(0));
    CHECK(y <= T(1));
    CHECK(d >= T(0));
    CHECK(d <= T(0.25));
    // σ(−x) = 1 − σ(x). Where σ(x) ≥ ½, 1 − σ(x) is exact (Sterbenz) but inherits σ(x)'s error,
    // which is measured in the larger ULPs of σ(x): the two sides agree to the forward bound there.
    if (y >= T(0.5)) {
      const long double gap = std::fabs(static_cast<long double>(s.forward(-x)) + y - 1.0L);
      CHECK(gap <= forward_tolerance * activ_test::ulp_of<T>(y));
    }
    CHECK(s.derivative(-x) == d);  // even, by construction
  }
  // Monotone over a fine grid through the working range.
  for (int i = -4000; i < 4000; ++i) {
    const T x = T(i) / T(100);
    CHECK(s.forward(x) <= s.forward(x + T(0.01)));
  }
}

TEST_CASE_TEMPLATE("tanh: closed forms", T, ACTIV_TEST_FLOAT_TYPES) {
  const activ::tanh<T> t;
  const auto p2 = at<T>(ln2);
  const auto m2 = at<T>(ln2, -1);
  const auto p3 = at<T>(ln3);
  // tanh(ln 2) = (2 − ½)/(2 + ½) = ⅗, tanh(ln 3) = (3 − ⅓)/(3 + ⅓) = ⅘, with slope 1 − tanh².
  ACTIV_CHECK_ULPS(t.forward(p2.x), expected(p2, 0.6L, 16.0L / 25), forward_tolerance);
  ACTIV_CHECK_ULPS(t.forward(m2.x), expected(m2, -0.6L, 16.0L / 25), forward_tolerance);
  ACTIV_CHECK_ULPS(t.forward(p3.x), expected(p3, 0.8L, 9.0L / 25), forward_tolerance);
  // tanh′ = 1 − tanh²: 16/25 at ±ln 2, 9/25 at ln 3, with slope tanh″ = −2 tanh·tanh′.
  ACTIV_CHECK_ULPS(t.derivative(p2.x), expected(p2, 16.0L / 25, -96.0L / 125),
                   derivative_tolerance);
  ACTIV_CHECK_ULPS(t.derivative(m2.x), expected(m2, 16.0L / 25, 96.0L / 125), derivative_tolerance);
  ACTIV_CHECK_ULPS(t.derivative(p3.x), expected(p3, 9.0L / 25, -72.0L / 125), derivative_tolerance);
  CHECK(t.derivative(T(0)) == T(1));
  // tanh′(x) ≈ 4e^−2x in the tail, where 1 − tanh² has already cancelled to 0.
  for (const int x : {10, 20, 40}) {
    const long double e = std::exp(-2.0L * x);
    ACTIV_CHECK_ULPS(t.derivative(T(x)), 4 * e / ((1 + e) * (1 + e)), derivative_tolerance);
  }
}

TEST_CASE_TEMPLATE("tanh: special values, symmetry and range", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::tanh<T> t;
  CHECK(t.forward(limits::infinity()) == T(1));
  CHECK(t.forward(-limits::infinity()) == T(-1));
  CHECK(is_positive_zero(t.forward(T(0))));
  CHECK(is_negative_zero(t.forward(-T(0))));
  CHECK(t.derivative(-T(0)) == T(1));
  CHECK(is_positive_zero(t.derivative(limits::infinity())));
  CHECK(is_positive_zero(t.derivative(-limits::infinity())));
  CHECK(std::isnan(t.forward(limits::quiet_NaN())));
  CHECK(std::isnan(t.derivative(limits::quiet_NaN())));
  CHECK(t.forward(limits::denorm_min()) == limits::denorm_min());  // tanh x = x − x³/3 + …
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (std::isnan(x)) continue;
    const T y = t.forward(x);
    CHECK(activ_test::same_bits(t.forward(-x), static_cast<T>(-y)));  // odd, bit for bit
    CHECK(y >= T(-1));
    CHECK(y <= T(1));
    CHECK(t.derivative(x) >= T(0));
    CHECK(t.derivative(x) <= T(1));
  }
  for (int i = -2000; i < 2000; ++i) {
    const T x = T(i) / T(100);
    CHECK(t.forward(x) <= t.forward(x + T(0.01)));
  }
}

TEST_CASE_TEMPLATE("relu: values, special values and signed zero", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::relu<T> r;
  CHECK(r.forward(T(3.5)) == T(3.5));
  CHECK(is_positive_zero(r.forward(T(-2))));
  CHECK(is_positive_zero(r.forward(-T(0))));  // relu(x) = 0 on the whole x ≤ 0 branch
  CHECK(r.forward(limits::infinity()) == limits::infinity());
  CHECK(is_positive_zero(r.forward(-limits::infinity())));
  CHECK(r.forward(limits::denorm_min()) == limits::denorm_min());  // not flushed
  CHECK(std::isnan(r.forward(limits::quiet_NaN())));
  CHECK(r.derivative(T(0.5)) == T(1));
  CHECK(r.derivative(limits::denorm_min()) == T(1));
  CHECK(r.derivative(T(0)) == T(0));  // x ≤ 0 branch at 0, as PyTorch and oneDNN
  CHECK(r.derivative(-T(0)) == T(0));
  CHECK(r.derivative(T(-7)) == T(0));
  CHECK(r.derivative(limits::infinity()) == T(1));
  CHECK(r.derivative(-limits::infinity()) == T(0));
  CHECK(std::isnan(r.derivative(limits::quiet_NaN())));
}

TEST_CASE_TEMPLATE("leaky_relu: values, parameters and special values", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::leaky_relu<T> standard;
  CHECK(standard.alpha() == T(1) / T(100));  // 0.01 correctly rounded in T, long double too
  CHECK(standard.forward(T(-100)) == T(1) / T(100) * T(-100));

  const activ::leaky_relu<T> l{T(0.25)};  // a power of two: every product below is exact
  CHECK(l.alpha() == T(0.25));
  CHECK(l.forward(T(3)) == T(3));
  CHECK(l.forward(T(-2)) == T(-0.5));
  CHECK(l.forward(T(-0.75)) == T(-0.1875));
  CHECK(l.derivative(T(3)) == T(1));
  CHECK(l.derivative(T(-3)) == T(0.25));
  CHECK(l.derivative(T(0)) == T(0.25));  // x ≤ 0 branch at 0
  CHECK(is_negative_zero(l.forward(-T(0))));
  CHECK(is_positive_zero(l.forward(T(0))));
  CHECK(l.forward(-limits::infinity()) == -limits::infinity());
  CHECK(l.forward(limits::infinity()) == limits::infinity());
  CHECK(l.derivative(-limits::infinity()) == T(0.25));
  CHECK(l.derivative(limits::infinity()) == T(1));
  CHECK(std::isnan(l.forward(limits::quiet_NaN())));
  CHECK(std::isnan(l.derivative(limits::quiet_NaN())));

  const activ::leaky_relu<T> flat{T(0)};  // α = 0: the limit, never 0·∞ = NaN
  CHECK(is_negative_zero(flat.forward(-limits::infinity())));
  CHECK(is_negative_zero(flat.forward(T(-5))));
  CHECK(std::isnan(flat.forward(limits::quiet_NaN())));
  const activ::leaky_relu<T> negative{T(-0.5)};  // negative slopes are allowed
  CHECK(negative.forward(T(-4)) == T(2));
  CHECK(negative.forward(-limits::infinity()) == limits::infinity());

  CHECK_THROWS_AS(activ::leaky_relu<T>{limits::quiet_NaN()}, std::invalid_argument);
  CHECK_THROWS_AS(activ::leaky_relu<T>{limits::infinity()}, std::invalid_argument);
  CHECK_THROWS_AS(activ::leaky_relu<T>{-limits::infinity()}, std::invalid_argument);
  CHECK_NOTHROW(activ::leaky_relu<T>{limits::max()});
}

TEST_CASE_TEMPLATE("elu: closed forms", T, ACTIV_TEST_FLOAT_TYPES) {
  for (const long double alpha : {1.0L, 0.5L, 1.75L}) {
    CAPTURE(alpha);
    const activ::elu<T> e{as<T>(alpha)};
    CHECK(e.alpha() == as<T>(alpha));
    CHECK(e.forward(T(2.5)) == T(2.5));
    CHECK(e.derivative(T(2.5)) == T(1));
    CHECK(e.derivative(T(0)) == as<T>(alpha));  // x ≤ 0 branch at 0: α·e^0
    const auto m2 = at<T>(ln2, -1);
    const auto m4 = at<T>(ln4, -1);
    // elu(−ln 2) = α(½ − 1), elu(−ln 4) = α(¼ − 1); elu′ = α e^x is also the slope of both.
    ACTIV_CHECK_ULPS(e.forward(m2.x), expected(m2, -alpha / 2, alpha / 2), forward_tolerance);
    ACTIV_CHECK_ULPS(e.forward(m4.x), expected(m4, -alpha * 3 / 4, alpha / 4), forward_tolerance);
    ACTIV_CHECK_ULPS(e.derivative(m2.x), expected(m2, alpha / 2, alpha / 2), derivative_tolerance);
    ACTIV_CHECK_ULPS(e.derivative(m4.x), expected(m4, alpha / 4, alpha / 4), derivative_tolerance);
  }
  const activ::elu<T> e;
  CHECK(e.alpha() == T(1));
  // Just below 0, e^x − 1 = x + x²/2 + … rounds to x itself once |x| < 2^−p: every digit survives,
  // where exp(x) − 1 would give 0 or a value wrong in its leading digit.
  constexpr int p = std::numeric_limits<T>::digits;
  for (const int k : {p + 2, 2 * p, 4 * p}) {
    const T x = -std::ldexp(T(1.5), -k);
    CHECK(e.forward(x) == x);
    CHECK(e.derivative(x) == T(1));  // e^x = 1 − |x| + … rounds to 1 at this size as well
  }
}

TEST_CASE_TEMPLATE("elu: special values, range and parameters", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::elu<T> e{T(0.5)};
  CHECK(e.forward(-limits::infinity()) == T(-0.5));
  CHECK(e.forward(limits::infinity()) == limits::infinity());
  CHECK(is_negative_zero(e.forward(-T(0))));
  CHECK(is_positive_zero(e.forward(T(0))));
  CHECK(is_positive_zero(e.derivative(-limits::infinity())));
  CHECK(e.derivative(limits::infinity()) == T(1));
  CHECK(e.forward(-limits::denorm_min()) == -limits::denorm_min() * T(0.5));
  CHECK(std::isnan(e.forward(limits::quiet_NaN())));
  CHECK(std::isnan(e.derivative(limits::quiet_NaN())));
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (std::isnan(x)) continue;
    CHECK(e.forward(x) >= T(-0.5));
    CHECK(e.derivative(x) >= T(0));
    CHECK(e.derivative(x) <= T(1));
  }
  CHECK_THROWS_AS(activ::elu<T>{T(-0.5)}, std::invalid_argument);
  CHECK_THROWS_AS(activ::elu<T>{limits::quiet_NaN()}, std::invalid_argument);
  CHECK_THROWS_AS(activ::elu<T>{limits::infinity()}, std::invalid_argument);
  CHECK_NOTHROW(activ::elu<T>{T(0)});
  CHECK_NOTHROW(activ::elu<T>{-T(0)});
}
