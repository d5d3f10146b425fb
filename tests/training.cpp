// The training members of every configuration of every row of the registry: backward from the
// input, and the derivative and backward from the output, on the scalar, span and iterator paths,
// with the rules at the edges that each functor's contract block states. Their accuracy against
// MPFR is measured in tests/accuracy.cpp.

#include <doctest/doctest.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "row_paths.hpp"
#include "support.hpp"

namespace {

using activ_test::same_bits;

// Gradients that exercise the product: signs, zeros, powers of two, values with full mantissas,
// the extremes, subnormals, infinities and NaN.
template <class T>
std::vector<T> gradients() {
  using limits = std::numeric_limits<T>;
  return {T(1),
          T(-1),
          T(0),
          -T(0),
          T(2),
          T(-0.375),
          T(3) / T(7),
          T(-1e4) / T(3),
          limits::max(),
          limits::lowest(),
          limits::min(),
          limits::denorm_min(),
          -limits::denorm_min(),
          limits::infinity(),
          -limits::infinity(),
          limits::quiet_NaN()};
}

// Every input of special_and_grid_inputs, the row's special inputs and turning points with their
// neighbours, and a seeded sample of bit patterns over the whole range.
template <class Row, class F>
std::vector<typename F::value_type> inputs(const F& f) {
  using T = typename F::value_type;
  std::vector<T> xs = activ_test::special_and_grid_inputs<T>();
  const auto add_with_neighbours = [&xs](T v) {
    xs.push_back(v);
    xs.push_back(std::nextafter(v, std::numeric_limits<T>::infinity()));
    xs.push_back(std::nextafter(v, -std::numeric_limits<T>::infinity()));
  };
  for (const auto& s : Row::template specials<T>(f)) {
    if (!std::isnan(s.x)) add_with_neighbours(s.x);
  }
  for (const double t : Row::forward::turning_points(f)) add_with_neighbours(static_cast<T>(t));
  std::mt19937_64 random(20261206);
  std::uniform_real_distribution<double> around(-8.0, 8.0);
  for (int i = 0; i < 2000; ++i) xs.push_back(static_cast<T>(around(random)));
  return xs;
}

// The sign of a product, as IEEE arithmetic gives it: negative exactly when one factor is.
template <class T>
bool product_is_negative(T a, T b) {
  return std::signbit(a) != std::signbit(b);
}

// Whether x lies on a piece where the derivative is flat 0 (bounds included), as opposed to an
// isolated zero of a smooth piece (hardswish′(−1.5)), where backward multiplies.
template <class F, class T>
bool on_flat_zero(const F& f, T x, T slope) {
  if (std::isnan(x) || slope != T(0)) return false;
  using limits = std::numeric_limits<T>;
  return f.derivative(std::nextafter(x, -limits::infinity())) == T(0) ||
         f.derivative(std::nextafter(x, limits::infinity())) == T(0);
}

// Two results of the same member on the same inputs: the same bits, or both NaN.
template <class T>
bool paths_agree(T path, T scalar) {
  return same_bits(path, scalar) || (std::isnan(path) && std::isnan(scalar));
}

// What the span and iterator paths must give against the scalar member: float within one
// neighbouring value (the training kernels evaluate in double and round once more: ½ ULP and a
// small fraction, where the scalar members are correctly rounded; exact kernels agree anyway);
// double within the row's derivative bound (its training kernels are the exact piecewise ones, the
// others run the scalar members); other types the scalar bits.
template <class Row, class T>
bool array_agrees(T path, T scalar) {
  constexpr std::int64_t steps =
      std::is_same_v<T, float> ? 1
                               : activ_test::row_paths::array_steps<typename Row::derivative, T>();
  return paths_agree(path, scalar) || activ_test::row_paths::within_steps(path, scalar, steps);
}

// Runs the two-input member through spans (out of place, in place on each input, and on unaligned
// subspans of many lengths), through contiguous iterators (the span's kernels) and through
// iterators of another kind (the scalar member), under every instruction set the CPU runs, each
// forced in turn, and the scalar loop; checks each against the scalar member.
template <class Row, class Scalar, class Span, class Contiguous, class Iterate, class T>
void check_two_input_paths(const std::vector<T>& first, const std::vector<T>& grad, Scalar scalar,
                           Span span, Contiguous contiguous, Iterate iterate) {
  const std::size_t n = first.size();
  std::vector<T> expected(n);
  for (std::size_t i = 0; i < n; ++i) expected[i] = scalar(first[i], grad[i]);
  std::vector<T> iterated;
  iterate(first, grad, iterated);
  REQUIRE(iterated.size() == n);
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!paths_agree(iterated[i], expected[i])) ++disagreements;
  }
  CHECK(disagreements == 0);

  for (const auto& isa_and_store : activ_test::isas_and_stores()) {
    // Not a structured binding: clang++ 14 cannot capture one (CAPTURE, the lambdas below).
    const auto set = isa_and_store.first;
    const bool streaming = isa_and_store.second;
    const activ_test::array_isa_scope scope(set);
    const activ_test::streaming_scope stores(streaming);
    const std::string isa_name = activ::detail::simd::name(set);
    CAPTURE(isa_name);
    CAPTURE(streaming);
    std::vector<T> out(n);
    span(std::span<const T>(first), std::span<const T>(grad), std::span<T>(out));
    std::vector<T> in_place_first = first;
    span(std::span<const T>(in_place_first), std::span<const T>(grad),
         std::span<T>(in_place_first));
    std::vector<T> in_place_grad = grad;
    span(std::span<const T>(first), std::span<const T>(in_place_grad), std::span<T>(in_place_grad));
    std::vector<T> through_iterators(n);
    contiguous(first, grad, through_iterators);
    disagreements = 0;
    for (std::size_t i = 0; i < n; ++i) {
      // The span and contiguous iterator paths, out of place and in place, agree bit for bit
      // whatever runs them.
      if (!array_agrees<Row>(out[i], expected[i]) || !paths_agree(in_place_first[i], out[i]) ||
          !paths_agree(in_place_grad[i], out[i]) || !paths_agree(through_iterators[i], out[i])) {
        if (disagreements++ == 0) {
          CHECK_MESSAGE(false, "paths disagree at element ", i, ": ", static_cast<double>(first[i]),
                        ", ", static_cast<double>(grad[i]), ": ", static_cast<double>(out[i]),
                        " against ", static_cast<double>(expected[i]));
        }
      }
    }
    CHECK(disagreements == 0);
    // Unaligned starts and many lengths: the loops' heads, tails and short arrays.
    for (std::size_t offset = 1; offset < 40 && 2 * offset < n; offset += 3) {
      const std::size_t length = n - 2 * offset + offset % 5;
      std::vector<T> part(n, T(7));
      span(std::span<const T>(first).subspan(offset, length),
           std::span<const T>(grad).subspan(offset, length),
           std::span<T>(part).subspan(offset, length));
      std::size_t wrong = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const bool inside = i >= offset && i < offset + length;
        if (inside ? !paths_agree(part[i], out[i]) : !same_bits(part[i], T(7))) ++wrong;
      }
      CHECK_MESSAGE(wrong == 0, "offset ", offset, ", length ", length);
    }
    for (const std::size_t length : {1U, 2U, 3U, 5U, 7U, 9U, 15U, 17U, 31U, 33U}) {
      if (length > n) break;
      std::vector<T> part(length);
      span(std::span<const T>(first).first(length), std::span<const T>(grad).first(length),
           std::span<T>(part));
      for (std::size_t i = 0; i < length; ++i) CHECK(paths_agree(part[i], out[i]));
    }
  }
}

