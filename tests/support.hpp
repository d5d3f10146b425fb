#pragma once
// Shared fixtures for activ's tests: the scalar type list, ULP measurement, bit-level equality,
// and the registry's rows seen from a functor (its row, label, bounds and path agreement).

#include <activ/activ.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "registry.hpp"

#define ACTIV_TEST_FLOAT_TYPES float, double, long double

namespace activ_test {

// Spacing of the floating-point numbers of T at y: 2^(max(e, emin) − p + 1) with e = ⌊log2 |y|⌋,
// emin the exponent of the smallest normal number and p the precision. The clamp at emin gives
// the fixed subnormal spacing; at a power of two the spacing above it is used. ulp(0) is the
// smallest subnormal.
template <class T>
long double ulp_of(long double y) {
  constexpr int emin = std::numeric_limits<T>::min_exponent - 1;
  constexpr int p = std::numeric_limits<T>::digits;
  if (y == 0.0L) return static_cast<long double>(std::numeric_limits<T>::denorm_min());
  const int e = std::ilogb(y) < emin ? emin : std::ilogb(y);
  return std::ldexp(1.0L, e - p + 1);
}

// |got − expected| in ULPs of T at `expected`. NaN or an infinity where a finite value is expected
// is an infinite error; matching infinities are exact.
template <class T>
long double ulp_error(T got, long double expected) {
  const auto g = static_cast<long double>(got);
  if (std::isnan(g) || std::isnan(expected)) {
    return std::isnan(g) && std::isnan(expected) ? 0.0L
                                                 : std::numeric_limits<long double>::infinity();
  }
  // An expected value at or past T's largest plus half an ULP rounds to ±∞ (selu(x) = scale·x near
  // the largest double): infinity of its sign is then exact.
  if (std::numeric_limits<T>::has_infinity && sizeof(T) < sizeof(long double)) {
    const auto largest = static_cast<long double>(std::numeric_limits<T>::max());
    const long double overflow = largest + ulp_of<T>(largest) / 2;
    if (std::fabs(expected) >= overflow) {
      return std::isinf(g) && (g > 0) == (expected > 0)
                 ? 0.0L
                 : std::numeric_limits<long double>::infinity();
    }
  }
  if (std::isinf(g) || std::isinf(expected)) {
    return g == expected ? 0.0L : std::numeric_limits<long double>::infinity();
  }
  return std::fabs(g - expected) / ulp_of<T>(expected);
}

// x, hidden from the optimiser. GCC folds math calls on constant arguments with MPFR, correctly
// rounded, while the run-time library may differ in the last bit; comparing two paths needs both
// to run.
template <class T>
T opaque(T x) {
  volatile T hidden = x;
  return hidden;
}

// Equal bit for bit, so that −0 differs from +0 and NaNs compare by payload. long double is
// compared by value and sign because its 80-bit format leaves padding bytes undefined.
template <class T>
bool same_bits(T a, T b) {
  if constexpr (sizeof(T) == sizeof(std::uint64_t)) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  } else if constexpr (sizeof(T) == sizeof(std::uint32_t)) {
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
  } else {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  }
}

// A float's or double's position among the values of its type, for counting the steps between
// two of them (x finite or infinite): −0 and +0 are neighbours, as −min and +min are.
inline std::int64_t ordered_bits(float x) {
  const auto bits = static_cast<std::int64_t>(std::bit_cast<std::uint32_t>(x) & 0x7fffffffu);
  return std::signbit(x) ? -bits - 1 : bits;
}
inline std::int64_t ordered_bits(double x) {
  const auto bits =
      static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(x) & 0x7fffffffffffffffu);
  return std::signbit(x) ? -bits - 1 : bits;
}

// ---------------------------------------------------------------------------------------------
// The registry (tests/registry.hpp) seen from a functor: its row, its parameters, its label, and
// what its paths may return.

