// Each derivative of every configuration of every row of the registry checked without its own
// formula: against forward-mode automatic differentiation through `forward` with a dual-number type
// (which also proves that a user-defined real type works), and against a fourth-order central
// difference of the long double forward.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

namespace autodiff {

// v + d·ε with ε² = 0: evaluating f on (x, 1) yields (f(x), f′(x)). Only what activ::real asks for
// is provided, so this type also checks that the requirement is complete.
template <class V>
struct dual {
  V value{};
  V tangent{};

  dual() = default;
  constexpr dual(V v, V d) noexcept : value(v), tangent(d) {}
  constexpr explicit dual(int v) noexcept : value(static_cast<V>(v)) {}
  constexpr explicit dual(double v) noexcept : value(static_cast<V>(v)) {}

  friend constexpr dual operator+(const dual& a, const dual& b) noexcept {
    return {a.value + b.value, a.tangent + b.tangent};
  }
  friend constexpr dual operator-(const dual& a, const dual& b) noexcept {
    return {a.value - b.value, a.tangent - b.tangent};
  }
  friend constexpr dual operator*(const dual& a, const dual& b) noexcept {
    return {a.value * b.value, a.tangent * b.value + a.value * b.tangent};
  }
  friend constexpr dual operator/(const dual& a, const dual& b) noexcept {
    return {a.value / b.value, (a.tangent * b.value - a.value * b.tangent) / (b.value * b.value)};
  }
  friend constexpr dual operator-(const dual& a) noexcept { return {-a.value, -a.tangent}; }

  // Branches in the activations compare values; the tangent rides along.
  friend constexpr bool operator<(const dual& a, const dual& b) noexcept {
    return a.value < b.value;
  }
  friend constexpr bool operator<=(const dual& a, const dual& b) noexcept {
    return a.value <= b.value;
  }
  friend constexpr bool operator>(const dual& a, const dual& b) noexcept {
    return a.value > b.value;
  }
  friend constexpr bool operator>=(const dual& a, const dual& b) noexcept {
    return a.value >= b.value;
  }
  friend constexpr bool operator==(const dual& a, const dual& b) noexcept {
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wfloat-equal"
#endif
    return a.value == b.value && a.tangent == b.tangent;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
  }

  friend dual exp(const dual& a) noexcept {
    const V e = std::exp(a.value);
    return {e, e * a.tangent};
  }
  friend dual expm1(const dual& a) noexcept {
    return {std::expm1(a.value), std::exp(a.value) * a.tangent};
  }
  friend dual log1p(const dual& a) noexcept {
    return {std::log1p(a.value), a.tangent / (V(1) + a.value)};
  }
  // d erfc = −(2/√π)·e^(−x²) dx.
  friend dual erfc(const dual& a) noexcept {
    constexpr V two_over_sqrt_pi = static_cast<V>(1.12837916709551257389615890312154517L);
    return {std::erfc(a.value), -two_over_sqrt_pi * std::exp(-a.value * a.value) * a.tangent};
  }
  // d tanh = sech² dx, written as (1/cosh)² so that it neither overflows nor uses activ's formula.
  friend dual tanh(const dual& a) noexcept {
    const V sech = V(1) / std::cosh(a.value);
    return {std::tanh(a.value), sech * sech * a.tangent};
  }
};

}  // namespace autodiff

static_assert(activ::real<autodiff::dual<double>>);
static_assert(activ::real<autodiff::dual<float>>);

