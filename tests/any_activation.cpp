// activ::any_activation and activ::parse (include/activ/any_activation.hpp): every configuration of
// every row of the registry through parse gives its functor's results bit for bit on every member;
// value semantics (==, copies, moves, the relu default); spec() round trips on random parameters;
// each parse error with its column; correct rounding of the numbers; the built-ins never allocate;
// user-defined functors, small and large.

#include <activ/any_activation.hpp>

#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>
#include <random>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

// Every allocation of the program is counted, so that a test can state that a stretch of code
// makes none. (The aligned and array forms of new call these by default.) They are kept out of
// line: inlined, g++ 12 takes malloc and free for a mismatch with new and delete
// (-Wmismatched-new-delete).
namespace {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the count operator new keeps
std::atomic<std::size_t> allocations{0};
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  // A replaced operator new allocates with malloc, and operator delete frees.
  // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  std::free(p);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
  std::free(p);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
}

namespace {

using activ::any_activation;
using activ::parse;
using activ_test::same_bits;

template <class F>
using value_of = typename F::value_type;

// The message of the std::invalid_argument that f() throws; fails the test where it throws
// nothing.
template <class Call>
std::string rejection(Call&& call) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("no std::invalid_argument thrown");
  return {};
}

// Inputs that reach every piece: zeros, the kinks (±3, ±6, ±1), infinities, NaN, subnormals, the
// extremes, and a sweep over [−8, 8] long enough for the vector kernels and their tails.
template <class T>
std::vector<T> inputs() {
  using limits = std::numeric_limits<T>;
  std::vector<T> xs;
  for (const T m : {T(0), limits::denorm_min(), limits::min(), T(0.5), T(1), T(3), T(6), T(100),
                    limits::max(), limits::infinity()}) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  xs.push_back(limits::quiet_NaN());
  for (int i = -1000; i <= 1000; i += 3) xs.push_back(static_cast<T>(i) / T(125));
  return xs;
}

template <class T>
bool all_same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_bits(a[i], b[i])) return false;
  }
  return true;
}

// The text of a configuration written independently of spec(): positional arguments with
// enough digits to rebuild every parameter exactly (21 significant digits: long double's
// max_digits10).
template <class F>
std::string positional_text(const F& f) {
  // A row whose parameter is not a number writes its text itself (activ_test::label).
  if constexpr (requires { activ_test::row_of<F>::describe(f); }) {
    return activ_test::row_of<F>::describe(f);
  }
  std::string text(F::name);
  const auto parameters = activ_test::stored_parameters(f);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    std::array<char, 64> number{};
    std::snprintf(number.data(), number.size(), "%.21Lg", static_cast<long double>(parameters[i]));
    text += i == 0 ? "(" : ", ";
    text += number.data();
  }
  if (!parameters.empty()) text += ")";
  return text;
}

template <class F, class T = value_of<F>>
constexpr bool functor_has_backward = requires(const F& f, T x) {
  f.backward(x, x);
};

template <class F, class T = value_of<F>>
constexpr bool functor_has_from_output = requires(const F& f, T y) {
  f.derivative_from_output(y);
};

// g's span backward, into its own output or in place over the gradients.
template <class G, class T>
std::vector<T> backward_span(const G& g, const std::vector<T>& xs, const std::vector<T>& grads,
                             bool in_place) {
  std::vector<T> out(grads);
  if (in_place) {
    g.backward(std::span<const T>(xs), std::span<const T>(out), std::span<T>(out));
  } else {
    g.backward(std::span<const T>(xs), std::span<const T>(grads), std::span<T>(out));
  }
  return out;
}

// g's span members from the output. clang++ 14 rejects the functors' constrained ones
// (elementwise.hpp: the constraint is checked while the functor is incomplete); there the scalar
// loop that they run stands in.
template <class G, class T>
std::vector<T> derivative_from_output_span(const G& g, const std::vector<T>& ys) {
  std::vector<T> out(ys.size());
  if constexpr (requires(std::span<const T> y, std::span<T> o) {
                  g.derivative_from_output(y, o);
                }) {
    g.derivative_from_output(std::span<const T>(ys), std::span<T>(out));
  } else {
    for (std::size_t i = 0; i < ys.size(); ++i) out[i] = g.derivative_from_output(ys[i]);
  }
  return out;
}

template <class G, class T>
std::vector<T> backward_from_output_span(const G& g, const std::vector<T>& ys,
                                         const std::vector<T>& grads) {
  std::vector<T> out(ys.size());
  if constexpr (requires(std::span<const T> y, std::span<T> o) {
                  g.backward_from_output(y, y, o);
                }) {
    g.backward_from_output(std::span<const T>(ys), std::span<const T>(grads), std::span<T>(out));
  } else {
    for (std::size_t i = 0; i < ys.size(); ++i) {
      out[i] = g.backward_from_output(ys[i], grads[i]);
    }
  }
  return out;
}

// Runs call on the functor and on the any_activation: both throw std::invalid_argument, or
// neither does and they write the same bits.
template <class F, class Call, class T = value_of<F>>
void same_outcome(Call call, const F& f, const any_activation<T>& a) {
  std::vector<T> want;
  std::vector<T> got;
  bool want_threw = false;
  bool got_threw = false;
  try {
    want = call(f);
  } catch (const std::invalid_argument&) {
    want_threw = true;
  }
  try {
    got = call(a);
  } catch (const std::invalid_argument&) {
    got_threw = true;
  }
  CHECK(want_threw == got_threw);
  CHECK(all_same(want, got));
}

}  // namespace

