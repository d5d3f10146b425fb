// Accuracy of every configuration of every row of the registry (tests/registry.hpp), forward and
// derivative, measured in ULPs against MPFR.
//
// The reference values come from the rows' closed forms evaluated in 256-bit MPFR, written from
// the mathematics and never by calling activ, so a wrong formula in the library cannot hide in its
// own reference. The inputs cover, for each type, the whole finite range: a uniform grid out past
// the point where σ and e^x underflow, a uniform and a seeded random sample of the transition
// region, points spread logarithmically over every binade from the subnormals to the largest
// finite value on both signs, the special values and saturation thresholds with their neighbours,
// every row's special inputs (its kinks) with their neighbours, and the hardest inputs a wider
// random search found. The iterator path must give the scalar path's bits, and so must the span
// path unless the row's bounds let its vector kernel differ, in which case it is measured on its
// own; so the error measured here holds for all three.
//
// Error of a result `got` for the exact value y (the reference before any rounding to T):
//
//   err = |got − y| / ulp_T(y),   ulp_T(y) = 2^(max(e, emin) − p + 1),   e = floor(log2 |y|),
//
// with emin = numeric_limits<T>::min_exponent − 1 and p = numeric_limits<T>::digits, so ulp_T is
// the spacing of T around y, denorm_min throughout the subnormals, and denorm_min for y = 0. A
// correctly rounded result has err ≤ 0.5. A ±∞ or NaN result where y is finite is an infinite
// error, except ±∞ where y lies beyond the largest finite value and itself rounds to that infinity
// (then ±∞ is the correctly rounded result); a NaN input must give NaN.

#include <activ/activ.hpp>

#include <doctest/doctest.h>
#include <mpfr.h>

#include "mpfr_reference.hpp"
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using namespace activ_test::mpfr;

template <class T>
constexpr const char* type_name() {
  if constexpr (std::is_same_v<T, float>) return "float";
  if constexpr (std::is_same_v<T, double>) return "double";
  return "long double";
}

constexpr double infinite_error = std::numeric_limits<double>::infinity();

// err as defined at the top of the file, computed in MPFR; `scratch` avoids an allocation per call.
template <class T>
double ulp_error(T got, mpfr_srcptr exact, mpfr_ptr scratch) {
  if (mpfr_nan_p(exact)) return std::isnan(got) ? 0.0 : infinite_error;
  if (!std::isfinite(got)) return round_to<T>(exact) == got ? 0.0 : infinite_error;
  if (mpfr_inf_p(exact)) return infinite_error;

  using limits = std::numeric_limits<T>;
  constexpr mpfr_exp_t p = limits::digits;
  constexpr mpfr_exp_t emin = limits::min_exponent - 1;
  // mpfr_get_exp gives E with |y| = m·2^E, m ∈ [1/2, 1), so floor(log2 |y|) = E − 1.
  const mpfr_exp_t e = mpfr_zero_p(exact) ? emin : mpfr_get_exp(exact) - 1;
  const mpfr_exp_t ulp_exponent = std::max(e, emin) - p + 1;

  set_exact(scratch, got);
  mpfr_sub(scratch, scratch, exact, MPFR_RNDN);
  mpfr_abs(scratch, scratch, MPFR_RNDN);
  mpfr_mul_2si(scratch, scratch, -ulp_exponent, MPFR_RNDN);
  return mpfr_get_d(scratch, MPFR_RNDN);
}

// ---------------------------------------------------------------------------------------------
// What is measured: one direction (forward or derivative) of one configuration of one row of the
// registry (tests/registry.hpp), through each of the three paths, with its reference and the bounds
// it must meet.

template <class T>
struct subject {
  std::string label;  // "leaky_relu(0.01) derivative"
  std::function<T(T)> scalar;
  std::function<void(std::span<const T>, std::span<T>)> span;
  // Through iterators of another kind than pointers: vector iterators in, a back_inserter out.
  std::function<void(const std::vector<T>&, std::vector<T>&)> iterator;
  // The row's MPFR reference for this configuration; x is never NaN here.
  std::function<void(mpfr_ptr, mpfr_srcptr)> exact;
  double max_ulp = 0;
  // Where the row's bounds let the span path's vector kernel differ from the scalar path
  // (support.hpp), it is measured on its own and held to array_max_ulp; elsewhere it must give
  // the scalar bits.
  bool array_kernel = false;
  double array_max_ulp = 0;
};

