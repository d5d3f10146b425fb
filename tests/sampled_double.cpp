// double accuracy on 10^7 inputs (see spread_count) spread evenly over all 2^64 bit patterns, plus
// every special and boundary value, for every configuration of every row of the registry
// (tests/registry.hpp), forward and derivative, through the scalar members and through the span
// members on every instruction set the CPU runs (the double kernels: avx2_fma, avx512).
//
// The reference is the row's independent closed form evaluated in x87 long double (64 bits): its
// few long double ULPs are about 2^−10 ULP of double, so the measured error is good to ±0.002 ULP.
// That suffices for the bounds asserted here, the row's double bounds (support.hpp's error_bound:
// at most 1 ULP forward and 2 derivative, the accuracy issue's); tests/accuracy.cpp measures a
// smaller set against MPFR.
// The error of a result r is |r − y| / ulp(y), with ulp(y) the spacing of doubles at y
// (tests/support.hpp).

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace {

using wide = long double;

static_assert(std::numeric_limits<wide>::digits >= 64,
              "the double reference needs long double wider than double");

// 10^7 inputs, or the count in the environment variable ACTIV_SAMPLED_DOUBLES: the README's test
// command runs 10^6 (tests/CMakeLists.txt), the exhaustive stage the full 10^7.
std::uint64_t spread_count() {
  const char* text = std::getenv("ACTIV_SAMPLED_DOUBLES");
  if (text == nullptr || *text == '\0') return 10'000'000;
  char* end = nullptr;
  const unsigned long long count = std::strtoull(text, &end, 10);
  if (*end != '\0' || count == 0) {
    throw std::invalid_argument(std::string("ACTIV_SAMPLED_DOUBLES: not a positive count: ") +
                                text);
  }
  return count;
}

// spread_count() patterns at a fixed stride through [0, 2^64), each moved by a scrambled offset
// inside its stride so that low mantissa bits vary too; then the values where the functions change
// regime.
std::vector<double> inputs() {
  std::vector<double> x;
  const std::uint64_t count = spread_count();
  const std::uint64_t stride = ~std::uint64_t{0} / count;
  std::uint64_t scramble = 0x9e3779b97f4a7c15u;
  for (std::uint64_t k = 0; k < count; ++k) {
    scramble ^= scramble << 13;
    scramble ^= scramble >> 7;
    scramble ^= scramble << 17;
    x.push_back(std::bit_cast<double>(k * stride + scramble % stride));
  }
  using limits = std::numeric_limits<double>;
  const double boundaries[] = {0.0,
                               limits::denorm_min(),
                               limits::min(),
                               limits::epsilon(),
                               0.5,
                               1.0,
                               std::log(2.0),
                               18.0 * std::log(2.0),  // tanh rounds to 1 near here
                               19.0625,               // tanh(x) = 1 from here on
                               36.7368005696771,      // σ(x) rounds to 1
                               37.42994775023705,     // e^−x < ulp(1)/2
                               372.5,                 // tanh′ = 4e^−2x underflows
                               708.3964185322641,     // e^−x enters the subnormals
                               709.782712893384,      // e^x overflows
                               744.4400719213812,     // e^−x = denorm_min
                               745.1332191019411,     // e^−x rounds to 0
                               1e300,
                               limits::max(),
                               limits::infinity()};
  for (const double b : boundaries) {
    for (const double s : {b, -b}) {
      double below = s, above = s;
      x.push_back(s);
      for (int i = 0; i < 64; ++i) {
        below = std::nextafter(below, -limits::infinity());
        above = std::nextafter(above, limits::infinity());
        x.push_back(below);
        x.push_back(above);
      }
    }
  }
  // Every row's special inputs (its kinks, where the formula changes) with their neighbours.
  activ_test::for_each_configuration<double>([&x]<class Row>(const auto& f) {
    for (const auto& s : Row::template specials<double>(f)) {
      if (!std::isfinite(s.x)) continue;
      double below = s.x, above = s.x;
      x.push_back(s.x);
      for (int i = 0; i < 64; ++i) {
        below = std::nextafter(below, -std::numeric_limits<double>::infinity());
        above = std::nextafter(above, std::numeric_limits<double>::infinity());
        x.push_back(below);
        x.push_back(above);
      }
    }
  });
  for (const std::uint64_t payload : {0x7ff8000000000000u, 0x7ff8000000000001u, 0x7ff0000000000001u,
                                      0xfff8000000000000u, 0x7fffffffffffffffu}) {
    x.push_back(std::bit_cast<double>(payload));  // quiet and signalling NaNs, both signs
  }
  return x;
}

struct subject {
  std::string label;
  std::function<double(double)> scalar;
  std::function<void(std::span<const double>, std::span<double>)> span;
  std::function<wide(wide)> reference;
  double scalar_bound;
  double array_bound;
  // Where the row's bounds let the span path's vector kernel differ from the scalar path
  // (support.hpp): measured on its own against array_bound and allowed to be the scalar result's
  // neighbour. Elsewhere it must give the scalar bits.
  bool array_kernel;
  // Whether the span path on an instruction set runs a kernel rather than the scalar loop.
  std::function<bool(activ::detail::simd::isa)> has_kernel;
};

// Every direction of every configuration of every row, with the row's closed form in long double
// and its bounds for double (support.hpp's error_bound).
std::vector<subject> subjects() {
  std::vector<subject> all;
  activ_test::for_each_configuration<double>([&all]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    activ_test::for_each_direction<Row>([&]<class Direction>(auto member) {
      using activ_test::path;
      constexpr auto kernel = decltype(member)::kernel;
      all.push_back(
          {activ_test::label(f) + " " + member.name, [f, member](double x) { return member(f, x); },
           [f, member](std::span<const double> in, std::span<double> out) { member(f, in, out); },
           [f](wide x) { return Direction::template reference<wide>(x, f); },
           activ_test::error_bound<double, Direction>(path::scalar),
           activ_test::error_bound<double, Direction>(path::array),
           activ_test::array_may_differ<F, kernel>, activ::detail::simd::has_kernel<F, kernel>});
    });
  });
  return all;
}