// A size mismatch or a partial overlap of grad_in with either input throws std::invalid_argument
// naming the activation, and writes nothing.
template <class T, class Span>
void check_two_input_errors(const std::string& qualified, const std::string& first_name,
                            Span span) {
  std::vector<T> buffer = {T(1), T(2), T(3), T(4), T(5)};
  const std::vector<T> before = buffer;
  const std::vector<T> other = {T(1), T(2), T(3), T(4)};
  std::vector<T> out(4, T(7));
  const auto first4 = std::span<const T>(buffer).first(4);
  // Sizes: grad_out shorter, grad_in longer.
  CHECK_THROWS_WITH_AS(
      span(first4, std::span<const T>(other).first(3), std::span<T>(out)),
      (qualified + ": " + first_name + " has 4 elements, grad_out 3 and grad_in 4").c_str(),
      std::invalid_argument);
  // grad_in one element past the first input, and past grad_out.
  CHECK_THROWS_AS(span(first4, std::span<const T>(other), std::span<T>(buffer).subspan(1, 4)),
                  std::invalid_argument);
  CHECK_THROWS_AS(span(std::span<const T>(other), first4, std::span<T>(buffer).subspan(1, 4)),
                  std::invalid_argument);
  CHECK(buffer == before);
  CHECK(out == std::vector<T>(4, T(7)));
}

}  // namespace