// Every direction of every configuration of every row, each held to the row's bounds for T
// (support.hpp's error_bound: float scalar results correctly rounded, double and long double as
// the row and the platform's evaluation say).
template <class T>
std::vector<subject<T>> subjects() {
  std::vector<subject<T>> all;
  activ_test::for_each_configuration<T>([&all]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    activ_test::for_each_direction<Row>([&]<class Direction>(auto member) {
      using activ_test::path;
      all.push_back(subject<T>{
          activ_test::label(f) + " " + member.name, [f, member](T x) { return member(f, x); },
          [f, member](std::span<const T> in, std::span<T> out) { member(f, in, out); },
          [f, member](const std::vector<T>& in, std::vector<T>& out) {
            member(f, in.begin(), in.end(), std::back_inserter(out));
          },
          [f](mpfr_ptr y, mpfr_srcptr x) { Direction::exact(y, x, f); },
          activ_test::error_bound<T, Direction>(path::scalar),
          activ_test::array_may_differ<F, decltype(member)::kernel>,
          activ_test::error_bound<T, Direction>(path::array)});
    });
  });
  return all;
}

// ---------------------------------------------------------------------------------------------
// Inputs. Sample points are computed in long double and rounded to T; which T value a point lands
// on does not matter, only that the points cover every region.

using wide = long double;

template <class T>
void add_uniform(std::vector<T>& x, wide half_width, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const wide t = static_cast<wide>(i) / static_cast<wide>(n - 1);
    x.push_back(static_cast<T>(-half_width + 2 * half_width * t));
  }
}

// n magnitudes evenly spaced in log2 over [2^lo, 2^hi), each with both signs.
template <class T>
void add_logarithmic(std::vector<T>& x, wide lo, wide hi, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const wide t = static_cast<wide>(i) / static_cast<wide>(n);
    const T m = static_cast<T>(std::exp2(lo + (hi - lo) * t));
    x.push_back(m);
    x.push_back(-m);
  }
}

// n points uniformly at random in [−half_width, half_width], from a fixed seed. The 64 random bits
// are scaled exactly (in long double), so the sample is the same with every standard library.
template <class T>
void add_random(std::vector<T>& x, wide half_width, std::size_t n) {
  std::mt19937_64 bits(20240611);
  for (std::size_t i = 0; i < n; ++i) {
    const wide t = static_cast<wide>(bits()) * wide(0x1p-64);
    x.push_back(static_cast<T>(-half_width + 2 * half_width * t));
  }
}

// Inputs where the library's error came out largest in a random search of 3·10^6 points over the
// transition region (|x| < 40, and magnitudes 2^−40 … 2^6) with glibc 2.36. The grid above misses
// them; they are kept so that the bounds are checked where they are tightest.
template <class T>
std::vector<T> hard_cases() {
  if constexpr (std::is_same_v<T, double>) {
    return {
        -0x1.0a0d559d05ae8p+2,  // sigmoid forward, 2.30 ulp
        0x1.099ef5c13f6f8p+2,   // sigmoid derivative, 3.88 ulp
        -0x1.d86836186eb07p-3,  // tanh forward, 2.14 ulp (glibc tanh itself)
        -0x1.a6af929eca1cdp+2,  // tanh derivative, 3.75 ulp
    };
  } else if constexpr (std::is_same_v<T, long double>) {
    return {
        -0xd.cd25a55be2255p-2L,   // sigmoid forward, 2.27 ulp
        -0xb.1496f921ae738p-1L,   // sigmoid derivative, 4.09 ulp
        0xc.eed210e82a7a8p-6L,    // tanh forward, 2.71 ulp (glibc tanhl itself)
        0xf.ac0d59666b15aadp-5L,  // tanh forward, 0.72 ulp (detail/tanh_extended.hpp)
        -0x8.45df91a379e38p-2L,   // tanh derivative, 4.01 ulp
        -0xf.c999e6f87bb4p-18L,   // elu forward, 1.92 ulp (glibc expm1l itself)
    };
  } else {
    return {};
  }
}