TEST_CASE("the table of built-ins lists the registry's rows, once each") {
  std::multiset<std::string_view> table;
  activ::detail::for_each_builtin<float>([&](const auto& entry) {
    table.insert(std::remove_cvref_t<decltype(entry)>::functor::name);
  });
  std::multiset<std::string_view> registry;
  activ_test::for_each_row([&]<class Row>() { registry.insert(Row::name); });
  CHECK(table == registry);
}

TEST_CASE_TEMPLATE("every built-in through parse gives its functor's bits on every member", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> xs = inputs<T>();
  std::vector<T> grads(xs.size());
  for (std::size_t i = 0; i < grads.size(); ++i) {
    grads[i] = static_cast<T>(static_cast<int>(i % 7) - 3) / T(4);
  }
  grads[1] = std::numeric_limits<T>::infinity();
  activ_test::for_each_configuration<T>([&]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    const std::string text = positional_text(f);
    CAPTURE(text);
    const any_activation<T> a = parse<T>(text);
    REQUIRE(a.template target<F>() != nullptr);
    const auto parsed_parameters = activ_test::stored_parameters(*a.template target<F>());
    const auto parameters = activ_test::stored_parameters(f);
    CHECK(all_same(std::vector<T>(parsed_parameters.begin(), parsed_parameters.end()),
                   std::vector<T>(parameters.begin(), parameters.end())));
    CHECK(a == any_activation<T>(f));
    CHECK(a.name() == F::name);
    CHECK(a.has_spec());

    const auto scalar = [&](auto member) {
      return [&xs, &grads, member](const auto& g) {
        std::vector<T> out;
        for (std::size_t i = 0; i < xs.size(); ++i) out.push_back(member(g, xs[i], grads[i]));
        return out;
      };
    };
    same_outcome(scalar([](const auto& g, T x, T) { return g.forward(x); }), f, a);
    same_outcome(scalar([](const auto& g, T x, T) { return g(x); }), f, a);
    same_outcome(scalar([](const auto& g, T x, T) { return g.derivative(x); }), f, a);
    same_outcome(
        [&xs](const auto& g) {
          std::vector<T> out(xs.size());
          g.forward(std::span<const T>(xs), std::span<T>(out));
          return out;
        },
        f, a);
    same_outcome(
        [&xs](const auto& g) {
          std::vector<T> out(xs);
          g.derivative(std::span<const T>(out), std::span<T>(out));  // in place
          return out;
        },
        f, a);
    // A size mismatch is the functor's own error, through any_activation too.
    same_outcome(
        [&xs](const auto& g) {
          std::vector<T> out(xs.size() + 1);
          g.forward(std::span<const T>(xs), std::span<T>(out));
          return out;
        },
        f, a);

    // backward: the functor's own where it has one, else g·f′(x), which any_activation then
    // computes.
    const auto backward_want = [&](const F& g, T x, T d) {
      if constexpr (functor_has_backward<F>) {
        return g.backward(x, d);
      } else {
        return d * g.derivative(x);
      }
    };
    {
      std::vector<T> want;
      std::vector<T> got;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        want.push_back(backward_want(f, xs[i], grads[i]));
        got.push_back(a.backward(xs[i], grads[i]));
      }
      CHECK(all_same(want, got));
      // The span member may run vector kernels, whose results may differ from the scalar ones
      // within the functor's array bound: any_activation gives the functor's span results.
      if constexpr (functor_has_backward<F>) {
        same_outcome([&](const auto& g) { return backward_span(g, xs, grads, false); }, f, a);
        same_outcome([&](const auto& g) { return backward_span(g, xs, grads, true); }, f, a);
      } else {
        CHECK(all_same(want, backward_span(a, xs, grads, false)));
        CHECK(all_same(want, backward_span(a, xs, grads, true)));
      }
    }

    // From the output: the functor's members, or std::invalid_argument naming the function.
    std::vector<T> ys(xs.size());
    f.forward(std::span<const T>(xs), std::span<T>(ys));
    CHECK(a.has_derivative_from_output() == functor_has_from_output<F>);
    if constexpr (functor_has_from_output<F>) {
      same_outcome(
          [&ys](const auto& g) {
            std::vector<T> out;
            out.reserve(ys.size());
            for (const T y : ys) out.push_back(g.derivative_from_output(y));
            return out;
          },
          f, a);
      same_outcome(
          [&ys, &grads](const auto& g) {
            std::vector<T> out;
            for (std::size_t i = 0; i < ys.size(); ++i) {
              out.push_back(g.backward_from_output(ys[i], grads[i]));
            }
            return out;
          },
          f, a);
      same_outcome([&ys](const auto& g) { return derivative_from_output_span(g, ys); }, f, a);
      same_outcome([&ys, &grads](const auto& g) { return backward_from_output_span(g, ys, grads); },
                   f, a);
    } else {
      const std::string because =
          std::string(F::name) + " cannot compute its derivative from its output";
      std::vector<T> out(ys.size());
      CHECK(rejection([&] { static_cast<void>(a.derivative_from_output(ys[0])); }) ==
            "activ::any_activation::derivative_from_output: " + because);
      CHECK(rejection([&] {
              a.derivative_from_output(std::span<const T>(ys), std::span<T>(out));
            }) == "activ::any_activation::derivative_from_output: " + because);
      CHECK(rejection([&] { static_cast<void>(a.backward_from_output(ys[0], T(1))); }) ==
            "activ::any_activation::backward_from_output: " + because);
      CHECK(rejection([&] {
              a.backward_from_output(std::span<const T>(ys), std::span<const T>(grads),
                                     std::span<T>(out));
            }) == "activ::any_activation::backward_from_output: " + because);
    }
  });
}

