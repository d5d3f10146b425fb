// For every configuration of every row of the registry (tests/registry.hpp): the scalar, span and
// iterator members agree (bit for bit, or neighbours where the row's bounds let a vector kernel
// differ), on every instruction set; in-place and empty calls work; misuse throws before anything
// is written; the functors plug into the standard algorithms.

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <list>
#include <ranges>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "support.hpp"

namespace {

using activ_test::opaque;
using activ_test::same_bits;

// Calls check(f) for every configuration f over T of every row of the registry.
template <class T, class Check>
void for_each_activation(Check&& check) {
  activ_test::for_each_configuration<T>([&check]<class Row>(const auto& f) { check(f); });
}

// Calls check(f, set) for every configuration f over T of every row, with the array members on
// each instruction set this CPU runs in turn (named in a failure's report, as is f).
template <class T, class Check>
void on_every_instruction_set(Check&& check) {
  for (const auto set : activ_test::available_array_isas()) {
    const std::string isa_name = activ::detail::simd::name(set);
    CAPTURE(isa_name);
    const activ_test::array_isa_scope scope(set);
    for_each_activation<T>([&](const auto& f) {
      const std::string name = activ_test::label(f);
      CAPTURE(name);
      check(f, set);
    });
  }
}

template <class T>
bool all_same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_bits<T>);
}

}  // namespace

// Every array member against the scalar one, on every instruction set this CPU runs: the same bits
// (or a neighbour where the row's bounds let the kernel differ, see support.hpp), and the span,
// in-place and contiguous-iterator members identical to each other, as they run the same kernel.
TEST_CASE_TEMPLATE("span and iterator paths agree with the scalar path", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = activ_test::special_and_grid_inputs<T>();
  on_every_instruction_set<T>([&](const auto& f, activ::detail::simd::isa set) {
    using F = std::remove_cvref_t<decltype(f)>;
    std::vector<T> scalar_forward;
    std::vector<T> scalar_derivative;
    for (const T x : in) {
      scalar_forward.push_back(f.forward(x));
      scalar_derivative.push_back(f.derivative(x));
      CHECK(same_bits(f(x), f.forward(x)));
    }
    using activ::detail::simd::direction;
    const auto agree = []<direction D>(const std::vector<T>& array, const std::vector<T>& scalar) {
      if (array.size() != scalar.size()) return false;
      for (std::size_t i = 0; i < array.size(); ++i) {
        if (!activ_test::agrees_with_scalar<F, D>(array[i], scalar[i])) return false;
      }
      return true;
    };

    std::vector<T> out(in.size(), T(-7));
    f.forward(in, out);
    CHECK(agree.template operator()<direction::forward>(out, scalar_forward));
    if (set == activ::detail::simd::isa::scalar) CHECK(all_same_bits(out, scalar_forward));
    std::vector<T> out_derivative(in.size(), T(-7));
    f.derivative(in, out_derivative);
    CHECK(agree.template operator()<direction::derivative>(out_derivative, scalar_derivative));
    if (set == activ::detail::simd::isa::scalar) {
      CHECK(all_same_bits(out_derivative, scalar_derivative));
    }

    // In place: out is exactly in.
    std::vector<T> inout = in;
    f.forward(inout, inout);
    CHECK(all_same_bits(inout, out));
    inout = in;
    f.derivative(inout, inout);
    CHECK(all_same_bits(inout, out_derivative));

    // Iterators: contiguous (the span kernels), bidirectional (std::list) and single-pass
    // input with an inserter (both element by element, the scalar members).
    std::vector<T> via_iterators(in.size());
    CHECK(f.forward(in.begin(), in.end(), via_iterators.begin()) == via_iterators.end());
    CHECK(all_same_bits(via_iterators, out));
    CHECK(f.derivative(in.data(), in.data() + in.size(), via_iterators.data()) ==
          via_iterators.data() + in.size());
    CHECK(all_same_bits(via_iterators, out_derivative));
    const std::list<T> listed(in.begin(), in.end());
    std::list<T> listed_out;
    f.derivative(listed.begin(), listed.end(), std::back_inserter(listed_out));
    CHECK(all_same_bits(std::vector<T>(listed_out.begin(), listed_out.end()), scalar_derivative));
  });
}