namespace registry_detail {
template <class F, class List>
struct find_row {
  using type = void;
};
template <class F, class Row, class... Rows>
struct find_row<F, row_list<Row, Rows...>> {
  using type =
      std::conditional_t<std::is_same_v<typename Row::template functor<typename F::value_type>, F>,
                         Row, typename find_row<F, row_list<Rows...>>::type>;
};
}  // namespace registry_detail

// The row whose functor F is; every functor a test measures has one.
template <class F>
using row_of = typename registry_detail::find_row<F, all_rows>::type;
template <class F>
concept registered = !std::is_void_v<row_of<F>>;

// A row's direction (its nested struct) named by the kernels' direction.
template <class Row, activ::detail::simd::direction D>
using direction_of = std::conditional_t<D == activ::detail::simd::direction::forward,
                                        typename Row::forward, typename Row::derivative>;

// The member a direction measures, callable on a functor with the member's arguments (a scalar, two
// spans, or an iterator range and an output), so that one test body serves both directions.
struct forward_member {
  static constexpr activ::detail::simd::direction kernel = activ::detail::simd::direction::forward;
  static constexpr const char* name = "forward";
  template <class F, class... A>
  decltype(auto) operator()(const F& f, A&&... a) const {
    return f.forward(std::forward<A>(a)...);
  }
};
struct derivative_member {
  static constexpr activ::detail::simd::direction kernel =
      activ::detail::simd::direction::derivative;
  static constexpr const char* name = "derivative";
  template <class F, class... A>
  decltype(auto) operator()(const F& f, A&&... a) const {
    return f.derivative(std::forward<A>(a)...);
  }
};

// Calls visit.template operator()<Direction>(member) for Row::forward with forward_member{}, then
// for Row::derivative with derivative_member{}.
template <class Row, class Visit>
void for_each_direction(Visit&& visit) {
  visit.template operator()<typename Row::forward>(forward_member{});
  visit.template operator()<typename Row::derivative>(derivative_member{});
}

// Calls visit.template operator()<Row>(f) for every configuration f over T of every row.
template <class T, class Visit>
void for_each_configuration(Visit&& visit) {
  for_each_row([&visit]<class Row>() {
    for (const auto& f : Row::template configurations<T>()) visit.template operator()<Row>(f);
  });
}

// A functor's parameters, as it stores them: activ's functors hold their parameters as T members
// and nothing else (an empty functor has none), so the parameters of any activation read without
// knowing its accessors' names.
// A row whose functor holds a parameter that is not a number (gelu's approximate) says what its
// parameters are as numbers instead, with Row::parameters(f).
template <class F>
auto stored_parameters(const F& f) {
  using T = typename F::value_type;
  if constexpr (requires { row_of<F>::parameters(f); }) {
    return row_of<F>::parameters(f);
  } else if constexpr (std::is_empty_v<F>) {
    return std::array<T, 0>{};
  } else {
    static_assert(std::is_trivially_copyable_v<F> && sizeof(F) % sizeof(T) == 0,
                  "a functor holds its parameters as T members and nothing else");
    return std::bit_cast<std::array<T, sizeof(F) / sizeof(T)>>(f);
  }
}

// "leaky_relu(0.2)", "hardtanh(-1, 1)", "sigmoid": the name and the stored parameters.
// A row with a parameter that is not a number writes its label itself (Row::describe).
template <class F>
std::string label(const F& f) {
  if constexpr (requires { row_of<F>::describe(f); }) return row_of<F>::describe(f);
  std::string text(F::name);
  const auto parameters = stored_parameters(f);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "%g", static_cast<double>(parameters[i]));
    text += (i == 0 ? "(" : ", ");
    text += number;
  }
  if (!parameters.empty()) text += ")";
  return text;
}