TEST_CASE("hardswish has no from-output members; leaky_relu's throw for a negative slope") {
  const any_activation<float> h = parse<float>("hardswish");
  CHECK_FALSE(h.has_derivative_from_output());
  CHECK(rejection([&] { static_cast<void>(h.derivative_from_output(0.5f)); }) ==
        "activ::any_activation::derivative_from_output: hardswish cannot compute its derivative "
        "from its output");
  const any_activation<float> negative = parse<float>("leaky_relu(-0.5)");
  const activ::leaky_relu<float> concrete(-0.5f);
  CHECK(negative.forward(-2.0f) == concrete.forward(-2.0f));
  if constexpr (functor_has_from_output<activ::leaky_relu<float>>) {
    CHECK(negative.has_derivative_from_output());
    CHECK_THROWS_AS(static_cast<void>(negative.derivative_from_output(1.0f)),
                    std::invalid_argument);
    CHECK_THROWS_AS(static_cast<void>(negative.backward_from_output(1.0f, 1.0f)),
                    std::invalid_argument);
  }
}

TEST_CASE_TEMPLATE("value semantics: relu by default, copies, moves, ==, swap, target", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const any_activation<T> fresh;
  CHECK(fresh.name() == "relu");
  CHECK(fresh.template target<activ::relu<T>>() != nullptr);
  CHECK(fresh == any_activation<T>(activ::relu<T>{}));
  CHECK(fresh.spec() == "relu");

  any_activation<T> a = activ::elu<T>(T(0.5));
  CHECK(a.template target<activ::relu<T>>() == nullptr);
  CHECK(a.template target<int>() == nullptr);
  REQUIRE(a.template target<activ::elu<T>>() != nullptr);
  CHECK(a.template target<activ::elu<T>>()->alpha() == T(0.5));

  any_activation<T> b = a;
  CHECK(b == a);
  CHECK(b.template target<activ::elu<T>>() !=
        a.template target<activ::elu<T>>());  // a copy, not a share
  b = activ::elu<T>(T(0.25));
  CHECK(b != a);
  CHECK(a == activ::elu<T>(T(0.5)));

  // Different types with the same parameter, and the same type with parameters that differ only
  // in the sign of zero (they give zeros of different signs), are different.
  CHECK(any_activation<T>(activ::elu<T>(T(1))) != any_activation<T>(activ::leaky_relu<T>(T(1))));
  CHECK(any_activation<T>(activ::leaky_relu<T>(T(0))) !=
        any_activation<T>(activ::leaky_relu<T>(-T(0))));
  CHECK(any_activation<T>(activ::hardtanh<T>(T(-1), T(2))) !=
        any_activation<T>(activ::hardtanh<T>(T(-1), T(1))));
  CHECK(any_activation<T>(activ::hardtanh<T>(T(-1), T(2))) !=
        any_activation<T>(activ::hardtanh<T>(T(-2), T(2))));
  CHECK(any_activation<T>(activ::hardtanh<T>(T(-1), T(2))) ==
        any_activation<T>(activ::hardtanh<T>(T(-1), T(2))));
  CHECK(any_activation<T>(activ::sigmoid<T>{}) == any_activation<T>(activ::sigmoid<T>{}));
  CHECK(any_activation<T>(activ::sigmoid<T>{}) != any_activation<T>(activ::tanh<T>{}));

  any_activation<T> moved = std::move(a);
  CHECK(moved == activ::elu<T>(T(0.5)));
  CHECK(a.name() == "relu");  // NOLINT(bugprone-use-after-move): moved-from holds relu, promised
  CHECK(a == any_activation<T>());

  a = std::move(moved);
  CHECK(a == activ::elu<T>(T(0.5)));
  CHECK(moved.name() == "relu");  // NOLINT(bugprone-use-after-move)

  any_activation<T>& alias = a;
  a = alias;  // self-assignment keeps it
  CHECK(a == activ::elu<T>(T(0.5)));
  a = std::move(alias);  // self-move too
  CHECK(a == activ::elu<T>(T(0.5)));

  swap(a, b);
  CHECK(a == activ::elu<T>(T(0.25)));
  CHECK(b == activ::elu<T>(T(0.5)));

  const any_activation<T> in_place(std::in_place_type<activ::hardtanh<T>>, T(-3), T(3));
  CHECK(in_place.spec() == "hardtanh(min_val=-3, max_val=3)");
  CHECK(in_place.forward(T(5)) == T(3));
}

