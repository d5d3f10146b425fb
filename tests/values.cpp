// For every row of the registry (tests/registry.hpp), over float, double and long double: its
// special values on every path, its range, its symmetry and its monotone pieces. Then closed-form
// values that can be proved by hand, for the activations that have them.
//
// The inputs ln 2, ln 3 and ln 4 are not representable: each is passed as the nearest T, x_T,
// and the expected value is the closed form at the true logarithm moved by the closed-form slope
// times (x_T − ln k). The second-order term is below 2^−100 relative, so the tolerances measure
// the evaluation alone.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <list>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using activ_test::same_bits;
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

// An exact expectation met: the same value and sign (zeros and infinities), NaN for NaN.
template <class T>
bool same_value(T got, T expected) {
  if (std::isnan(expected)) return std::isnan(got);
  return got == expected && std::signbit(got) == std::signbit(expected);
}

template <class T>
bool is_negative_zero(T x) {
  return x == T(0) && std::signbit(x);
}
template <class T>
bool is_positive_zero(T x) {
  return x == T(0) && !std::signbit(x);
}

// special_and_grid_inputs without NaN, in increasing order, and a fine grid through the working
// range (step 0.01 over [−40, 40]) where the functions bend.
template <class T>
std::vector<T> ordered_inputs() {
  std::vector<T> xs;
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (!std::isnan(x)) xs.push_back(x);
  }
  for (int i = -4000; i <= 4000; ++i) xs.push_back(T(i) / T(100));
  std::sort(xs.begin(), xs.end());
  return xs;
}

}  // namespace

// Each special value of each configuration, forward and derivative, through the scalar members,
// the span members on every instruction set (the specials repeated past the kernels' longest block
// pipeline, so that each lands in a full block, in a remainder and at both ends), in place, and the
// iterator members over contiguous (the span kernels) and bidirectional (element by element)
// iterators.
TEST_CASE_TEMPLATE("every row: special values on every path", T, ACTIV_TEST_FLOAT_TYPES) {
  activ_test::for_each_configuration<T>([]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const auto specials = Row::template specials<T>(f);
    REQUIRE(!specials.empty());
    for (const auto& s : specials) {
      CAPTURE(s.x);
      CHECK(same_value(f.forward(s.x), s.forward));
      CHECK(same_value(f(s.x), s.forward));
      CHECK(same_value(f.derivative(s.x), s.derivative));
    }

    std::vector<T> in;
    while (in.size() < 150) {
      for (const auto& s : specials) in.push_back(activ_test::opaque(s.x));
    }
    const auto check_all = [&](const std::vector<T>& out, bool forward, const std::string& path) {
      CAPTURE(path);
      CAPTURE(forward);
      REQUIRE(out.size() == in.size());
      std::size_t failures = 0;
      for (std::size_t i = 0; i < in.size(); ++i) {
        const auto& s = specials[i % specials.size()];
        if (!same_value(out[i], forward ? s.forward : s.derivative) && failures++ == 0) {
          CAPTURE(i);
          CAPTURE(s.x);
          CAPTURE(out[i]);
          CHECK(false);
        }
      }
      CHECK(failures == 0);
    };
    for (const auto set : activ_test::available_array_isas()) {
      const std::string isa_name = activ::detail::simd::name(set);
      CAPTURE(isa_name);
      const activ_test::array_isa_scope scope(set);
      std::vector<T> out(in.size(), T(-7));
      f.forward(in, out);
      check_all(out, true, "span");
      f.derivative(in, out);
      check_all(out, false, "span");
      out = in;
      f.forward(out, out);
      check_all(out, true, "in place");
      out = in;
      f.derivative(out, out);
      check_all(out, false, "in place");
      f.forward(in.begin(), in.end(), out.begin());
      check_all(out, true, "contiguous iterators");
      f.derivative(in.data(), in.data() + in.size(), out.data());
      check_all(out, false, "contiguous iterators");
    }
    const std::list<T> listed(in.begin(), in.end());
    std::list<T> listed_out;
    f.forward(listed.begin(), listed.end(), std::back_inserter(listed_out));
    check_all(std::vector<T>(listed_out.begin(), listed_out.end()), true, "list iterators");
    listed_out.clear();
    f.derivative(listed.begin(), listed.end(), std::back_inserter(listed_out));
    check_all(std::vector<T>(listed_out.begin(), listed_out.end()), false, "list iterators");
  });
}