// v and −v with `neighbours` adjacent values of T on each side of each.
template <class T>
void add_with_neighbours(std::vector<T>& x, T v, int neighbours) {
  for (const T s : {v, -v}) {
    T below = s;
    T above = s;
    x.push_back(s);
    for (int i = 0; i < neighbours; ++i) {
      below = std::nextafter(below, -std::numeric_limits<T>::infinity());
      above = std::nextafter(above, std::numeric_limits<T>::infinity());
      x.push_back(below);
      x.push_back(above);
    }
  }
}

// 1 to measure every spread input below, or k to measure one in k, from the environment variable
// ACTIV_ACCURACY_THINNING: the README's test command runs a quarter (tests/CMakeLists.txt), the
// exhaustive stage all. The boundaries, thresholds and special inputs are always measured.
std::size_t thinning() {
  const char* text = std::getenv("ACTIV_ACCURACY_THINNING");
  if (text == nullptr || *text == '\0') return 1;
  char* end = nullptr;
  const unsigned long long k = std::strtoull(text, &end, 10);
  if (*end != '\0' || k == 0 || k > 1024) {
    throw std::invalid_argument(
        std::string("ACTIV_ACCURACY_THINNING: not a count from 1 to 1024: ") + text);
  }
  return static_cast<std::size_t>(k);
}

template <class T>
std::vector<T> inputs() {
  using limits = std::numeric_limits<T>;
  const std::size_t k = thinning();
  constexpr int p = limits::digits;
  const wide ln_denorm_min = std::log(static_cast<wide>(limits::denorm_min()));
  std::vector<T> x;

  // Out past x = ln(denorm_min) (−103 in float, −745 in double, −11400 in long double), where σ(x),
  // e^x and σ′(x) reach 0 and tanh′ is long gone; spacing 0.002 in float, 0.2 in long double.
  add_uniform(x, wide(1.1) * -ln_denorm_min, (std::size_t{1} << 16) / k);
  // Dense over the transitions: σ and tanh round to ±1 and expm1 to −1 by |x| = 45 in any type.
  // The uniform points have short mantissas; the random ones fill every bit.
  add_uniform(x, wide(64), (std::size_t{1} << 16) / k);
  add_random(x, wide(48), (std::size_t{1} << 16) / k);
  // Every binade of both signs, from denorm_min to max.
  add_logarithmic(x, wide(limits::min_exponent - p), wide(limits::max_exponent),
                  (std::size_t{1} << 15) / k);
  // Denser where relative accuracy near 0 is at stake: tanh(x) → x, expm1(x) → x, σ(x) → 1/2.
  add_logarithmic(x, wide(-2 * p), wide(7), (std::size_t{1} << 15) / k);

  // Boundaries of T and the saturation thresholds of the functions, each with its neighbours.
  const wide ln2 = std::log(wide(2));
  const wide thresholds[] = {
      ln_denorm_min,                               // e^x and σ(x) underflow to 0
      std::log(static_cast<wide>(limits::min())),  // e^x enters the subnormals
      std::log(static_cast<wide>(limits::max())),  // e^x overflows
      ln2 * (p + 1),                               // σ(x) rounds to 1
      ln2 * (p + 2) / 2,                           // tanh(x) rounds to 1
      -ln_denorm_min / 2,                          // tanh′(x) = 4e^−2x underflows
      ln2 * (p + 2),                               // σ′(x) rounds to e^−x
  };
  for (const wide t : thresholds) add_with_neighbours(x, static_cast<T>(t), 16);
  for (const T v : {T(0), T(1), T(0.5), limits::denorm_min(), limits::min(), limits::max()}) {
    add_with_neighbours(x, v, 4);
  }
  for (const T v : hard_cases<T>()) add_with_neighbours(x, v, 0);
  // Every row's special inputs (its kinks, where the formula changes) with their neighbours.
  activ_test::for_each_configuration<T>([&x]<class Row>(const auto& f) {
    for (const auto& s : Row::template specials<T>(f)) {
      if (std::isfinite(s.x)) add_with_neighbours(x, s.x, 4);
    }
  });
  for (const T v : {limits::infinity(), limits::quiet_NaN()}) {
    x.push_back(v);
    x.push_back(-v);
  }
  return x;
}