TEST_CASE("any_activation models activ::activation, and plugs into std::transform") {
  static_assert(activ::activation<any_activation<float>>);
  static_assert(activ::activation<any_activation<long double>>);
  static_assert(std::is_nothrow_move_constructible_v<any_activation<double>>);
  static_assert(std::is_nothrow_move_assignable_v<any_activation<double>>);
  static_assert(std::is_nothrow_default_constructible_v<any_activation<double>>);
  static_assert(!std::is_convertible_v<int, any_activation<float>>);
  static_assert(!std::is_constructible_v<any_activation<float>, activ::relu<double>>);
  const any_activation<float> a = parse<float>("relu");
  CHECK(a(-1.0f) == 0.0f);
  CHECK(a(2.0f) == 2.0f);
}

namespace {

// Random finite values of T over every binade, subnormals included, and the edges.
template <class T>
std::vector<T> parameter_samples(std::size_t count) {
  using limits = std::numeric_limits<T>;
  std::vector<T> values = {T(0),
                           -T(0),
                           limits::denorm_min(),
                           -limits::denorm_min(),
                           limits::min(),
                           -limits::min(),
                           limits::max(),
                           limits::lowest(),
                           T(0.01),
                           T(1),
                           T(-1),
                           T(0.1),
                           T(1) / T(3),
                           T(6)};
  std::mt19937_64 engine(20240611u);
  while (values.size() < count) {
    const std::uint64_t bits = engine();
    T x{};
    if constexpr (sizeof(T) == sizeof(std::uint32_t)) {
      x = std::bit_cast<T>(static_cast<std::uint32_t>(bits));
    } else if constexpr (sizeof(T) == sizeof(std::uint64_t)) {
      x = std::bit_cast<T>(bits);
    } else {
      // A full-width significand at any exponent, subnormals included (ldexp rounds those).
      const int span = limits::max_exponent - (limits::min_exponent - limits::digits);
      const int exponent = static_cast<int>(engine() % static_cast<std::uint64_t>(span)) +
                           (limits::min_exponent - limits::digits) - limits::digits;
      x = std::ldexp(static_cast<T>(bits | (std::uint64_t{1} << 63U)), exponent);
      if ((engine() & 1U) != 0U) x = -x;
    }
    if (std::isfinite(x)) values.push_back(x);
  }
  return values;
}

// Values any_activation can hold of the built-in F with N parameters, drawn from `samples` (pairs
// for two parameters), skipping those the constructor rejects; check(a) on each. Returns how many
// were built.
template <class F, std::size_t N, class Check>
std::size_t for_each_value(const std::vector<value_of<F>>& samples, Check&& check) {
  using T = value_of<F>;
  std::size_t built = 0;
  const auto attempt = [&](auto... parameters) {
    try {
      check(any_activation<T>(F(parameters...)));
      ++built;
    } catch (const std::invalid_argument&) {
      // outside the functor's contract: not a value any_activation can hold
    }
  };
  if constexpr (N == 0) {
    attempt();
  } else if constexpr (N == 1) {
    for (const T p : samples) attempt(p);
  } else {
    static_assert(N == 2, "a row with more parameters needs its own sampling here");
    for (std::size_t i = 0; i + 1 < samples.size(); ++i) {
      attempt(samples[i], samples[i + 1]);
      attempt(std::min(samples[i], samples[i + 1]), std::max(samples[i], samples[i + 1]));
    }
  }
  return built;
}

}  // namespace

TEST_CASE_TEMPLATE("spec() round trips through parse for every value", T, ACTIV_TEST_FLOAT_TYPES) {
  const std::vector<T> samples = parameter_samples<T>(4000);
  std::size_t checked = 0;
  std::size_t failures = 0;
  activ::detail::for_each_builtin<T>([&](const auto& entry) {
    using F = typename std::remove_cvref_t<decltype(entry)>::functor;
    constexpr std::size_t n = std::tuple_size_v<decltype(entry.parameters)>;
    checked += for_each_value<F, n>(samples, [&](const any_activation<T>& a) {
      const std::string text = a.spec();
      const any_activation<T> back = parse<T>(text);
      const F& original = *a.template target<F>();
      const F* const rebuilt = back.template target<F>();
      bool same = rebuilt != nullptr && back == a && back.spec() == text;
      for (const auto& p : entry.parameters) {
        same = same && rebuilt != nullptr && same_bits((original.*p.get)(), (rebuilt->*p.get)());
      }
      if (!same && failures++ < 5) FAIL_CHECK("spec() does not round trip: " << text);
    });
  });
  CHECK(failures == 0);
  CHECK(checked > 9000);  // most samples are valid for leaky_relu, half for elu and hardtanh
  // A few canonical forms.
  CHECK(parse<T>("leaky_relu").spec() == "leaky_relu(negative_slope=0.01)");
  CHECK(parse<T>(" elu ( ) ").spec() == "elu(alpha=1)");
  CHECK(parse<T>("hardtanh(max_val = 2)").spec() == "hardtanh(min_val=-1, max_val=2)");
  CHECK(parse<T>("elu(-0.0)").spec() == "elu(alpha=-0)");
  CHECK(parse<T>("softsign()").spec() == "softsign");
}