namespace {

// Every row's functor over dual numbers models activ::activation, and as the dual operations are
// noexcept, so are its scalar members.
template <class... Rows>
constexpr bool all_take_dual_numbers(activ_test::row_list<Rows...>) {
  using D = autodiff::dual<double>;
  return ((activ::activation<typename Rows::template functor<D>> &&
           activ::activation<typename Rows::template functor<autodiff::dual<float>>>&& noexcept(
               std::declval<const typename Rows::template functor<D>&>().forward(
                   D{}))&& noexcept(std::declval<const typename Rows::template functor<D>&>()
                                        .derivative(D{}))) &&
          ...);
}
static_assert(all_take_dual_numbers(activ_test::all_rows{}));

// Whether x lies within `distance` of one of the row's special inputs, which include its kinks:
// there the derivative is a convention (relu′(0) = 0, hardtanh′ at its bounds = 0) that
// values.cpp checks exactly, while differentiation follows whichever branch the code takes.
template <class Row, class F, class T>
bool near_special(const F& f, T x, long double distance) {
  return std::ranges::any_of(Row::template specials<T>(f), [&](const auto& s) {
    return std::isfinite(s.x) &&
           std::fabs(static_cast<long double>(x) - static_cast<long double>(s.x)) <= distance;
  });
}

template <class V>
std::vector<V> sample_points() {
  std::vector<V> xs;
  for (int i = -1200; i <= 1200; ++i) xs.push_back(static_cast<V>(i) / V(40));  // [−30, 30]
  for (const V x : {V(-700), V(-300), V(-80), V(-45), V(45), V(80), V(300), V(700), V(1e-3),
                    V(-1e-3), V(1e-7), V(-1e-7), V(1e-30), V(-1e-30)}) {
    if (std::isfinite(x)) xs.push_back(x);
  }
  return xs;
}

}  // namespace

// Differentiating a formula by dual numbers rounds differently from activ's own derivative: the
// quotient rule adds several roundings and may cancel (softsign′ = ((1 + |x|) − |x|)/(1 + |x|)²
// loses about four bits near |x| = 16), so the dual numbers run in the next wider type (double for
// float, long double for double), where those roundings stay far below an ULP of V, and the two
// agree to a few ULPs, not bit for bit. Every configuration of every row, the dual functor built
// from the same parameters.
TEST_CASE_TEMPLATE("derivative equals forward-mode automatic differentiation", V, float, double) {
  using W = std::conditional_t<std::is_same_v<V, float>, double, long double>;
  using D = autodiff::dual<W>;
  constexpr long double tolerance = 8;  // ULPs of V
  long double worst = 0;
  activ_test::for_each_configuration<V>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const auto g = activ_test::rebind<Row, D>(f, [](V p) { return D(static_cast<W>(p), W(0)); });
    for (const V x : sample_points<V>()) {
      CAPTURE(x);
      const D y = g.forward(D(static_cast<W>(x), W(1)));
      CHECK(activ_test::ulp_error(f.forward(x), y.value) <= tolerance);
      if (near_special<Row>(f, x, 0.0L)) continue;
      const long double error = activ_test::ulp_error(f.derivative(x), y.tangent);
      CHECK(error <= tolerance);
      worst = std::max(worst, error);
    }
  });
  MESSAGE("worst disagreement with dual numbers: " << static_cast<double>(worst) << " ULP");
}

// The training members over the user-defined dual type: backward(x, g) is g·f′(x) in the dual
// arithmetic, and from the output the closed forms at y = f(x): the values agree with activ's own
// members over W (the same formulas in the same type, a few roundings apart), and the tangent of
// backward along x is g·f″(x), finite wherever the function is smooth. This is the check that a
// user's real type, with nothing but what activ::real asks for, runs every training member.
TEST_CASE_TEMPLATE("training members on a user-defined type (dual numbers)", V, float, double) {
  using W = std::conditional_t<std::is_same_v<V, float>, double, long double>;
  using D = autodiff::dual<W>;
  constexpr long double tolerance = 8;  // ULPs of W
  activ_test::for_each_configuration<V>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const auto wide = activ_test::rebind<Row, W>(f);
    const auto dual = activ_test::rebind<Row, D>(f, [](V p) { return D(static_cast<W>(p), W(0)); });
    using F = std::remove_cvref_t<decltype(wide)>;
    for (const V v : sample_points<V>()) {
      const W x = v;
      const W g = W(-0.75);
      CAPTURE(x);
      if (near_special<Row>(f, v, 0.0L)) continue;
      const D got = dual.backward(D(x, W(1)), D(g, W(0)));
      // A type without error-free transformations (a dual number) gets no exact pairs for the
      // arguments activ carries as pairs in W (gelu's tanh form: w = x·(A + B·x²) inside e^w):
      // their roundings, a few ULPs of x, reach the result multiplied by its condition number
      // |x·(g·f″)/(g·f′)|, which the dual tangent gives.
      // Near the subnormals the dual arithmetic rounds a small factor (e^w) to their absolute
      // spacing before multiplying it by a large one (gelu's tanh form: 3B·x³ ≈ 700 at x = −21.5),
      // and its relative error grows without bound: such results are not compared.
      const W condition =
          got.value < 0 || got.value > 0 ? std::fabs(x * got.tangent / got.value) : W(0);
      const W expected = wide.backward(x, g);
      CAPTURE(condition);
      if (std::fabs(expected) >= std::numeric_limits<W>::min() * 0x1p30) {
        CHECK(activ_test::ulp_error<W>(got.value, expected) <= tolerance + 4 * condition);
      }
      CHECK(std::isfinite(got.tangent));
      if constexpr (activ::output_determines_derivative<F>) {
        const W y = wide.forward(x);
        const D from_y = dual.backward_from_output(D(y, W(0)), D(g, W(0)));
        CHECK(activ_test::ulp_error<W>(from_y.value, wide.backward_from_output(y, g)) <= tolerance);
      }
    }
    std::vector<D> xs = {D(W(0.5), W(1)), D(W(-0.5), W(1))};
    std::vector<D> gs = {D(W(2), W(0)), D(W(2), W(0))};
    std::vector<D> out(2);
    dual.backward(xs, gs, out);  // the span member over a user type: the scalar loop
    CHECK(activ_test::ulp_error<W>(out[0].value, wide.backward(W(0.5), W(2))) <= tolerance);
  });
}