struct worst_case {
  long double error = 0;
  double x = 0;
  std::size_t disagreements = 0;  // span vs scalar: bit for bit, or neighbours for the kernels
  std::size_t nan_violations = 0;
};

// The scalar path (first) and the span path on every instruction set this CPU runs (the double
// kernels exist for avx2_fma and avx512; elsewhere the span path is the scalar loop), each against
// the same reference, computed once per input.
std::vector<worst_case> measure(const subject& s, const std::vector<double>& x,
                                const std::vector<activ::detail::simd::isa>& sets) {
  std::vector<std::vector<double>> spanned(sets.size(), std::vector<double>(x.size()));
  for (std::size_t k = 0; k < sets.size(); ++k) {
    const activ_test::array_isa_scope scope(sets[k]);
    s.span(x, spanned[k]);
  }
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::vector<worst_case>> part(threads, std::vector<worst_case>(sets.size() + 1));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<worst_case>& w = part[t];
      for (std::size_t i = t; i < x.size(); i += threads) {
        const double got = s.scalar(x[i]);
        const wide exact = std::isnan(x[i]) ? wide(0) : s.reference(x[i]);
        for (std::size_t k = 0; k <= sets.size(); ++k) {
          const double result = k == 0 ? got : spanned[k - 1][i];
          if (k != 0) {
            const bool agree =
                s.array_kernel
                    ? std::isnan(got)
                          ? std::isnan(result)
                          : !std::isnan(result) && std::abs(activ_test::ordered_bits(got) -
                                                            activ_test::ordered_bits(result)) <= 1
                    : activ_test::same_bits(got, result);
            if (!agree) ++w[k].disagreements;
          }
          if (std::isnan(x[i])) {
            if (!std::isnan(result)) ++w[k].nan_violations;
            continue;
          }
          const long double e = activ_test::ulp_error(result, exact);
          if (e > w[k].error) {
            w[k].error = e;
            w[k].x = x[i];
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<worst_case> all(sets.size() + 1);
  for (const auto& w : part) {
    for (std::size_t k = 0; k <= sets.size(); ++k) {
      if (w[k].error > all[k].error) {
        all[k].error = w[k].error;
        all[k].x = w[k].x;
      }
      all[k].disagreements += w[k].disagreements;
      all[k].nan_violations += w[k].nan_violations;
    }
  }
  return all;
}

}  // namespace

TEST_CASE("double: worst error over 10^7 inputs spread by bit pattern, scalar and span paths") {
  const std::vector<subject> all = subjects();
  const std::vector<double> x = inputs();
  std::printf("\ndouble: %zu inputs, reference: closed forms in long double\n", x.size());
  const std::vector<activ::detail::simd::isa> sets = activ_test::available_array_isas();
  for (const subject& s : all) {
    const std::vector<worst_case> w = measure(s, x, sets);
    CAPTURE(s.label);
    for (std::size_t k = 0; k <= sets.size(); ++k) {
      const std::string path =
          k == 0 ? "scalar" : std::string("span ") + activ::detail::simd::name(sets[k - 1]);
      // The span path on a set without the kernel is the scalar loop: no line of its own.
      if (k != 0 && !s.has_kernel(sets[k - 1])) continue;
      std::printf("  %-30s %-13s worst %.3f ulp at x = %a (%.17g)\n", s.label.c_str(), path.c_str(),
                  static_cast<double>(w[k].error), w[k].x, w[k].x);
      CAPTURE(path);
      CHECK(w[k].disagreements == 0);
      CHECK(w[k].nan_violations == 0);
      const double bound = k == 0 || !s.has_kernel(sets[k - 1]) ? s.scalar_bound : s.array_bound;
      CHECK_MESSAGE(w[k].error <= bound, "worst ", static_cast<double>(w[k].error),
                    " ulp at x = ", w[k].x);
    }
  }
  std::fflush(stdout);
}