TEST_CASE_TEMPLATE("numbers: Python's syntax, rounded correctly to T", T, ACTIV_TEST_FLOAT_TYPES) {
  const auto slope = [](std::string_view argument) {
    const any_activation<T> a = parse<T>("leaky_relu(" + std::string(argument) + ")");
    return a.template target<activ::leaky_relu<T>>()->alpha();
  };
  CHECK(slope("1") == T(1));
  CHECK(slope("+1") == T(1));
  CHECK(slope("-0.5") == T(-0.5));
  CHECK(slope("- - 2") == T(2));
  CHECK(slope("-+-+3") == T(3));
  CHECK(slope(".5") == T(0.5));
  CHECK(slope("5.") == T(5));
  CHECK(slope("5.e-1") == T(0.5));
  CHECK(slope("1e-2") == T(1) / T(100));
  CHECK(slope("1E+2") == T(100));
  CHECK(slope("1_000.25") == T(1000.25));
  CHECK(slope("1e0_1") == T(10));
  CHECK(slope("00") == T(0));
  CHECK(slope("0_0") == T(0));
  CHECK(slope("007.5") == T(7.5));
  CHECK(slope("0.1") == T(1) / T(10));  // correctly rounded in T, as 1/10 is
  CHECK(same_bits(slope("-0"), -T(0)));
  CHECK(same_bits(slope("0"), T(0)));
  // Below T's range: the nearest subnormal or a zero of the number's sign, as Python's float.
  CHECK(same_bits(slope("1e-99999"), T(0)));
  CHECK(same_bits(slope("-1e-99999"), -T(0)));
  const T tiny = std::numeric_limits<T>::denorm_min();
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%.25Lg", static_cast<long double>(tiny) * 0.75L);
  CHECK(same_bits(slope(text.data()), tiny));  // ¾ of the smallest subnormal rounds up to it
  std::snprintf(text.data(), text.size(), "%.25Lg", static_cast<long double>(tiny) * 0.25L);
  CHECK(same_bits(slope(text.data()), T(0)));  // ¼ rounds down to 0
  std::snprintf(text.data(), text.size(), "%.25Lg", static_cast<long double>(tiny) * 3.25L);
  CHECK(same_bits(slope(text.data()), tiny * T(3)));
}

TEST_CASE("numbers are rounded once, to the type asked for") {
  // 1 + 2^−24 + 10^−29 lies just above the midpoint between 1 and the next float: correctly
  // rounded it is 1 + 2^−23, while rounding to double first would land on the midpoint itself
  // and then tie to even, at 1.
  const char* const above_midpoint = "leaky_relu(1.00000005960464477539062500001)";
  CHECK(parse<float>(above_midpoint).template target<activ::leaky_relu<float>>()->alpha() ==
        1.0f + 0x1p-23f);
  CHECK(parse<double>(above_midpoint).template target<activ::leaky_relu<double>>()->alpha() ==
        1.0 + 0x1p-24);
  // The smallest long double subnormal, which libstdc++'s from_chars alone reports out of range.
  CHECK(
      parse<long double>("elu(3.6452e-4951)").template target<activ::elu<long double>>()->alpha() ==
      std::numeric_limits<long double>::denorm_min());
  // The largest finite values, and one beyond them.
  CHECK(parse<float>("elu(3.4028235e38)").template target<activ::elu<float>>()->alpha() ==
        std::numeric_limits<float>::max());
  CHECK(parse<float>("elu(3.40282356e38)").template target<activ::elu<float>>()->alpha() ==
        std::numeric_limits<float>::max());
  CHECK(parse<double>("elu(1e39)").template target<activ::elu<double>>()->alpha() == 1e39);
}