// Bit-identical, but without looking at long double's padding bytes.
template <class T>
bool same_result(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

template <class T>
struct summary {
  double worst = 0.0;
  T worst_x = T(0);
  std::size_t correctly_rounded = 0;
  std::size_t count = 0;
};

template <class T>
summary<T> measure(const subject<T>& s, const std::vector<T>& x, const std::vector<T>& got) {
  mp xm;
  mp exact;
  mp scratch;
  summary<T> result;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) {
      mpfr_set_nan(exact.get());
    } else {
      set_exact(xm.get(), x[i]);
      s.exact(exact.get(), xm.get());
    }
    const double err = ulp_error(got[i], exact.get(), scratch.get());
    if (err > result.worst || (i == 0)) {
      result.worst = err;
      result.worst_x = x[i];
    }
    if (err <= 0.5) ++result.correctly_rounded;
    ++result.count;
  }
  return result;
}

// x in hexadecimal, exactly: %a prints float and double in the usual 0x1.…p± form.
template <class T>
std::string hex(T x) {
  char text[64];
  if constexpr (std::is_same_v<T, long double>) {
    std::snprintf(text, sizeof text, "%La", x);
  } else {
    std::snprintf(text, sizeof text, "%a", static_cast<double>(x));
  }
  return text;
}

template <class T>
void report(const std::string& label, const summary<T>& r) {
  const double share =
      100.0 * static_cast<double>(r.correctly_rounded) / static_cast<double>(r.count);
  if (r.worst == 0.0) {
    std::printf(
        "  %-11s %-29s worst %7.3f ulp (exact on every input)%*s correctly rounded %8.4f%%\n",
        type_name<T>(), label.c_str(), r.worst, 47, "", share);
    return;
  }
  std::printf("  %-11s %-29s worst %7.3f ulp at x = %-23s = %-24.*Lg correctly rounded %8.4f%%\n",
              type_name<T>(), label.c_str(), r.worst, hex(r.worst_x).c_str(),
              std::numeric_limits<T>::max_digits10, static_cast<wide>(r.worst_x), share);
}

}  // namespace

TEST_CASE_TEMPLATE("worst error against MPFR, on the scalar and the array paths", T, float, double,
                   long double) {
  const std::vector<T> x = inputs<T>();
  std::printf("\n%s: %zu inputs, reference MPFR at %d bits\n", type_name<T>(), x.size(),
              static_cast<int>(reference_bits));

  for (const subject<T>& s : subjects<T>()) {
    CAPTURE(s.label);
    std::vector<T> scalar(x.size());
    std::transform(x.begin(), x.end(), scalar.begin(), s.scalar);

    // The element-by-element paths (here, iterators into a back_inserter) are the scalar one, bit
    // for bit; so is the span path, except where a vector kernel runs it, which is measured on its
    // own (float: held to 1 ULP on every instruction set by tests/exhaustive.cpp too).
    std::vector<T> spanned(x.size());
    s.span(x, spanned);
    std::vector<T> iterated;
    iterated.reserve(x.size());
    s.iterator(x, iterated);
    REQUIRE(iterated.size() == x.size());
    std::size_t disagreements = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const bool span_agrees = s.array_kernel || same_result(scalar[i], spanned[i]);
      if (!span_agrees || !same_result(scalar[i], iterated[i])) {
        if (disagreements++ == 0) {
          CHECK_MESSAGE(false, "paths disagree at x = ", hex(x[i]));
        }
      }
    }
    CHECK(disagreements == 0);
    if (s.array_kernel) {
      const summary<T> a = measure(s, x, spanned);
      report(s.label + " (array)", a);
      CHECK_MESSAGE(a.worst <= s.array_max_ulp, "array path: worst ", a.worst,
                    " ulp at x = ", hex(a.worst_x));
    }

    const summary<T> r = measure(s, x, scalar);
    report(s.label, r);
    CHECK_MESSAGE(r.worst <= s.max_ulp, "worst ", r.worst, " ulp at x = ", hex(r.worst_x));
  }
  std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------