TEST_CASE_TEMPLATE("backward from the input: rules at the edges and agreement between paths", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  activ_test::for_each_configuration<T>([]<class Row>(const auto& f) {
    CAPTURE(activ_test::label(f));
    const std::vector<T> xs = inputs<Row>(f);
    const std::vector<T> gs = gradients<T>();
    for (const T x : xs) {
      const T slope = f.derivative(x);
      for (const T g : gs) {
        const T got = f.backward(x, g);
        if (std::isnan(x)) {
          CHECK_MESSAGE(std::isnan(got), "a NaN x gives NaN");
        } else if (Row::backward_selects && on_flat_zero(f, x, slope)) {
          // A flat piece: +0 whatever g is.
          CHECK_MESSAGE(same_bits(got, T(0)), "x = ", static_cast<double>(x),
                        ", g = ", static_cast<double>(g), ": ", static_cast<double>(got));
        } else if (std::isnan(g)) {
          CHECK(std::isnan(got));
        } else if (std::isinf(g) && slope != T(0)) {
          // The exact product of ∞ and a nonzero slope.
          CHECK_MESSAGE(std::isinf(got), "x = ", static_cast<double>(x));
          CHECK(std::signbit(got) == product_is_negative(g, slope));
        } else if (!std::isinf(g) && !std::isnan(got) && got == T(0)) {
          // A zero product keeps the sign the factors give it.
          CHECK_MESSAGE(std::signbit(got) == product_is_negative(g, slope),
                        "x = ", static_cast<double>(x), ", g = ", static_cast<double>(g));
        }
      }
      // g = 1: the derivative itself, rounded once either way. For float both are correctly
      // rounded, so they are the same bits; the wider types may break a near-tie differently.
      const T unit = f.backward(x, T(1));
      if constexpr (std::is_same_v<T, float>) {
        CHECK_MESSAGE(paths_agree(unit, slope), "x = ", static_cast<double>(x), ": ",
                      static_cast<double>(unit), " against ", static_cast<double>(slope));
      } else {
        CHECK_MESSAGE((paths_agree(unit, slope) || std::nextafter(unit, slope) == slope),
                      "x = ", static_cast<double>(x));
      }
    }

    // Every x with every gradient in turn, over the three paths.
    std::vector<T> grads(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) grads[i] = gs[i % gs.size()];
    check_two_input_paths<Row>(
        xs, grads, [&f](T x, T g) { return f.backward(x, g); },
        [&f](std::span<const T> x, std::span<const T> g, std::span<T> out) {
          f.backward(x, g, out);
        },
        [&f](const std::vector<T>& x, const std::vector<T>& g, std::vector<T>& out) {
          f.backward(x.begin(), x.end(), g.begin(), out.begin());
        },
        [&f](const std::vector<T>& x, const std::vector<T>& g, std::vector<T>& out) {
          f.backward(x.begin(), x.end(), g.begin(), std::back_inserter(out));
        });
    check_two_input_errors<T>("activ::" + std::string(Row::name) + "::backward", "x",
                              [&f](std::span<const T> x, std::span<const T> g, std::span<T> out) {
                                f.backward(x, g, out);
                              });
  });
}