namespace {

struct expected_error {
  std::string_view text;
  std::size_t column;
  std::string_view message;  // what follows "activ::parse: column N: "
};

// Each kind of error, with its column and message.
constexpr std::array errors = {
    expected_error{"", 1, "expected the name of an activation function, found the end of the text"},
    expected_error{"  (", 3, "expected the name of an activation function, found '('"},
    expected_error{"ReLU", 1, "unknown activation function 'ReLU'; did you mean 'relu'?"},
    expected_error{"LeakyReLU(0.1)", 1,
                   "unknown activation function 'LeakyReLU'; did you mean 'leaky_relu'?"},
    expected_error{" sigmiod", 2, "unknown activation function 'sigmiod'; did you mean 'sigmoid'?"},
    expected_error{"Hardtanh", 1,
                   "unknown activation function 'Hardtanh'; did you mean 'hardtanh'?"},
    expected_error{"elu(beta=1)", 5, "unknown parameter 'beta' of elu (its parameters: alpha)"},
    expected_error{"leaky_relu(negative_slop=1)", 12,
                   "unknown parameter 'negative_slop' of leaky_relu; did you mean "
                   "'negative_slope'?"},
    expected_error{"relu(inplace=True)", 6,
                   "unknown parameter 'inplace' of relu, which takes no arguments"},
    expected_error{"softplus(beta=2, threshold=20)", 18,
                   "parameter 'threshold' of softplus is not supported: activ's softplus "
                   "computes log(1 + exp(beta*x))/beta exactly for every x and needs no threshold "
                   "(PyTorch's switch to the identity above it is an approximation)"},
    expected_error{"softplus(1, 20)", 13,
                   "too many arguments: softplus takes at most 1 (beta); PyTorch's 'threshold' is "
                   "not supported: activ's softplus computes log(1 + exp(beta*x))/beta exactly "
                   "for every x and needs no threshold (PyTorch's switch to the identity above "
                   "it is an approximation)"},
    expected_error{"softplus(beta=0)", 10, "activ::softplus: beta must be finite and positive"},
    expected_error{"log_sigmoid(1)", 13, "log_sigmoid takes no arguments"},
    expected_error{"gelu(approximate=tanh)", 18,
                   "expected a string for 'approximate' (none, tanh), found 't'"},
    expected_error{"gelu(approximate='tan')", 18,
                   "unknown value 'tan' for 'approximate' of gelu (none, tanh); did you mean "
                   "'tanh'?"},
    expected_error{"gelu('erf')", 6, "unknown value 'erf' for 'approximate' of gelu (none, tanh)"},
    expected_error{"gelu(approximat='tanh')", 6,
                   "unknown parameter 'approximat' of gelu; did you mean 'approximate'?"},
    expected_error{"gelu('tanh', 'none')", 14,
                   "too many arguments: gelu takes at most 1 (approximate)"},
    expected_error{"gelu('tanh'", 12, "missing ')' to close the arguments of gelu"},
    expected_error{"gelu(approximate='tanh)", 18, "missing closing quote '"},
    expected_error{"gelu(1)", 6, "expected a string for 'approximate' (none, tanh), found '1'"},
    expected_error{"elu(alpha=1, alpha=2)", 14,
                   "repeated parameter 'alpha' of elu: already given at column 5"},
    expected_error{"elu(1, alpha=2)", 8,
                   "repeated parameter 'alpha' of elu: already given at column 5"},
    expected_error{"hardtanh(0, 1, 2)", 16,
                   "too many arguments: hardtanh takes at most 2 (min_val, max_val)"},
    expected_error{"relu(1)", 6, "relu takes no arguments"},
    expected_error{"elu(alpha=1, 2)", 14, "positional argument after a keyword argument"},
    expected_error{"elu(1e)", 5, "malformed number '1e': the exponent has no digits"},
    expected_error{"elu(1__0)", 5, "malformed number '1__0': not a Python number"},
    expected_error{"elu(1_)", 5, "malformed number '1_': not a Python number"},
    expected_error{"elu(1.2.3)", 5, "malformed number '1.2.3': not a Python number"},
    expected_error{"elu(.)", 5, "malformed number '.': not a Python number"},
    expected_error{"elu(2j)", 5, "malformed number '2j': not a Python number"},
    expected_error{"elu(0x10)", 5, "malformed number '0x10': only decimal numbers are read"},
    expected_error{"elu(01)", 5,
                   "malformed number '01': leading zeros in a decimal integer are not allowed, "
                   "as in Python"},
    expected_error{"elu(inf)", 5, "non-finite number 'inf' for 'alpha': parameters must be finite"},
    expected_error{"elu(alpha=-NaN)", 12,
                   "non-finite number 'NaN' for 'alpha': parameters must be finite"},
    expected_error{"elu(Infinity)", 5,
                   "non-finite number 'Infinity' for 'alpha': parameters must be finite"},
    expected_error{"elu(1e39)", 5,
                   "number '1e39' for 'alpha' is too large for float (largest finite: "
                   "3.4028235e+38)"},
    expected_error{"elu(-1)", 5, "activ::elu: alpha must be finite and non-negative"},
    expected_error{"hardtanh(0, max_val=-2)", 13,
                   "activ::hardtanh: min_val and max_val must be finite, with min_val <= max_val"},
    expected_error{"hardtanh(min_val=2)", 10,
                   "activ::hardtanh: min_val and max_val must be finite, with min_val <= max_val"},
    expected_error{"elu(alpha=)", 11, "expected a number for 'alpha', found ')'"},
    expected_error{"elu(alpha)", 5, "expected a number for 'alpha', found 'alpha'"},
    expected_error{"elu(alpha==1)", 11, "expected a number after '=', found '='"},
    expected_error{"elu(1", 6,
                   "expected ',' or ')' in the arguments of elu, found the end of the text"},
    expected_error{"elu(1 2)", 7, "expected ',' or ')' in the arguments of elu, found '2'"},
    expected_error{"elu(", 5, "missing ')' to close the arguments of elu"},
    expected_error{"elu(1,", 7, "missing ')' to close the arguments of elu"},
    expected_error{"elu(,)", 5, "expected an argument or ')' in the arguments of elu, found ','"},
    expected_error{"elu(1,,)", 7, "expected an argument or ')' in the arguments of elu, found ','"},
    expected_error{"relu x", 6, "unexpected 'x' after the end of the activation"},
    expected_error{"relu() ()", 8, "unexpected '(' after the end of the activation"},
    expected_error{"relu\xff", 5, "unexpected byte 0xFF after the end of the activation"},
    expected_error{"elu(1))", 7, "unexpected ')' after the end of the activation"},
};

}  // namespace