// The training members: backward(x, g) against g·f′(x), and derivative_from_output(y) and
// backward_from_output(y, g) against the row's closed form at y = forward(x), in MPFR. Every 16th
// input above, each with eight gradients: fixed ones (signs, short and full mantissas, the extremes
// and odd subnormals, whose halves are exact midpoints) and four at random over 2^±40 (a seeded
// sample). float results must be the correctly rounded ones, bit for bit (the sign of a zero
// included); double and long double are held to the bounds below and reported.

namespace {

template <class T>
std::vector<T> sparse_inputs() {
  const std::vector<T> all = inputs<T>();
  std::vector<T> x;
  for (std::size_t i = 0; i < all.size(); i += 16) {
    if (!std::isnan(all[i])) x.push_back(all[i]);
  }
  return x;
}

template <class T>
std::vector<T> gradients_for(std::size_t i, std::mt19937_64& random) {
  using limits = std::numeric_limits<T>;
  static const T fixed[] = {T(1), T(-3) / T(7), limits::max() / T(4), T(3) * limits::denorm_min()};
  std::vector<T> g(std::begin(fixed), std::end(fixed));
  std::uniform_real_distribution<double> exponent(-40.0, 40.0);
  for (int k = 0; k < 4; ++k) {
    const T magnitude = static_cast<T>(std::exp2(exponent(random)));
    g.push_back((i + static_cast<std::size_t>(k)) % 2 == 0 ? magnitude : -magnitude);
  }
  return g;
}

// Worst error in ULPs allowed for the training members of T (float: correctly rounded, checked bit
// for bit instead). double: evaluated in x87 long double and rounded once to double; long double:
// in itself, the derivative's own error (the row's bound, 4 ULP for silu) and one or two more
// roundings.
template <class T, class Row>
constexpr double training_bound() {
  if constexpr (std::is_same_v<T, double>) {
    return 2.0;
  } else {
    return std::max(
        3.0, activ_test::error_bound<T, typename Row::derivative>(activ_test::path::scalar) + 1.0);
  }
}

// How one member's results compare with their exact values.
template <class T>
struct training_summary {
  double worst = 0.0;
  T worst_x = T(0);
  T worst_g = T(0);
  std::size_t count = 0;
  std::size_t not_correctly_rounded = 0;
  std::size_t zero_sign_wrong = 0;

  // got against `exact` (MPFR, unrounded), at input x and gradient g; `forced_zero`: the member
  // selects +0 here.
  void add(T got, mpfr_srcptr exact, bool forced_zero, T x, T g, mpfr_ptr scratch) {
    ++count;
    const T expected = forced_zero ? T(0) : round_to<T>(exact);
    const double err =
        forced_zero ? (got == T(0) ? 0.0 : infinite_error) : ulp_error(got, exact, scratch);
    if (expected == T(0) && got == T(0) && std::signbit(expected) != std::signbit(got)) {
      ++zero_sign_wrong;
    }
    if (!same_result(got, expected)) ++not_correctly_rounded;
    if (err > worst) {
      worst = err;
      worst_x = x;
      worst_g = g;
    }
  }
};

template <class T>
void report_training(const std::string& label, const training_summary<T>& r) {
  std::printf("  %-11s %-44s worst %7.3f ulp at (%s, %s)  %zu of %zu not correctly rounded\n",
              type_name<T>(), label.c_str(), r.worst, hex(r.worst_x).c_str(),
              hex(r.worst_g).c_str(), r.not_correctly_rounded, r.count);
}

template <class T>
void check_training(const std::string& label, const training_summary<T>& r, double bound) {
  report_training(label, r);
  CHECK_MESSAGE(r.zero_sign_wrong == 0, label, ": zeros of the wrong sign");
  if constexpr (std::is_same_v<T, float>) {
    CHECK_MESSAGE(r.not_correctly_rounded == 0, label, ": not correctly rounded at (",
                  hex(r.worst_x), ", ", hex(r.worst_g), ")");
  } else {
    CHECK_MESSAGE(r.worst <= bound, label, ": worst ", r.worst, " ulp at (", hex(r.worst_x), ", ",
                  hex(r.worst_g), ")");
  }
}

// Where backward selects +0 whatever g is: a flat piece of the derivative (its neighbours are 0
// too), on a row that selects.
template <class Row, class F, class T>
bool selects_zero(const F& f, T x) {
  using limits = std::numeric_limits<T>;
  if (!Row::backward_selects || f.derivative(x) != T(0)) return false;
  return f.derivative(std::nextafter(x, -limits::infinity())) == T(0) ||
         f.derivative(std::nextafter(x, limits::infinity())) == T(0);
}

}  // namespace