// The fast tier (activ::fast) on every instruction set: NaN for NaN only; at ±0 and ±∞ the precise
// tier's bits (signed zeros, exact limits); elsewhere the precise result's sign and within the
// tier's 3 ULPs of the exact value (3.5 of the correctly rounded
// scalar result; long double, without kernels, gives the scalar results). Its in-place and
// contiguous-iterator members give the span member's bits; the directions without a fast kernel,
// the scalar members with the tag and any_activation give the precise or the functor's bits.
TEST_CASE_TEMPLATE("the fast tier: special values, bound, and every member", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = activ_test::special_and_grid_inputs<T>();
  const std::vector<T> gradient(in.size(), T(-1.5));
  on_every_instruction_set<T>([&](const auto& f, activ::detail::simd::isa set) {
    using F = std::remove_cvref_t<decltype(f)>;
    for (const bool forward : {true, false}) {
      CAPTURE(forward);
      std::vector<T> fast(in.size(), T(-7));
      forward ? f.forward(activ::fast, in, fast) : f.derivative(activ::fast, in, fast);
      for (std::size_t i = 0; i < in.size(); ++i) {
        const T x = in[i];
        const T precise = forward ? f.forward(x) : f.derivative(x);
        CAPTURE(x);
        CAPTURE(fast[i]);
        CAPTURE(precise);
        CHECK(
            same_bits(forward ? f.forward(activ::fast, x) : f.derivative(activ::fast, x), precise));
        if (std::isnan(x) || std::isnan(precise)) {
          CHECK(std::isnan(fast[i]));
        } else if (x == 0 || std::isinf(x)) {
          CHECK(same_bits(fast[i], precise));
        } else {
          CHECK(std::signbit(fast[i]) == std::signbit(precise));
          CHECK(activ_test::ulp_error(fast[i], static_cast<long double>(precise)) <=
                (std::is_same_v<T, long double> ? 0.0L : activ_test::fast_tier_bound + 0.5L));
        }
      }
      std::vector<T> inout = in;
      forward ? f.forward(activ::fast, inout, inout) : f.derivative(activ::fast, inout, inout);
      CHECK(all_same_bits(inout, fast));
      std::vector<T> via_iterators(in.size());
      forward ? f.forward(activ::fast, in.begin(), in.end(), via_iterators.begin())
              : f.derivative(activ::fast, in.begin(), in.end(), via_iterators.begin());
      CHECK(all_same_bits(via_iterators, fast));
      std::vector<T> held(in.size());
      const activ::any_activation<T> any(f);
      forward ? any.forward(activ::fast, in, held) : any.derivative(activ::fast, in, held);
      CHECK(all_same_bits(held, fast));
    }
    // Where a direction has no fast kernel of its own (the training directions, today), the
    // precise kernel's bits.
    using activ::detail::simd::direction;
    std::vector<T> fast(in.size()), precise(in.size());
    if (!activ::detail::simd::has_fast_kernel<F, direction::backward>(set)) {
      f.backward(activ::fast, in, gradient, fast);
      f.backward(in, gradient, precise);
      CHECK(all_same_bits(fast, precise));
    }
    if constexpr (activ::output_determines_derivative<F>) {
      try {
        f.derivative_from_output(activ::fast, in, fast);
        f.derivative_from_output(in, precise);
        CHECK(all_same_bits(fast, precise));
        f.backward_from_output(activ::fast, in, gradient, fast);
        f.backward_from_output(in, gradient, precise);
        CHECK(all_same_bits(fast, precise));
      } catch (const std::invalid_argument&) {
        // leaky_relu with α < 0, whose output does not determine its slope (tested elsewhere)
      }
    }
  });
}