// Every result over special_and_grid_inputs (NaN excepted) lies in the row's range, through the
// scalar members and the span members on every instruction set.
TEST_CASE_TEMPLATE("every row: results lie in the range", T, ACTIV_TEST_FLOAT_TYPES) {
  std::vector<T> in;
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (!std::isnan(x)) in.push_back(x);
  }
  activ_test::for_each_configuration<T>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    activ_test::for_each_direction<Row>([&]<class Direction>(auto member) {
      const std::string direction = member.name;
      CAPTURE(direction);
      const auto check_range = [&](const std::vector<T>& out, const std::string& path) {
        CAPTURE(path);
        std::size_t failures = 0;
        for (std::size_t i = 0; i < in.size(); ++i) {
          if (!Direction::in_range(out[i], f) && failures++ == 0) {
            CAPTURE(in[i]);
            CAPTURE(out[i]);
            CHECK(false);
          }
        }
        CHECK(failures == 0);
      };
      std::vector<T> out(in.size());
      for (std::size_t i = 0; i < in.size(); ++i) out[i] = member(f, in[i]);
      check_range(out, "scalar");
      for (const auto set : activ_test::available_array_isas()) {
        const activ_test::array_isa_scope scope(set);
        member(f, in, out);
        check_range(out, activ::detail::simd::name(set));
      }
    });
  });
}

// The row's symmetry, through the scalar members and the span members on every instruction set:
// odd and even bit for bit. σ-like (f(−x) = 1 − f(x)) to the error of each path: where f(x) ≥ ½,
// 1 − f(x) is exact (Sterbenz) but inherits f(x)'s error, measured in the larger ULPs of f(x), so
// the two sides agree to 2 ULPs of f(x) (within 1 ULP each on the scalar and array paths).
TEST_CASE_TEMPLATE("every row: symmetry", T, ACTIV_TEST_FLOAT_TYPES) {
  std::vector<T> in;
  for (const T x : activ_test::special_and_grid_inputs<T>()) {
    if (!std::isnan(x)) in.push_back(x);
  }
  std::vector<T> negated(in.size());
  std::transform(in.begin(), in.end(), negated.begin(), [](T x) { return -x; });
  constexpr long double logistic_tolerance = 2;  // ULPs of f(x)
  activ_test::for_each_configuration<T>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    activ_test::for_each_direction<Row>([&]<class Direction>(auto member) {
      const std::string direction = member.name;
      CAPTURE(direction);
      using activ_test::symmetry;
      if constexpr (Direction::shape != symmetry::none) {
        const auto check_shape = [&](const std::vector<T>& at_x, const std::vector<T>& at_minus_x,
                                     const std::string& path) {
          CAPTURE(path);
          std::size_t failures = 0;
          for (std::size_t i = 0; i < in.size(); ++i) {
            const T y = at_x[i];
            bool ok = true;
            if constexpr (Direction::shape == symmetry::odd) {
              ok = same_bits(at_minus_x[i], static_cast<T>(-y));
            } else if constexpr (Direction::shape == symmetry::even) {
              ok = same_bits(at_minus_x[i], y);
            } else if (y >= T(0.5)) {
              const long double gap = std::fabs(static_cast<long double>(at_minus_x[i]) + y - 1.0L);
              ok = gap <= logistic_tolerance * activ_test::ulp_of<T>(y);
            }
            if (!ok && failures++ == 0) {
              CAPTURE(in[i]);
              CAPTURE(y);
              CAPTURE(at_minus_x[i]);
              CHECK(false);
            }
          }
          CHECK(failures == 0);
        };
        std::vector<T> at_x(in.size());
        std::vector<T> at_minus_x(in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
          at_x[i] = member(f, in[i]);
          at_minus_x[i] = member(f, negated[i]);
        }
        check_shape(at_x, at_minus_x, "scalar");
        for (const auto set : activ_test::available_array_isas()) {
          const activ_test::array_isa_scope scope(set);
          member(f, in, at_x);
          member(f, negated, at_minus_x);
          check_shape(at_x, at_minus_x, activ::detail::simd::name(set));
        }
      }
    });
  });
}