TEST_CASE_TEMPLATE(
    "from the output: closed forms at y, the same values as from x where y keeps the "
    "piece, and agreement between paths",
    T, ACTIV_TEST_FLOAT_TYPES) {
  activ_test::for_each_configuration<T>([]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    CAPTURE(activ_test::label(f));
    if constexpr (!activ::output_determines_derivative<F>) {
      // Only hardswish: its row has no from_output either.
      static_assert(!requires { typename Row::from_output; });
    } else {
      static_assert(requires { typename Row::from_output; });
      const std::vector<T> xs = inputs<Row>(f);
      const std::vector<T> gs = gradients<T>();
      if constexpr (requires { f.alpha(); }) {
        if (Row::name == "leaky_relu" && f.alpha() < T(0)) {
          // y > 0 on both sides: every member throws, the span ones before writing, even empty.
          std::vector<T> out(2, T(7));
          const std::vector<T> y = {T(1), T(2)};
          CHECK_THROWS_AS((void)f.derivative_from_output(T(1)), std::invalid_argument);
          CHECK_THROWS_AS((void)f.backward_from_output(T(1), T(1)), std::invalid_argument);
          CHECK_THROWS_WITH_AS(
              f.derivative_from_output(std::span<const T>(y), std::span<T>(out)),
              "activ::leaky_relu::derivative_from_output: negative_slope < 0 makes the output "
              "ambiguous (y > 0 for x > 0 and for x < 0)",
              std::invalid_argument);
          CHECK_THROWS_AS(f.derivative_from_output(std::span<const T>(), std::span<T>()),
                          std::invalid_argument);
          CHECK_THROWS_AS(f.backward_from_output(std::span<const T>(y), std::span<const T>(y),
                                                 std::span<T>(out)),
                          std::invalid_argument);
          CHECK_THROWS_AS((void)f.derivative_from_output(y.begin(), y.end(), out.begin()),
                          std::invalid_argument);
          CHECK(out == std::vector<T>(2, T(7)));
          return;
        }
      }
      std::vector<T> ys(xs.size());
      for (std::size_t i = 0; i < xs.size(); ++i) ys[i] = f.forward(xs[i]);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        const T x = xs[i];
        const T y = ys[i];
        const T slope = f.derivative_from_output(y);
        if (std::isnan(y)) CHECK(std::isnan(slope));
        if constexpr (Row::from_output::same_as_from_input) {
          CHECK_MESSAGE(paths_agree(slope, f.derivative(x)), "x = ", static_cast<double>(x));
        }
        for (const T g : gs) {
          const T got = f.backward_from_output(y, g);
          if (std::isnan(y)) {
            CHECK(std::isnan(got));
          } else if (Row::backward_selects && on_flat_zero(f, x, slope)) {
            CHECK(same_bits(got, T(0)));
          } else if (std::isnan(g)) {
            CHECK(std::isnan(got));
          }
          if constexpr (Row::from_output::same_as_from_input) {
            CHECK_MESSAGE(paths_agree(got, f.backward(x, g)), "x = ", static_cast<double>(x),
                          ", g = ", static_cast<double>(g));
          }
        }
        // g = 1: the derivative from the output itself.
        CHECK(paths_agree(f.backward_from_output(y, T(1)), slope));
      }

      // The one-input member over spans (out of place, in place) and iterators (contiguous: the
      // kernels; into a back_inserter: the scalar member), under every instruction set.
      std::vector<T> expected(ys.size());
      for (std::size_t i = 0; i < ys.size(); ++i) expected[i] = f.derivative_from_output(ys[i]);
      std::vector<T> iterated;
      f.derivative_from_output(ys.begin(), ys.end(), std::back_inserter(iterated));
      REQUIRE(iterated.size() == ys.size());
      for (const auto set : activ_test::available_array_isas()) {
        const activ_test::array_isa_scope scope(set);
        const std::string isa_name = activ::detail::simd::name(set);
        CAPTURE(isa_name);
        std::vector<T> out(ys.size());
        f.derivative_from_output(std::span<const T>(ys), std::span<T>(out));
        std::vector<T> in_place = ys;
        f.derivative_from_output(std::span<const T>(in_place), std::span<T>(in_place));
        std::vector<T> contiguous(ys.size());
        f.derivative_from_output(ys.begin(), ys.end(), contiguous.begin());
        std::size_t disagreements = 0;
        for (std::size_t i = 0; i < ys.size(); ++i) {
          if (!array_agrees<Row>(out[i], expected[i]) || !paths_agree(in_place[i], out[i]) ||
              !paths_agree(contiguous[i], out[i]) || !paths_agree(iterated[i], expected[i])) {
            ++disagreements;
          }
        }
        CHECK(disagreements == 0);
      }
      std::vector<T> two(3);
      CHECK_THROWS_AS(f.derivative_from_output(std::span<const T>(ys).first(2), std::span<T>(two)),
                      std::invalid_argument);

      std::vector<T> grads(ys.size());
      for (std::size_t i = 0; i < ys.size(); ++i) grads[i] = gs[i % gs.size()];
      check_two_input_paths<Row>(
          ys, grads, [&f](T y, T g) { return f.backward_from_output(y, g); },
          [&f](std::span<const T> y, std::span<const T> g, std::span<T> o) {
            f.backward_from_output(y, g, o);
          },
          [&f](const std::vector<T>& y, const std::vector<T>& g, std::vector<T>& o) {
            f.backward_from_output(y.begin(), y.end(), g.begin(), o.begin());
          },
          [&f](const std::vector<T>& y, const std::vector<T>& g, std::vector<T>& o) {
            f.backward_from_output(y.begin(), y.end(), g.begin(), std::back_inserter(o));
          });
      check_two_input_errors<T>("activ::" + std::string(Row::name) + "::backward_from_output", "y",
                                [&f](std::span<const T> y, std::span<const T> g, std::span<T> o) {
                                  f.backward_from_output(y, g, o);
                                });
    }
  });
}