TEST_CASE("each parse error says where and what was expected") {
  for (const expected_error& e : errors) {
    CAPTURE(e.text);
    const std::string want =
        "activ::parse: column " + std::to_string(e.column) + ": " + std::string(e.message);
    CHECK(rejection([&] { static_cast<void>(parse<float>(e.text)); }) == want);
  }
  // The same errors for the other types, but for the float overflow.
  for (const expected_error& e : errors) {
    if (e.message.find("too large for float") != std::string_view::npos) continue;
    CAPTURE(e.text);
    CHECK_THROWS_AS(static_cast<void>(parse<double>(e.text)), std::invalid_argument);
    CHECK_THROWS_AS(static_cast<void>(parse<long double>(e.text)), std::invalid_argument);
  }
  // A name far from every known one: the message lists them all, in the registry's order.
  std::string known;
  activ_test::for_each_row(
      [&]<class Row>() { known += (known.empty() ? "" : ", ") + std::string(Row::name); });
  CHECK(rejection([] { static_cast<void>(parse<float>("softmax")); }) ==
        "activ::parse: column 1: unknown activation function 'softmax' (known: " + known + ")");
  CHECK(rejection([] { static_cast<void>(parse<double>("elu(1e309)")); }) ==
        "activ::parse: column 5: number '1e309' for 'alpha' is too large for double (largest "
        "finite: 1.7976931348623157e+308)");
}

TEST_CASE("gelu's approximate is read as PyTorch writes it, by position or keyword") {
  const activ::gelu<float> tanh_form{activ::gelu_approximation::tanh};
  for (const std::string_view text :
       {"gelu(approximate='tanh')", "gelu('tanh')", "gelu(approximate=\"tanh\")",
        " gelu ( approximate = 'tanh' , ) "}) {
    CAPTURE(text);
    const auto a = parse<float>(text);
    REQUIRE(a.target<activ::gelu<float>>() != nullptr);
    CHECK(a.target<activ::gelu<float>>()->approximate() == activ::gelu_approximation::tanh);
    CHECK(a == activ::any_activation<float>(tanh_form));
    CHECK(a.spec() == "gelu(approximate='tanh')");
    CHECK(a != parse<float>("gelu"));
  }
  for (const std::string_view text :
       {"gelu", "gelu()", "gelu('none')", "gelu(approximate='none')"}) {
    CAPTURE(text);
    const auto a = parse<double>(text);
    CHECK(a == activ::any_activation<double>(activ::gelu<double>{}));
    CHECK(a.spec() == "gelu(approximate='none')");
  }
}

TEST_CASE("PyTorch's functional spelling logsigmoid reads as log_sigmoid") {
  const auto a = parse<float>("logsigmoid");
  CHECK(a == activ::any_activation<float>(activ::log_sigmoid<float>{}));
  CHECK(a.spec() == "log_sigmoid");
  CHECK(parse<double>(" logsigmoid( ) ") == parse<double>("log_sigmoid"));
  CHECK(rejection([] { static_cast<void>(parse<float>("LogSigmoid")); }) ==
        "activ::parse: column 1: unknown activation function 'LogSigmoid'; did you mean "
        "'log_sigmoid'?");
}

TEST_CASE("whitespace and the optional parts Python allows") {
  const std::array<std::string_view, 9> texts = {
      "elu(alpha=0.5)", "  elu(alpha=0.5)  ", "elu ( alpha = 0.5 )",       "elu(0.5)",
      "elu(0.5,)",      "elu(alpha=0.5,)",    "\telu(\n  alpha=0.5,\n)\n", "elu(.5)",
      "elu( + 0.5 )"};
  for (const std::string_view text : texts) {
    CAPTURE(text);
    CHECK(parse<double>(text) == activ::elu<double>(0.5));
  }
  CHECK(parse<double>("hardtanh(max_val=3, min_val=-3)") == activ::hardtanh<double>(-3, 3));
  CHECK(parse<double>("hardtanh(-3, max_val=3)") == activ::hardtanh<double>(-3, 3));
  CHECK(parse<double>("hardtanh(-3)") == activ::hardtanh<double>(-3, 1));
  CHECK(parse<double>("relu()") == activ::relu<double>());
  CHECK(parse<double>(" relu ") == activ::relu<double>());
  CHECK(parse<double>("leaky_relu(negative_slope=0.2)") == activ::leaky_relu<double>(0.2));
}

TEST_CASE_TEMPLATE("the built-ins never allocate: construction, copy, move, calls, ==", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  static_assert(activ::detail::builtins_stored_inline<T>);
  static_assert(sizeof(any_activation<T>) <=
                2 * sizeof(void*) + 2 * sizeof(T) + alignof(any_activation<T>));
  std::vector<T> xs(64, T(0.5));
  std::vector<T> out(xs.size());
  std::vector<any_activation<T>> held;
  held.reserve(32);
  const std::size_t before = allocations.load();
  activ::detail::for_each_builtin<T>([&](const auto& entry) {
    using F = typename std::remove_cvref_t<decltype(entry)>::functor;
    any_activation<T> a = F{};
    const any_activation<T> copy = a;
    any_activation<T> moved = std::move(a);
    a = copy;
    CHECK(a == moved);
    moved.forward(std::span<const T>(xs), std::span<T>(out));
    moved.derivative(std::span<const T>(xs), std::span<T>(out));
    static_cast<void>(moved.forward(T(1)));
    held.push_back(copy);  // into reserved storage
  });
  CHECK(allocations.load() == before);
  std::size_t rows = 0;
  activ_test::for_each_row([&]<class Row>() { ++rows; });
  CHECK(held.size() == rows);
}