// Monotone where the row says so, on the scalar path: a monotone direction never decreases from one
// input to the next in order, and every other direction is monotone (one way or the other) on each
// open interval between consecutive turning points and 0, whose own values may sit on either side
// of a jump (hardswish′(−3) = 0 before it falls to −½).
TEST_CASE_TEMPLATE("every row: monotone pieces", T, ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> xs = ordered_inputs<T>();
  activ_test::for_each_configuration<T>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    activ_test::for_each_direction<Row>([&]<class Direction>(auto member) {
      const std::string direction = member.name;
      CAPTURE(direction);
      std::vector<long double> ends = {-std::numeric_limits<long double>::infinity(),
                                       std::numeric_limits<long double>::infinity()};
      if constexpr (!Direction::monotone) {
        for (const double b : Direction::turning_points(f)) ends.push_back(b);
        ends.push_back(0.0L);
        std::sort(ends.begin(), ends.end());
      }
      for (std::size_t piece = 0; piece + 1 < ends.size(); ++piece) {
        const long double low = ends[piece];
        const long double high = ends[piece + 1];
        CAPTURE(static_cast<double>(low));
        CAPTURE(static_cast<double>(high));
        std::size_t rises = 0;
        std::size_t falls = 0;
        T first_rise = T(0);
        T first_fall = T(0);
        bool started = false;
        T previous = T(0);
        for (const T x : xs) {
          const auto wide = static_cast<long double>(x);
          // Open at turning points and 0; ±∞ belong to the outer pieces.
          if (!(wide > low || std::isinf(low)) || !(wide < high || std::isinf(high))) continue;
          const T y = member(f, x);
          if (started && y > previous && rises++ == 0) first_rise = x;
          if (started && y < previous && falls++ == 0) first_fall = x;
          previous = y;
          started = true;
        }
        CAPTURE(first_rise);
        CAPTURE(first_fall);
        CHECK((rises == 0 || falls == 0));
        if constexpr (Direction::monotone) CHECK(falls == 0);
      }
    });
  });
}

TEST_CASE_TEMPLATE("sigmoid: closed forms", T, ACTIV_TEST_FLOAT_TYPES) {
  const activ::sigmoid<T> s;
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

TEST_CASE_TEMPLATE("sigmoid: the largest finite inputs saturate", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::sigmoid<T> s;
  CHECK(s.forward(limits::max()) == T(1));
  CHECK(s.forward(limits::lowest()) == T(0));
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
  // tanh′(x) ≈ 4e^−2x in the tail, where 1 − tanh² has already cancelled to 0.
  for (const int x : {10, 20, 40}) {
    const long double e = std::exp(-2.0L * x);
    ACTIV_CHECK_ULPS(t.derivative(T(x)), 4 * e / ((1 + e) * (1 + e)), derivative_tolerance);
  }
}

TEST_CASE_TEMPLATE("tanh: the smallest subnormal", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::tanh<T> t;
  CHECK(t.forward(limits::denorm_min()) == limits::denorm_min());  // tanh x = x − x³/3 + …
}

TEST_CASE_TEMPLATE("relu: values on both branches", T, ACTIV_TEST_FLOAT_TYPES) {
  const activ::relu<T> r;
  CHECK(r.forward(T(3.5)) == T(3.5));
  CHECK(r.derivative(T(0.5)) == T(1));
  CHECK(r.derivative(T(-7)) == T(0));
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

TEST_CASE_TEMPLATE("elu: subnormals and parameters", T, ACTIV_TEST_FLOAT_TYPES) {
  using limits = std::numeric_limits<T>;
  const activ::elu<T> e{T(0.5)};
  CHECK(e.forward(-limits::denorm_min()) == -limits::denorm_min() * T(0.5));
  CHECK_THROWS_AS(activ::elu<T>{T(-0.5)}, std::invalid_argument);
  CHECK_THROWS_AS(activ::elu<T>{limits::quiet_NaN()}, std::invalid_argument);
  CHECK_THROWS_AS(activ::elu<T>{limits::infinity()}, std::invalid_argument);
  CHECK_NOTHROW(activ::elu<T>{T(0)});
  CHECK_NOTHROW(activ::elu<T>{-T(0)});
}