TEST_CASE_TEMPLATE("training members against MPFR: backward on (x, g) pairs, and from the output",
                   T, float, double, long double) {
  const std::vector<T> x = sparse_inputs<T>();
  std::printf("\n%s: training members, %zu inputs x 8 gradients, reference MPFR at %d bits\n",
              type_name<T>(), x.size(), static_cast<int>(reference_bits));
  activ_test::for_each_configuration<T>([&x]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    const std::string label = activ_test::label(f);
    CAPTURE(label);
    mp xm;
    mp slope;
    mp product;
    mp gm;
    mp scratch;
    std::mt19937_64 random(20261206);
    training_summary<T> backward;
    training_summary<T> from_output;
    training_summary<T> backward_from_output;
    std::size_t underflowed = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const std::vector<T> gs = gradients_for<T>(i, random);
      set_exact(xm.get(), x[i]);
      Row::derivative::exact(slope.get(), xm.get(), f);
      const bool flat = selects_zero<Row>(f, x[i]);
      // long double is evaluated in itself: where the slope is subnormal (|x| beyond 11355 for σ′)
      // it has lost bits or underflowed to 0, which a large gradient lifts back into range
      // (detail/backward.hpp, docs/accuracy.md). Those inputs are counted, not measured.
      set_exact(scratch.get(), std::numeric_limits<T>::min());
      if (std::is_same_v<T, long double> && mpfr_sgn(slope.get()) != 0 &&
          mpfr_cmpabs(slope.get(), scratch.get()) < 0) {
        ++underflowed;
        continue;
      }
      for (const T g : gs) {
        set_exact(gm.get(), g);
        mpfr_mul(product.get(), slope.get(), gm.get(), MPFR_RNDN);
        backward.add(f.backward(x[i], g), product.get(), flat, x[i], g, scratch.get());
      }
      if constexpr (activ::output_determines_derivative<F>) {
        if constexpr (requires { f.alpha(); }) {
          if (Row::name == "leaky_relu" && f.alpha() < T(0)) continue;  // throws: training.cpp
        }
        const T y = f.forward(x[i]);
        if (std::isnan(y)) continue;
        set_exact(xm.get(), y);
        Row::from_output::exact(slope.get(), xm.get(), f);
        from_output.add(f.derivative_from_output(y), slope.get(), false, y, T(1), scratch.get());
        for (const T g : gs) {
          set_exact(gm.get(), g);
          mpfr_mul(product.get(), slope.get(), gm.get(), MPFR_RNDN);
          backward_from_output.add(f.backward_from_output(y, g), product.get(), flat, y, g,
                                   scratch.get());
        }
      }
    }
    check_training(label + " backward", backward, training_bound<T, Row>());
    if (underflowed != 0) {
      std::printf("  %-11s %-44s %zu inputs with subnormal slopes, not measured\n", type_name<T>(),
                  (label + " backward").c_str(), underflowed);
    }
    if (from_output.count != 0) {
      check_training(label + " derivative_from_output", from_output, training_bound<T, Row>());
      check_training(label + " backward_from_output", backward_from_output,
                     training_bound<T, Row>());
    }
  });
  std::fflush(stdout);
}