namespace {

// A user-defined activation through activ's shared span machinery, y = α·x, with an accessor
// that == reads and no backward of its own.
template <class T>
class scaled : public activ::detail::elementwise<scaled<T>, T> {
  using base = activ::detail::elementwise<scaled<T>, T>;

 public:
  static constexpr std::string_view name = "scaled";
  using base::derivative;
  using base::forward;

  scaled() = default;
  explicit scaled(T alpha) : alpha_(alpha) {}

  [[nodiscard]] T alpha() const { return alpha_; }
  [[nodiscard]] T forward(T x) const { return alpha_ * x; }
  [[nodiscard]] T derivative(T) const { return alpha_; }

 private:
  T alpha_ = T(2);
};

// A user-defined activation too large for the buffer, written from scratch, compared by its own
// ==: a polynomial with fixed coefficients.
struct polynomial {
  using value_type = double;
  static constexpr std::string_view name = "polynomial";
  std::array<double, 8> coefficients{};

  [[nodiscard]] double forward(double x) const {
    double y = 0;
    for (std::size_t k = coefficients.size(); k-- > 0;) y = y * x + coefficients.at(k);
    return y;
  }
  [[nodiscard]] double derivative(double x) const {
    double y = 0;
    for (std::size_t k = coefficients.size() - 1; k > 0; --k) {
      y = y * x + static_cast<double>(k) * coefficients.at(k);
    }
    return y;
  }
  [[nodiscard]] double operator()(double x) const { return forward(x); }
  void forward(std::span<const double> in, std::span<double> out) const {
    for (std::size_t i = 0; i < in.size(); ++i) out[i] = forward(in[i]);
  }
  void derivative(std::span<const double> in, std::span<double> out) const {
    for (std::size_t i = 0; i < in.size(); ++i) out[i] = derivative(in[i]);
  }
  friend bool operator==(const polynomial&, const polynomial&) = default;
};

}  // namespace

TEST_CASE("user-defined functors: held inline or on the heap, compared, no spec") {
  static_assert(activ::detail::stored_inline<scaled<float>, float>);
  static_assert(!activ::detail::stored_inline<polynomial, double>);

  const any_activation<float> s = scaled<float>(3.0f);
  CHECK(s.name() == "scaled");
  CHECK(s.forward(2.0f) == 6.0f);
  CHECK(s.derivative(2.0f) == 3.0f);
  CHECK(s.backward(2.0f, 0.5f) == 1.5f);  // g·f′(x): scaled has no backward
  const std::vector<float> xs = {1.0f, -2.0f, 4.0f};
  const std::vector<float> gs = {1.0f, 2.0f, -1.0f};
  std::vector<float> out(3);
  s.forward(std::span<const float>(xs), std::span<float>(out));
  CHECK(out == std::vector<float>{3.0f, -6.0f, 12.0f});
  s.backward(std::span<const float>(xs), std::span<const float>(gs), std::span<float>(out));
  CHECK(out == std::vector<float>{3.0f, 6.0f, -3.0f});
  std::vector<float> shorter(2);
  CHECK_THROWS_AS(
      s.backward(std::span<const float>(xs), std::span<const float>(gs), std::span<float>(shorter)),
      std::invalid_argument);
  CHECK(s == scaled<float>(3.0f));
  CHECK(s != scaled<float>(-3.0f));
  CHECK(s != any_activation<float>(activ::leaky_relu<float>(3.0f)));
  CHECK_FALSE(s.has_spec());
  CHECK_FALSE(s.has_derivative_from_output());
  CHECK(rejection([&] { static_cast<void>(s.spec()); }) ==
        "activ::any_activation::spec: scaled is not a built-in activation, which parse could read "
        "back");
  CHECK(rejection([&] { static_cast<void>(s.derivative_from_output(1.0f)); }) ==
        "activ::any_activation::derivative_from_output: scaled cannot compute its derivative from "
        "its output");

  polynomial p;
  p.coefficients = {1, 2, 3};  // 1 + 2x + 3x²
  const std::size_t before = allocations.load();
  any_activation<double> a = p;
  CHECK(allocations.load() == before + 1);
  any_activation<double> b = a;
  CHECK(allocations.load() == before + 2);
  const any_activation<double> c = std::move(a);  // hands the heap object over
  CHECK(allocations.load() == before + 2);
  CHECK(a.name() == "relu");  // NOLINT(bugprone-use-after-move): moved-from holds relu, promised
  CHECK(c.forward(2.0) == 17.0);
  CHECK(c.derivative(2.0) == 14.0);
  CHECK(c.backward(2.0, 0.5) == 7.0);
  CHECK(b == c);
  polynomial q = p;
  q.coefficients[7] = 1;
  b = q;
  CHECK(b != c);
  REQUIRE(c.template target<polynomial>() != nullptr);
  CHECK(c.template target<polynomial>()->coefficients[1] == 2.0);
  CHECK(c.template target<scaled<double>>() == nullptr);
}