// The configuration f of Row over another scalar type U (long double, a dual number): f's stored
// parameters, each lifted to U, through Row::make<U>. Throws std::logic_error where Row::make<T>
// does not rebuild f from them, so a row whose make takes its parameters in another order than the
// functor stores them fails loudly instead of measuring another configuration.
template <class Row, class U, class F, class Lift>
typename Row::template functor<U> rebind(const F& f, Lift lift) {
  using T = typename F::value_type;
  const auto p = stored_parameters(f);
  static_assert(p.size() <= 2, "Row::make takes up to two parameters");
  const T a = p.size() > 0 ? p[0] : T(0);
  const T b = p.size() > 1 ? p[1] : T(0);
  const auto rebuilt = stored_parameters(Row::template make<T>(a, b));
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!same_bits(rebuilt[i], p[i])) {
      throw std::logic_error(label(f) + ": Row::make does not rebuild it from its parameters");
    }
  }
  return Row::template make<U>(lift(a), lift(b));
}
template <class Row, class U, class F>
typename Row::template functor<U> rebind(const F& f) {
  return rebind<Row, U>(f, [](typename F::value_type p) { return static_cast<U>(p); });
}

// Whether activ evaluates T's scalar members in a wider type (float in double, double in x87 long
// double).
template <class T>
inline constexpr bool evaluated_wider = !std::is_same_v<activ::detail::working_t<T>, T>;

enum class path { scalar, array };

// The fast tier's contract (activ::fast_t, tier.hpp): float and double array results within 3 ULPs
// of the exact value, for every activation.
inline constexpr double fast_tier_bound = 3.0;

// The worst error in ULPs that a result of type T on `p` may have, from the direction's error
// bounds (registry.hpp). float scalar results are correctly rounded for every row. double scalar
// results are held to the row's double_scalar where activ evaluates them in x87 long double; where
// long double is no wider, they are evaluated in double as the array kernels are and held to the
// larger of the two bounds (1 ULP forward and 2 derivative for the transcendental rows, the
// accuracy issue's). long double has no kernels: both paths have its one bound.
template <class T, class Direction>
constexpr double error_bound(path p) {
  constexpr error_bounds bounds = Direction::error;
  if constexpr (std::is_same_v<T, float>) {
    return p == path::scalar ? 0.5 : bounds.float_array;
  } else if constexpr (std::is_same_v<T, double>) {
    if (p == path::array) return bounds.double_array;
    if (evaluated_wider<double>) return bounds.double_scalar;
    return bounds.double_scalar > bounds.double_array ? bounds.double_scalar : bounds.double_array;
  } else {
    return activ::detail::is_x87_extended<long double> ? bounds.x87_long_double
                                                       : bounds.long_double;
  }
}

// Whether the array member of F in direction D may return other bits than the scalar member: only
// where F has vector kernels, and then unless both paths are exact or correctly rounded (bounds of
// at most ½ ULP), which leaves one possible result. relu and leaky_relu kernels are thus held to
// the scalar bits; sigmoid, tanh and elu kernels, within 1 ULP of the exact value as the scalar
// members are, to a neighbour of the scalar result.
template <class F, activ::detail::simd::direction D>
inline constexpr bool array_may_differ = [] {
  static_assert(registered<F>, "every functor a test measures has a row in tests/registry.hpp");
  using T = typename F::value_type;
  using Direction = direction_of<row_of<F>, D>;
  if constexpr (!activ::detail::simd::has_kernels<F>) {
    return false;
  } else {
    return error_bound<T, Direction>(path::array) > 0.5 ||
           error_bound<T, Direction>(path::scalar) > 0.5;
  }
}();

// Both NaN, or at most `steps` values of T apart.
template <class T>
bool neighbours_within(T array, T scalar, std::int64_t steps) {
  if (std::isnan(array) || std::isnan(scalar)) return std::isnan(array) && std::isnan(scalar);
  const std::int64_t distance = ordered_bits(array) - ordered_bits(scalar);
  return distance >= -steps && distance <= steps;
}