// Kernels process blocks of several elements and a padded tail: every length up to a few blocks,
// at every offset, in place or not, gives what the whole array gives, and writes nothing outside.
TEST_CASE("float array kernels: every length and alignment, nothing written outside") {
  std::vector<float> source(80);
  for (std::size_t i = 0; i < source.size(); ++i) {
    source[i] = opaque((static_cast<float>(i) - 40.0f) * 0.37f);
  }
  on_every_instruction_set<float>([&](const auto& f, activ::detail::simd::isa) {
    std::vector<float> whole(source.size());
    f.forward(source, whole);
    for (std::size_t offset = 0; offset < 17; ++offset) {
      for (std::size_t n = 0; offset + n <= 60; ++n) {
        std::vector<float> out(source.size() + 2, -7.0f);
        f.forward(std::span<const float>(source).subspan(offset, n),
                  std::span<float>(out).subspan(offset + 1, n));
        bool ok = same_bits(out[offset], -7.0f) && same_bits(out[offset + n + 1], -7.0f);
        for (std::size_t i = 0; i < n; ++i)
          ok = ok && same_bits(out[offset + 1 + i], whole[offset + i]);
        std::vector<float> inout(source.begin(), source.end());
        f.forward(std::span<float>(inout).subspan(offset, n),
                  std::span<float>(inout).subspan(offset, n));
        for (std::size_t i = 0; i < source.size(); ++i) {
          const bool inside = i >= offset && i < offset + n;
          ok = ok && same_bits(inout[i], inside ? whole[i] : source[i]);
        }
        CAPTURE(offset);
        CAPTURE(n);
        CHECK(ok);
      }
    }
  });
}

// The main loop of the kernels is software-pipelined (two stages over four blocks per iteration
// for float, two for double) and walks backward where the output sits just above the input modulo
// 4 KiB, or with non-temporal stores from 8 MiB on (forced here at every length): lengths past the
// pipeline's start, with every remainder, in each walk, give what the whole array gives and write
// nothing outside, for both types with kernels.
TEST_CASE_TEMPLATE("array kernels: the pipelined loop in both directions, with either store", T,
                   float, double) {
  constexpr std::size_t longest = 300;
  std::vector<T> source(longest + 16);
  for (std::size_t i = 0; i < source.size(); ++i) {
    source[i] = opaque((static_cast<T>(i) - T(150)) * T(0.0937));
  }
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 140; ++n) lengths.push_back(n);
  for (const std::size_t n : std::array<std::size_t, 8>{191, 192, 193, 255, 256, 257, 299, 300}) {
    lengths.push_back(n);
  }
  // Output distances of 4 KiB + 1200 bytes (backward) and 4 KiB + 3000 bytes (forward), beyond
  // the input so that the two never overlap.
  for (const std::size_t distance_bytes : {std::size_t{5296}, std::size_t{7096}}) {
    CAPTURE(distance_bytes);
    const std::size_t distance = distance_bytes / sizeof(T);
    for (const auto& isa_and_store : activ_test::isas_and_stores()) {
      // Not a structured binding: clang++ 14 cannot capture one (CAPTURE, the lambdas below).
      const auto set = isa_and_store.first;
      const bool streaming = isa_and_store.second;
      const std::string isa_name = activ::detail::simd::name(set);
      CAPTURE(isa_name);
      CAPTURE(streaming);
      const activ_test::array_isa_scope scope(set);
      for_each_activation<T>([&](const auto& f) {
        const std::string name = activ_test::label(f);
        CAPTURE(name);
        std::vector<T> whole(source.size());
        std::vector<T> whole_derivative(source.size());
        f.forward(source, whole);
        f.derivative(source, whole_derivative);
        // The whole arrays with ordinary stores, the parts below with the stores chosen.
        const activ_test::streaming_scope stores(streaming);
        std::vector<T> buffer(distance + source.size() + 2);
        for (std::size_t offset = 0; offset < 16; offset += 5) {
          for (const std::size_t n : lengths) {
            for (const bool derivative : {false, true}) {
              std::fill(buffer.begin(), buffer.end(), T(-7));
              std::copy(source.begin(), source.end(), buffer.begin());
              const std::span<const T> in = std::span<const T>(buffer).subspan(offset, n);
              const std::span<T> out = std::span<T>(buffer).subspan(distance + 1 + offset, n);
              if (derivative) {
                f.derivative(in, out);
              } else {
                f.forward(in, out);
              }
              const std::vector<T>& expected = derivative ? whole_derivative : whole;
              bool ok = same_bits(buffer[distance + offset], T(-7)) &&
                        same_bits(buffer[distance + offset + n + 1], T(-7));
              for (std::size_t i = 0; i < n; ++i) {
                ok = ok && same_bits(out[i], expected[offset + i]);
              }
              CAPTURE(offset);
              CAPTURE(n);
              CAPTURE(derivative);
              CHECK(ok);
            }
          }
        }
      });
    }
  }
}