// From the output, the members see only y: where y has saturated, the closed form is 0 while the
// derivative at x is not (the inherent limit the contract blocks state).
TEST_CASE("from the output: the documented saturation of sigmoid, tanh and softsign in float") {
  const activ::sigmoid<float> sigmoid;
  CHECK(sigmoid.forward(17.5F) == 1.0F);
  CHECK(sigmoid.derivative_from_output(sigmoid.forward(17.5F)) == 0.0F);
  CHECK(sigmoid.derivative(17.5F) > 2e-8F);
  CHECK(sigmoid.forward(17.0F) < 1.0F);
  CHECK(sigmoid.derivative_from_output(sigmoid.forward(17.0F)) > 0.0F);
  const activ::tanh<float> tanh;
  CHECK(tanh.derivative_from_output(tanh.forward(9.1F)) == 0.0F);
  CHECK(tanh.derivative(9.1F) > 4e-8F);
  const activ::softsign<float> softsign;
  CHECK(softsign.derivative_from_output(softsign.forward(0x1p26F)) == 0.0F);
  CHECK(softsign.derivative(0x1p26F) > 0.0F);
}

static_assert(activ::output_determines_derivative<activ::sigmoid<float>>);
static_assert(activ::output_determines_derivative<activ::leaky_relu<double>>);
static_assert(!activ::output_determines_derivative<activ::hardswish<float>>);