// What the array member of F in direction D may return where the scalar member returns `scalar`:
// the same bits, or where the paths may differ (above) a value at most `steps` away (1 in the
// default environment; under a directed rounding mode each path is within one ULP of the
// round-to-nearest result, so 2).
template <class F, activ::detail::simd::direction D, class T>
bool agrees_with_scalar(T array, T scalar, std::int64_t steps = 1) {
  if constexpr (array_may_differ<F, D>) {
    return neighbours_within(array, scalar, steps);
  } else {
    return same_bits(array, scalar);
  }
}

// Selects an instruction set for the array members for the lifetime of the object, then restores
// the previous one.
class array_isa_scope {
 public:
  explicit array_isa_scope(activ::detail::simd::isa set)
      : previous_(activ::detail::simd::active()) {
    activ::detail::simd::select(set);
  }
  array_isa_scope(const array_isa_scope&) = delete;
  array_isa_scope& operator=(const array_isa_scope&) = delete;
  array_isa_scope(array_isa_scope&&) = delete;
  array_isa_scope& operator=(array_isa_scope&&) = delete;
  ~array_isa_scope() { activ::detail::simd::select(previous_); }

 private:
  activ::detail::simd::isa previous_;
};

// Makes the array kernels write with non-temporal stores at every size (or only from the library's
// own threshold, kernel.hpp) for the lifetime of the object, then restores the threshold: both main
// loops run on the tests' short arrays.
class streaming_scope {
 public:
  explicit streaming_scope(bool always) : previous_(activ::detail::simd::streaming_threshold()) {
    if (always) activ::detail::simd::set_streaming_threshold(0);
  }
  streaming_scope(const streaming_scope&) = delete;
  streaming_scope& operator=(const streaming_scope&) = delete;
  streaming_scope(streaming_scope&&) = delete;
  streaming_scope& operator=(streaming_scope&&) = delete;
  ~streaming_scope() { activ::detail::simd::set_streaming_threshold(previous_); }

 private:
  std::size_t previous_;
};

// Every instruction set this build and CPU can run the array members with, scalar loop included.
inline std::vector<activ::detail::simd::isa> available_array_isas() {
  using activ::detail::simd::isa;
  std::vector<isa> sets;
  for (const isa set : {isa::scalar, isa::portable, isa::sse2, isa::avx2_fma, isa::avx512}) {
    if (activ::detail::simd::available(set)) sets.push_back(set);
  }
  return sets;
}

// Each of them with ordinary stores, and each with vector kernels also with non-temporal ones
// (streaming_scope): the pairs the path tests run.
inline std::vector<std::pair<activ::detail::simd::isa, bool>> isas_and_stores() {
  std::vector<std::pair<activ::detail::simd::isa, bool>> pairs;
  for (const auto set : available_array_isas()) {
    pairs.emplace_back(set, false);
    if (set != activ::detail::simd::isa::scalar) pairs.emplace_back(set, true);
  }
  return pairs;
}

// Inputs that exercise every region: zeros of both signs, subnormals, the neighbourhood of 0,
// the working range, the saturation range, the largest finite values, infinities and NaN.
template <class T>
std::vector<T> special_and_grid_inputs() {
  using limits = std::numeric_limits<T>;
  std::vector<T> xs = {T(0),
                       -T(0),
                       limits::denorm_min(),
                       -limits::denorm_min(),
                       limits::min(),
                       -limits::min(),
                       limits::epsilon(),
                       -limits::epsilon(),
                       limits::max(),
                       limits::lowest(),
                       limits::infinity(),
                       -limits::infinity(),
                       limits::quiet_NaN(),
                       -limits::quiet_NaN()};
  for (int i = -2000; i <= 2000; ++i) xs.push_back(static_cast<T>(i) / T(20));  // [−100, 100]
  for (int e = limits::min_exponent - limits::digits; e < limits::max_exponent; e += 7) {
    xs.push_back(std::ldexp(T(1.375), e));
    xs.push_back(-std::ldexp(T(1.375), e));
  }
  return xs;
}

}  // namespace activ_test