// D(h) = [f(x − 2h) − 8f(x − h) + 8f(x + h) − f(x + 2h)] / 12h = f′(x) − h⁴·f⁽⁵⁾/30 − h⁶·f⁽⁷⁾/252
// − …, in long double over the same configuration in long double, and f′(x) ≈ [16·D(h) − D(2h)]/15,
// which cancels the h⁴ term. What remains, 4h⁶·f⁽⁷⁾/315, is below 1e−19 with h = 2^−12 for these
// functions (softsign's |f⁽⁷⁾| ≤ 7! is the largest; D(h) alone would be off by 1.4e−14 there). The
// rounding error is about 20 roundings of f over 12h, near 1e−14·max|f|. Both are allowed for: far
// inside an ULP of float, some tens of ULPs of double, which MPFR checks closer in
// tests/accuracy.cpp. Points within 9h of a row's special inputs (its kinks among them) are
// skipped, so that the stencil, out to ±8h, stays on one piece.
TEST_CASE_TEMPLATE("derivative equals a central difference in long double", T, float, double) {
  constexpr long double ulps = 4;
  const long double h = std::ldexp(1.0L, -12);
  activ_test::for_each_configuration<T>([&]<class Row>(const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const auto wide = activ_test::rebind<Row, long double>(f);
    for (int i = -800; i <= 800; ++i) {
      const long double x0 = static_cast<long double>(i) / 40 + 0.0123L;
      const T x = static_cast<T>(x0);
      const long double xl = x;
      if (near_special<Row>(f, x, 9 * h)) continue;
      long double scale = 1e-4000L;  // the largest |f| the differences subtract
      const auto difference = [&](long double step) {
        const long double fm2 = wide.forward(xl - 2 * step);
        const long double fm1 = wide.forward(xl - step);
        const long double fp1 = wide.forward(xl + step);
        const long double fp2 = wide.forward(xl + 2 * step);
        scale = std::max({scale, std::fabs(fm2), std::fabs(fm1), std::fabs(fp1), std::fabs(fp2)});
        return (fm2 - 8 * fm1 + 8 * fp1 - fp2) / (12 * step);
      };
      const long double d1 = difference(h);
      const long double d2 = difference(2 * h);
      const long double d4 = difference(4 * h);
      const long double estimate = (16 * d1 - d2) / 15;
      // The h⁶ term, a posteriori: the same extrapolation from 2h is off by 64 times as much, so
      // their difference bounds it. It matters only where f⁽⁷⁾/f′ is large: the tails of gelu's
      // tanh form, e^w with w′ ≈ 30 at x = −20, where it reaches 10^−12 relatively.
      const long double truncation = std::fabs(estimate - (16 * d2 - d4) / 15) / 63;
      const long double allowed = ulps * activ_test::ulp_of<T>(estimate) +
                                  1e-14L * std::fabs(estimate) + 2 * truncation +
                                  32 * std::numeric_limits<long double>::epsilon() * scale / h;
      CAPTURE(x);
      CAPTURE(estimate);
      CHECK(std::fabs(static_cast<long double>(f.derivative(x)) - estimate) <= allowed);
    }
  });
}