// The double kernels leave results below 2^−952 (σ(−700) ≈ 10^−304, tanh′(−700) ≈ 10^−608 → 0) to
// a scalar pass, which runs only if the vector pass met such an input: one of them anywhere (the
// short path, the blocks at either end, the pipeline's first and last blocks, the remainder) still
// gets its value, for every activation, on every instruction set and in both walking directions.
TEST_CASE("double array kernels: one far-tail input at every position") {
  const double far = opaque(-700.0);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 1; n <= 40; ++n) lengths.push_back(n);
  lengths.push_back(67);
  for (const auto set : activ_test::available_array_isas()) {
    const std::string isa_name = activ::detail::simd::name(set);
    CAPTURE(isa_name);
    const activ_test::array_isa_scope scope(set);
    for_each_activation<double>([&](const auto& f) {
      const std::string name = activ_test::label(f);
      CAPTURE(name);
      using F = std::remove_cvref_t<decltype(f)>;
      using activ::detail::simd::direction;
      const double forward_far = f.forward(far);
      const double derivative_far = f.derivative(far);
      const double forward_near = f.forward(opaque(-0.75));
      const double derivative_near = f.derivative(opaque(-0.75));
      // Output distances of 4 KiB + 1200 bytes (backward) and + 3000 bytes (forward), each also
      // one double further: whatever the allocation's alignment, one of the two outputs starts
      // off a block boundary, so that some positions fall in the head block alone.
      for (const std::size_t distance :
           {std::size_t{662}, std::size_t{663}, std::size_t{887}, std::size_t{888}}) {
        std::vector<double> buffer(distance + 80);
        for (const std::size_t n : lengths) {
          for (std::size_t p = 0; p < n; ++p) {
            std::fill(buffer.begin(), buffer.end(), -0.75);
            buffer[p] = far;
            const std::span<const double> in = std::span<const double>(buffer).first(n);
            const std::span<double> out = std::span<double>(buffer).subspan(distance, n);
            CAPTURE(distance);
            CAPTURE(n);
            CAPTURE(p);
            bool forward_ok = true;
            f.forward(in, out);
            for (std::size_t i = 0; i < n; ++i) {
              forward_ok = forward_ok && activ_test::agrees_with_scalar<F, direction::forward>(
                                             out[i], i == p ? forward_far : forward_near);
            }
            CHECK(forward_ok);
            bool derivative_ok = true;
            f.derivative(in, out);
            for (std::size_t i = 0; i < n; ++i) {
              derivative_ok =
                  derivative_ok && activ_test::agrees_with_scalar<F, direction::derivative>(
                                       out[i], i == p ? derivative_far : derivative_near);
            }
            CHECK(derivative_ok);
          }
        }
      }
    });
  }
}

TEST_CASE_TEMPLATE("containers pass without casts; empty spans are fine", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  for_each_activation<T>([](const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const std::array<T, 4> in{opaque(T(-2)), opaque(T(-0.5)), opaque(T(0.5)), opaque(T(2))};
    std::array<T, 4> out{};
    f.forward(in, out);
    using F = std::remove_cvref_t<decltype(f)>;
    using activ::detail::simd::direction;
    for (std::size_t i = 0; i < in.size(); ++i) {
      CHECK(activ_test::agrees_with_scalar<F, direction::forward>(out[i], f.forward(in[i])));
    }
    std::vector<T> vector_out(4);
    f.derivative(in, vector_out);
    for (std::size_t i = 0; i < in.size(); ++i) {
      CHECK(activ_test::agrees_with_scalar<F, direction::derivative>(vector_out[i],
                                                                     f.derivative(in[i])));
    }

    std::vector<T> empty_in;
    std::vector<T> empty_out;
    CHECK_NOTHROW(f.forward(empty_in, empty_out));
    CHECK_NOTHROW(f.derivative(std::span<const T>{}, std::span<T>{}));
    T* const no_data = nullptr;
    CHECK_NOTHROW(f.forward(std::span<const T>(no_data, 0), std::span<T>(no_data, 0)));
    CHECK(f.forward(in.begin(), in.begin(), out.begin()) == out.begin());
  });
}

