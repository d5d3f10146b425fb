// The scalar, span and iterator members agree bit for bit; in-place and empty calls work; misuse
// throws before anything is written; the functors plug into the standard algorithms.

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <list>
#include <ranges>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "support.hpp"

namespace {

using activ_test::opaque;
using activ_test::same_bits;

// One instance of every activation, with non-default parameters where there are some.
template <class T>
auto all_activations() {
  return std::tuple{activ::sigmoid<T>{}, activ::tanh<T>{}, activ::relu<T>{},
                    activ::leaky_relu<T>{T(0.2)}, activ::elu<T>{T(0.5)}};
}

template <class T, class F>
void for_each_activation(F&& check) {
  std::apply([&](const auto&... activation) { (check(activation), ...); }, all_activations<T>());
}

template <class T>
bool all_same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_bits<T>);
}

constexpr std::string_view name_of(const auto& activation) {
  return std::remove_cvref_t<decltype(activation)>::name;
}

}  // namespace

TEST_CASE_TEMPLATE("span and iterator paths equal the scalar path bit for bit", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = activ_test::special_and_grid_inputs<T>();
  for_each_activation<T>([&](const auto& f) {
    CAPTURE(name_of(f));
    std::vector<T> scalar_forward;
    std::vector<T> scalar_derivative;
    for (const T x : in) {
      scalar_forward.push_back(f.forward(x));
      scalar_derivative.push_back(f.derivative(x));
      CHECK(same_bits(f(x), f.forward(x)));
    }

    std::vector<T> out(in.size(), T(-7));
    f.forward(in, out);
    CHECK(all_same_bits(out, scalar_forward));
    f.derivative(in, out);
    CHECK(all_same_bits(out, scalar_derivative));

    // In place: out is exactly in.
    std::vector<T> inout = in;
    f.forward(inout, inout);
    CHECK(all_same_bits(inout, scalar_forward));
    inout = in;
    f.derivative(inout, inout);
    CHECK(all_same_bits(inout, scalar_derivative));

    // Iterators: contiguous, bidirectional (std::list) and single-pass input with an inserter.
    std::vector<T> via_iterators(in.size());
    CHECK(f.forward(in.begin(), in.end(), via_iterators.begin()) == via_iterators.end());
    CHECK(all_same_bits(via_iterators, scalar_forward));
    const std::list<T> listed(in.begin(), in.end());
    std::list<T> listed_out;
    f.derivative(listed.begin(), listed.end(), std::back_inserter(listed_out));
    CHECK(all_same_bits(std::vector<T>(listed_out.begin(), listed_out.end()), scalar_derivative));
  });
}

TEST_CASE_TEMPLATE("containers pass without casts; empty spans are fine", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  for_each_activation<T>([](const auto& f) {
    CAPTURE(name_of(f));
    const std::array<T, 4> in{opaque(T(-2)), opaque(T(-0.5)), opaque(T(0.5)), opaque(T(2))};
    std::array<T, 4> out{};
    f.forward(in, out);
    for (std::size_t i = 0; i < in.size(); ++i) CHECK(same_bits(out[i], f.forward(in[i])));
    std::vector<T> vector_out(4);
    f.derivative(in, vector_out);
    for (std::size_t i = 0; i < in.size(); ++i) {
      CHECK(same_bits(vector_out[i], f.derivative(in[i])));
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
    CAPTURE(name_of(f));
    const std::string qualified = "activ::" + std::string(name_of(f));

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
  const activ::tanh<T> t;
  std::istringstream text("-1.5 0 0.25 3");
  std::vector<T> out;
  t.forward(std::istream_iterator<T>(text), std::istream_iterator<T>(), std::back_inserter(out));
  REQUIRE(out.size() == 4);
  CHECK(same_bits(out[0], t.forward(opaque(T(-1.5)))));
  CHECK(same_bits(out[3], t.forward(opaque(T(3)))));

  // A counted range: the end is a sentinel of a different type than the iterator.
  const std::vector<T> in = {opaque(T(-1)), opaque(T(1)), opaque(T(2))};
  std::vector<T> counted(2);
  const auto end =
      t.derivative(std::counted_iterator(in.begin(), 2), std::default_sentinel, counted.begin());
  CHECK(end == counted.end());
  CHECK(same_bits(counted[1], t.derivative(opaque(T(1)))));

  // Elements of another arithmetic type convert to T.
  const std::vector<int> integers = {-2, 0, 5};
  std::vector<T> relu_out(3);
  activ::relu<T>{}.forward(integers.begin(), integers.end(), relu_out.begin());
  CHECK(relu_out == std::vector<T>{T(0), T(0), T(5)});
}

TEST_CASE_TEMPLATE("functors plug into the standard algorithms", T, ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> in = {T(-3), T(-0.5), T(0), T(0.5), T(3)};
  for_each_activation<T>([&](const auto& f) {
    CAPTURE(name_of(f));
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