TEST_CASE_TEMPLATE("misuse throws std::invalid_argument before writing", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  for_each_activation<T>([](const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    const std::string qualified = "activ::" + std::string(f.name);

    {  // sizes differ
      const std::vector<T> in(3, T(1));
      std::vector<T> out(4, T(-9));
      for (const bool forward : {true, false}) {
        try {
          if (forward) {
            f.forward(in, out);
          } else {
            f.derivative(in, out);
          }
          FAIL("no exception");
        } catch (const std::invalid_argument& error) {
          const std::string message = error.what();
          CAPTURE(message);
          CHECK(message.find(qualified + (forward ? "::forward" : "::derivative")) == 0);
          CHECK(message.find('3') != std::string::npos);
          CHECK(message.find('4') != std::string::npos);
        }
        CHECK(out == std::vector<T>(4, T(-9)));  // untouched
      }
    }

    {  // the spans overlap without being the same
      std::vector<T> buffer = {T(1), T(2), T(3), T(4), T(5)};
      const std::vector<T> before = buffer;
      const std::span<T> all(buffer);
      // Output starts one element after the input, and one before it.
      CHECK_THROWS_AS(f.forward(all.first(4), all.last(4)), std::invalid_argument);
      CHECK_THROWS_AS(f.derivative(all.last(4), all.first(4)), std::invalid_argument);
      // Same start, different sizes: a size mismatch.
      CHECK_THROWS_AS(f.forward(all.first(3), all.first(4)), std::invalid_argument);
      CHECK(buffer == before);
      try {
        f.forward(all.first(4), all.last(4));
      } catch (const std::invalid_argument& error) {
        const std::string message = error.what();
        CAPTURE(message);
        CHECK(message.find(qualified + "::forward") == 0);
        CHECK(message.find("overlap") != std::string::npos);
      }
    }

    {  // adjacent spans do not overlap
      std::vector<T> buffer = {opaque(T(1)), opaque(T(2)), T(3), T(4)};
      const std::span<T> all(buffer);
      CHECK_NOTHROW(f.forward(all.first(2), all.last(2)));
      CHECK(same_bits(buffer[2], f.forward(opaque(T(1)))));
      CHECK(same_bits(buffer[3], f.forward(opaque(T(2)))));
    }
  });
}

TEST_CASE_TEMPLATE("iterator members take input iterators and sentinels", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  for_each_activation<T>([](const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    std::istringstream text("-1.5 0 0.25 3");
    std::vector<T> out;
    f.forward(std::istream_iterator<T>(text), std::istream_iterator<T>(), std::back_inserter(out));
    REQUIRE(out.size() == 4);
    CHECK(same_bits(out[0], f.forward(opaque(T(-1.5)))));
    CHECK(same_bits(out[3], f.forward(opaque(T(3)))));

    // A counted range: the end is a sentinel of a different type than the iterator.
    const std::vector<T> in = {opaque(T(-1)), opaque(T(1)), opaque(T(2))};
    std::vector<T> counted(2);
    const auto end =
        f.derivative(std::counted_iterator(in.begin(), 2), std::default_sentinel, counted.begin());
    CHECK(end == counted.end());
    CHECK(same_bits(counted[1], f.derivative(opaque(T(1)))));

    // Elements of another arithmetic type convert to T.
    const std::vector<int> integers = {-2, 0, 5};
    std::vector<T> converted(3);
    f.forward(integers.begin(), integers.end(), converted.begin());
    for (std::size_t i = 0; i < integers.size(); ++i) {
      CHECK(same_bits(converted[i], f.forward(opaque(static_cast<T>(integers[i])))));
    }
  });
}

TEST_CASE_TEMPLATE("functors plug into the standard algorithms", T, ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = {T(-3), T(-0.5), T(0), T(0.5), T(3)};
  for_each_activation<T>([&](const auto& f) {
    const std::string name = activ_test::label(f);
    CAPTURE(name);
    std::vector<T> expected(in.size());
    f.forward(in, expected);

    std::vector<T> out(in.size());
    std::transform(in.begin(), in.end(), out.begin(), f);
    CHECK(all_same_bits(out, expected));
    std::ranges::fill(out, T(0));
    std::ranges::transform(in, out.begin(), f);
    CHECK(all_same_bits(out, expected));
#if !defined(__clang__) || __clang_major__ >= 15
    // clang++ 14 cannot compile libstdc++ 12's views; the check stays on for every other compiler.
    auto view = in | std::views::transform(f);
    CHECK(all_same_bits(std::vector<T>(view.begin(), view.end()), expected));
#endif
  });
}
