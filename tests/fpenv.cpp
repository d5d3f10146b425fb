// The floating-point environment: activ never changes the caller's (rounding mode, exception masks,
// x87 control word, the SSE flush-to-zero and denormals-are-zero bits), and what each activation
// promises when the caller has set a non-default rounding mode or FTZ/DAZ: every row of the test
// registry (tests/registry.hpp), in each of its configurations. The figures asserted here are the
// ones measured on x86-64 with glibc 2.36 (docs/errors.md).

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cfenv>
#include <cmath>
#include <cstring>
#include <limits>
#include <list>
#include <tuple>
#include <type_traits>
#include <vector>

#include "registry.hpp"
#include "row_paths.hpp"
#include "support.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define ACTIV_TEST_X86 1
#else
#define ACTIV_TEST_X86 0
#endif

// Reading fenv_t's fields and the x87 control word is specific to glibc on x86; elsewhere the
// portable part (rounding mode, exception masks) is still checked.
#if ACTIV_TEST_X86 && defined(__GLIBC__)
#define ACTIV_TEST_GLIBC_X86 1
#else
#define ACTIV_TEST_GLIBC_X86 0
#endif

namespace {

using activ_test::same_bits;

// Under -ffast-math the compiler assumes round-to-nearest, no traps and no NaN or infinity, so
// only the first promise stands there: the environment is left as it was, for finite inputs.
// Directed rounding, FTZ/DAZ and exception flags are not promised, and those test cases skip.
#if defined(__FAST_MATH__)
constexpr bool fast_math = true;
#else
constexpr bool fast_math = false;
#endif

// Everything of the floating-point environment a caller can set. The exception flags are left
// out: arithmetic raises them (inexact, underflow) as any floating-point code does.
struct fp_control {
  int rounding = 0;
  int trapped = 0;               // exceptions enabled as traps (glibc's fegetexcept)
  unsigned x87_from_fenv = 0;    // the x87 control word as fegetenv reports it
  unsigned x87_from_fnstcw = 0;  // ... and as the FPU itself reports it
  unsigned mxcsr_control = 0;    // MXCSR without its six exception flags
  friend bool operator==(const fp_control&, const fp_control&) = default;
};

constexpr unsigned mxcsr_flags = 0x3f;
constexpr unsigned mxcsr_daz = 0x40;
constexpr unsigned mxcsr_ftz = 0x8000;

fp_control snapshot() {
  fp_control state;
  state.rounding = std::fegetround();
#if defined(__GLIBC__)
  state.trapped = fegetexcept();
#endif
#if ACTIV_TEST_GLIBC_X86
  std::fenv_t env;
  std::fegetenv(&env);
  state.x87_from_fenv = env.__control_word;
  unsigned short word = 0;
  __asm__ volatile("fnstcw %0" : "=m"(word));
  state.x87_from_fnstcw = word;
#endif
#if ACTIV_TEST_X86
  state.mxcsr_control = _mm_getcsr() & ~mxcsr_flags;
#endif
  return state;
}

// Restores the environment the test started in, whatever a check left behind.
class environment_guard {
 public:
  environment_guard() { std::fegetenv(&saved_); }
  ~environment_guard() { std::fesetenv(&saved_); }
  environment_guard(const environment_guard&) = delete;
  environment_guard& operator=(const environment_guard&) = delete;
  environment_guard(environment_guard&&) = delete;
  environment_guard& operator=(environment_guard&&) = delete;

 private:
  std::fenv_t saved_{};
};

void set_mxcsr_mode([[maybe_unused]] unsigned bits) {
#if ACTIV_TEST_X86
  _mm_setcsr((_mm_getcsr() & ~(mxcsr_ftz | mxcsr_daz)) | bits);
#endif
}

bool flushing_subnormals() {
#if ACTIV_TEST_X86
  return (_mm_getcsr() & (mxcsr_ftz | mxcsr_daz)) != 0;
#else
  return false;
#endif
}

// An array result against the scalar one: within the row's array bound (row_paths.hpp), the same
// bits where both paths are exact; where the bound lets them differ, one step more under directed
// rounding, where each path may move by an ULP of its own. Under FTZ/DAZ the kernels' SSE
// instructions may read or write a subnormal otherwise than the scalar members' (relu6<double>
// under DAZ: ±0 from the scalar member for a subnormal x, x itself from the kernel): both then lie
// within the smallest normal number of each other.
template <class Direction, class T>
bool paths_agree(T array, T scalar) {
  std::int64_t steps = activ_test::row_paths::array_steps<Direction, T>();
  if (steps > 0 && std::fegetround() != FE_TONEAREST) ++steps;
  if (activ_test::row_paths::within_steps(array, scalar, steps)) return true;
  return flushing_subnormals() &&
         std::fabs(static_cast<long double>(array) - static_cast<long double>(scalar)) <
             static_cast<long double>(std::numeric_limits<T>::min()) * 2;
}

// How far, in ULPs, a result under a directed rounding mode may lie from the round-to-nearest
// result of the same path (the array members'): the direction's `directed_rounding` bounds where
// its row states them (an error_bounds: float_array, double_array, long_double), else what was
// measured on x86-64, glibc 2.36, for sigmoid, tanh, relu, leaky_relu and elu: float and double
// (evaluated in double and x87 long double) move by at most 1 ULP; long double, which carries the
// directed-rounding error of glibc's expl, expm1l and tanhl, by at most 4 (forward) and 6
// (derivative), passed as `extended`. A direction whose AVX2 double kernel moves further says so
// in directed_rounding_avx2_double, which holds while that kernel is the one in use.
template <class Direction, class T>
long double directed_bound(long double extended) {
  if constexpr (std::is_same_v<T, double> &&
                requires { Direction::directed_rounding_avx2_double; }) {
    if (activ::detail::simd::active() == activ::detail::simd::isa::avx2_fma) {
      return Direction::directed_rounding_avx2_double;
    }
  }
  if constexpr (requires { Direction::directed_rounding; }) {
    constexpr activ_test::error_bounds bounds = Direction::directed_rounding;
    if constexpr (std::is_same_v<T, float>) return bounds.float_array;
    if constexpr (std::is_same_v<T, double>) return bounds.double_array;
    return bounds.long_double;
  } else {
    return std::is_same_v<T, long double> ? extended : 1;
  }
}

// Calls check.template operator()<Row>(f) for every configuration f over T of every row.
template <class T, class Check>
void for_each_row_configuration(Check&& check) {
  activ_test::for_each_row([&check]<class Row>() {
    for (const auto& f : Row::template configurations<T>()) check.template operator()<Row>(f);
  });
}

// Finite, read off the exponent bits, which -ffinite-math-only cannot fold away as it may fold
// std::isfinite. IEEE binary32/64 and the x87 80-bit format (exponent in bytes 8 and 9).
template <class T>
bool finite_bits(T x) {
  std::array<unsigned char, sizeof(T)> bytes{};
  std::memcpy(bytes.data(), &x, sizeof(T));
  unsigned exponent = 0;
  unsigned all_ones = 0;
  if constexpr (sizeof(T) == sizeof(float)) {
    exponent = ((bytes[3] & 0x7fU) << 1) | (bytes[2] >> 7);
    all_ones = 0xff;
  } else if constexpr (sizeof(T) == sizeof(double)) {
    exponent = ((bytes[7] & 0x7fU) << 4) | (bytes[6] >> 4);
    all_ones = 0x7ff;
  } else {
    static_assert(std::numeric_limits<T>::digits == 64, "x87 extended precision expected");
    exponent = ((bytes[9] & 0x7fU) << 8) | bytes[8];
    all_ones = 0x7fff;
  }
  return exponent != all_ones;
}

// Inputs with many subnormals on top of the usual grid: FTZ and DAZ act on those.
template <class T>
std::vector<T> inputs() {
  std::vector<T> xs = activ_test::special_and_grid_inputs<T>();
  if constexpr (fast_math) {
    std::erase_if(xs, [](T x) { return !finite_bits(x); });
  }
  using limits = std::numeric_limits<T>;
  for (int k = 0; k < limits::digits; ++k) {
    xs.push_back(std::ldexp(limits::denorm_min(), k));
    xs.push_back(-std::ldexp(limits::denorm_min(), k));
    xs.push_back(std::ldexp(T(1.75), limits::min_exponent - 2 - k));
  }
  // Inputs whose results are subnormal or just above: σ and elu′ near e^x ≈ min, σ′ and tanh′ in
  // their tails, leaky_relu at 0.2·x ≈ min.
  const T log_min = std::log(limits::min());
  for (int i = -40; i <= 40; ++i) {
    xs.push_back(log_min + T(i) / T(4));
    xs.push_back(-log_min + T(i) / T(4));
    xs.push_back(-log_min / T(2) + T(i) / T(8));
    xs.push_back(-T(5) * limits::min() * (T(1) + T(i) / T(64)));
  }
  return xs;
}

// forward and derivative of every element, through every member: scalar, span out of place, span
// in place and iterators. The control state is checked after every call; the results of all paths
// must agree (they do in the default environment, tests/paths.cpp).
template <class Row, class F, class T = typename F::value_type>
std::pair<std::vector<T>, std::vector<T>> evaluate_checking_environment(const F& f,
                                                                        const std::vector<T>& in) {
  const fp_control before = snapshot();
  std::vector<T> forward(in.size());
  std::vector<T> derivative(in.size());
  f.forward(in, forward);
  CHECK(snapshot() == before);
  f.derivative(in, derivative);
  CHECK(snapshot() == before);

  std::vector<T> inout = in;
  f.forward(inout, inout);
  CHECK(snapshot() == before);
  CHECK((fast_math || std::equal(inout.begin(), inout.end(), forward.begin(), same_bits<T>)));
  inout = in;
  f.derivative(inout, inout);
  CHECK(snapshot() == before);
  CHECK((fast_math || std::equal(inout.begin(), inout.end(), derivative.begin(), same_bits<T>)));

  std::vector<T> fast(in.size());
  f.forward(activ::fast, in, fast);
  CHECK(snapshot() == before);
  f.derivative(activ::fast, in, fast);
  CHECK(snapshot() == before);

  std::vector<T> via_iterators(in.size());
  f.forward(in.begin(), in.end(), via_iterators.begin());
  CHECK(snapshot() == before);
  CHECK((fast_math ||
         std::equal(via_iterators.begin(), via_iterators.end(), forward.begin(), same_bits<T>)));
  const std::list<T> listed(in.begin(), in.end());
  std::vector<T> element_by_element(in.size());
  f.derivative(listed.begin(), listed.end(), element_by_element.begin());
  CHECK(snapshot() == before);

  // The scalar members and the element-by-element iterator path are the same code; the array
  // members run kernels within the row's array bound of them (paths_agree).
  for (std::size_t i = 0; i < in.size(); ++i) {
    const T scalar_forward = f(in[i]);
    const T scalar_derivative = f.derivative(in[i]);
    CHECK((fast_math || same_bits(scalar_derivative, element_by_element[i])));
    CAPTURE(in[i]);
    CAPTURE(forward[i]);
    CAPTURE(scalar_forward);
    CHECK((fast_math || paths_agree<typename Row::forward>(forward[i], scalar_forward)));
    CHECK((fast_math || paths_agree<typename Row::derivative>(derivative[i], scalar_derivative)));
  }
  CHECK(snapshot() == before);
  return {forward, derivative};
}

// The documented range of forward and derivative (the row's in_range), for a non-NaN input, in
// every rounding mode: under FE_DOWNWARD glibc's expm1 and expm1l return −1 − ε for x ≲ −44, one
// ULP below their range, which elu's clamp at −1 keeps from putting it below −α.
template <class Row, class F, class T = typename F::value_type>
bool in_range(const F& f, T y, T dy) {
  if (std::isnan(y) || std::isnan(dy)) return false;
  return Row::forward::in_range(y, f) && Row::derivative::in_range(dy, f);
}

#if ACTIV_TEST_X86
template <class T>
bool is_subnormal(T x) {
  return std::fpclassify(x) == FP_SUBNORMAL;
}
#endif

}  // namespace

TEST_CASE("fegetenv reports the x87 control word") {
#if ACTIV_TEST_GLIBC_X86
  const environment_guard guard;
  for (const int mode : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    REQUIRE(std::fesetround(mode) == 0);
    const fp_control state = snapshot();
    CHECK(state.x87_from_fenv == state.x87_from_fnstcw);
    CHECK(((state.x87_from_fnstcw >> 10) & 3U) == ((state.mxcsr_control >> 13) & 3U));
  }
#else
  MESSAGE("not glibc on x86: the x87 control word is not checked");
#endif
}

TEST_CASE_TEMPLATE("no call changes the caller's floating-point environment", T,
                   ACTIV_TEST_FLOAT_TYPES) {
  const environment_guard guard;
  const std::vector<T> in = inputs<T>();
  const std::array<unsigned, 4> mxcsr_modes = {0, mxcsr_ftz, mxcsr_daz, mxcsr_ftz | mxcsr_daz};
  for (const int mode : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    for (const unsigned mxcsr : mxcsr_modes) {
      CAPTURE(mode);
      CAPTURE(mxcsr);
      REQUIRE(std::fesetround(mode) == 0);
      set_mxcsr_mode(mxcsr);
      for_each_row_configuration<T>([&]<class Row>(const auto& f) {
        CAPTURE(Row::name);
        static_cast<void>(evaluate_checking_environment<Row>(f, in));
      });
    }
  }
}

TEST_CASE_TEMPLATE("finite inputs raise neither invalid nor divide-by-zero" *
                       doctest::skip(fast_math),
                   T, ACTIV_TEST_FLOAT_TYPES) {
  // So a caller may trap FE_INVALID and FE_DIVBYZERO around activ as long as its inputs are finite.
  const environment_guard guard;
  std::vector<T> in;
  for (const T x : inputs<T>()) {
    if (std::isfinite(x)) in.push_back(x);
  }
  for_each_row_configuration<T>([&]<class Row>(const auto& f) {
    CAPTURE(Row::name);
    std::vector<T> out(in.size());
    std::feclearexcept(FE_ALL_EXCEPT);
    f.forward(in, out);
    f.derivative(in, out);
    for (const T x : in) static_cast<void>(f.derivative(activ_test::opaque(x)));
    CHECK(std::fetestexcept(FE_INVALID) == 0);
    CHECK(std::fetestexcept(FE_DIVBYZERO) == 0);
  });
}

TEST_CASE_TEMPLATE("directed rounding: in range, NaN-free, within a few ULPs" *
                       doctest::skip(fast_math),
                   T, ACTIV_TEST_FLOAT_TYPES) {
  const environment_guard guard;
  const std::vector<T> in = inputs<T>();
  for_each_row_configuration<T>([&]<class Row>(const auto& f) {
    CAPTURE(Row::name);
    REQUIRE(std::fesetround(FE_TONEAREST) == 0);
    const auto [forward, derivative] = evaluate_checking_environment<Row>(f, in);
    for (const int mode : {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
      CAPTURE(mode);
      REQUIRE(std::fesetround(mode) == 0);
      const auto [directed_forward, directed_derivative] =
          evaluate_checking_environment<Row>(f, in);
      REQUIRE(std::fesetround(FE_TONEAREST) == 0);
      long double worst_forward = 0;
      long double worst_derivative = 0;
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (std::isnan(in[i])) {
          CHECK(std::isnan(directed_forward[i]));
          CHECK(std::isnan(directed_derivative[i]));
          continue;
        }
        CAPTURE(in[i]);
        CHECK(in_range<Row>(f, directed_forward[i], directed_derivative[i]));
        // A result that overflows to ±∞ to nearest is the largest finite value rounded toward 0,
        // and the largest finite value to nearest (softplus(x) = x + e^−x at x = max) may round
        // away from 0 to ±∞: one step either way.
        const auto largest = [](T v) { return std::fabs(v) == std::numeric_limits<T>::max(); };
        const bool overflowed = std::isfinite(in[i]) &&
                                std::signbit(directed_forward[i]) == std::signbit(forward[i]) &&
                                ((std::isinf(forward[i]) && largest(directed_forward[i])) ||
                                 (largest(forward[i]) && std::isinf(directed_forward[i])));
        const long double ef =
            overflowed
                ? 1.0L
                : activ_test::ulp_error(directed_forward[i], static_cast<long double>(forward[i]));
        const long double ed =
            activ_test::ulp_error(directed_derivative[i], static_cast<long double>(derivative[i]));
        worst_forward = std::max(worst_forward, ef);
        worst_derivative = std::max(worst_derivative, ed);
      }
      INFO("worst forward ", static_cast<double>(worst_forward), " ULP, derivative ",
           static_cast<double>(worst_derivative), " ULP");
      CHECK(worst_forward <= directed_bound<typename Row::forward, T>(4));
      CHECK(worst_derivative <= directed_bound<typename Row::derivative, T>(6));
    }
  });
}

// The fast tier (activ::fast) in every rounding mode: NaN only for NaN, in range, and within its
// 3 ULPs of the exact value, which is within ½ ULP of the precise scalar result to nearest. A
// directed mode moves each of the kernels' roundings that way (their reductions round to nearest
// whatever the mode): within 6 ULPs then (measured over every 61st float: 5 floats from the
// correctly rounded one at most, SiLU and Hardswish).
// (float and double: long double has no kernels, and its fast tier is its scalar members, tested
// above.)
TEST_CASE_TEMPLATE("the fast tier in every rounding mode" * doctest::skip(fast_math), T, float,
                   double) {
  const environment_guard guard;
  const std::vector<T> in = inputs<T>();
  for_each_row_configuration<T>([&]<class Row>(const auto& f) {
    CAPTURE(Row::name);
    REQUIRE(std::fesetround(FE_TONEAREST) == 0);
    std::vector<T> forward(in.size()), derivative(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      forward[i] = f.forward(in[i]);
      derivative[i] = f.derivative(in[i]);
    }
    for (const int mode : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
      CAPTURE(mode);
      REQUIRE(std::fesetround(mode) == 0);
      std::vector<T> fast_forward(in.size()), fast_derivative(in.size());
      f.forward(activ::fast, in, fast_forward);
      f.derivative(activ::fast, in, fast_derivative);
      REQUIRE(std::fesetround(FE_TONEAREST) == 0);
      const long double bound = activ_test::fast_tier_bound + (mode == FE_TONEAREST ? 0.5 : 3.0);
      for (std::size_t i = 0; i < in.size(); ++i) {
        CAPTURE(in[i]);
        if (std::isnan(in[i])) {
          CHECK(std::isnan(fast_forward[i]));
          CHECK(std::isnan(fast_derivative[i]));
          continue;
        }
        CAPTURE(fast_forward[i]);
        CAPTURE(fast_derivative[i]);
        CHECK(in_range<Row>(f, fast_forward[i], fast_derivative[i]));
        // The overflow to ±∞ of a directed mode counts as one ULP, as in the test above.
        const auto largest = [](T v) { return std::fabs(v) == std::numeric_limits<T>::max(); };
        const bool overflowed = (std::isinf(forward[i]) && largest(fast_forward[i])) ||
                                (largest(forward[i]) && std::isinf(fast_forward[i]));
        CHECK((overflowed || activ_test::ulp_error(fast_forward[i],
                                                   static_cast<long double>(forward[i])) <= bound));
        CHECK(activ_test::ulp_error(fast_derivative[i], static_cast<long double>(derivative[i])) <=
              bound);
      }
    }
  });
}

TEST_CASE_TEMPLATE("flush-to-zero and denormals-are-zero change subnormals only" *
                       doctest::skip(fast_math),
                   T, ACTIV_TEST_FLOAT_TYPES) {
#if ACTIV_TEST_X86
  const environment_guard guard;
  const std::vector<T> in = inputs<T>();
  for_each_row_configuration<T>([&]<class Row>(const auto& f) {
    CAPTURE(Row::name);
    set_mxcsr_mode(0);
    const auto [forward, derivative] = evaluate_checking_environment<Row>(f, in);
    using limits = std::numeric_limits<T>;
    const std::array<T, 2> zeros = {T(0), -T(0)};
    const std::array<std::pair<T, T>, 2> at_zero = {
        {{f.forward(zeros[0]), f.derivative(zeros[0])},
         {f.forward(zeros[1]), f.derivative(zeros[1])}}};
    for (const unsigned mxcsr : {mxcsr_ftz, mxcsr_daz, mxcsr_ftz | mxcsr_daz}) {
      CAPTURE(mxcsr);
      set_mxcsr_mode(mxcsr);
      const auto [flushed_forward, flushed_derivative] = evaluate_checking_environment<Row>(f, in);
      set_mxcsr_mode(0);
      for (std::size_t i = 0; i < in.size(); ++i) {
        const T x = in[i];
        if (std::isnan(x)) {
          CHECK(std::isnan(flushed_forward[i]));
          CHECK(std::isnan(flushed_derivative[i]));
          continue;
        }
        CAPTURE(x);
        // Under DAZ a subnormal is the zero of its sign to every comparison, the range's
        // included: relu6(−2^−149) = −2^−149 there is relu6(−0) = −0.
        const auto as_read = [mxcsr](T y) {
          return (mxcsr & mxcsr_daz) != 0 && is_subnormal(y) ? std::copysign(T(0), y) : y;
        };
        CHECK(in_range<Row>(f, as_read(flushed_forward[i]), as_read(flushed_derivative[i])));
        // What changes, and only where the input or the default result is subnormal: under DAZ
        // a subnormal input is read as the zero of its sign by the SSE instructions (comparisons,
        // conversions) but not by the x87 ones, so the result is f(±0) as computed without DAZ,
        // or a value less than the smallest normal number away from the default result (the
        // x ≤ 0 branch of elu<double> taken for a positive subnormal x gives α·x, not x); under
        // FTZ a subnormal result may come out as another value below the smallest normal, ±0.
        const bool daz = (mxcsr & mxcsr_daz) != 0 && is_subnormal(x);
        const auto& zero = at_zero[std::signbit(x) ? 1 : 0];
        const std::array<std::tuple<T, T, T>, 2> results = {
            {{flushed_forward[i], forward[i], zero.first},
             {flushed_derivative[i], derivative[i], zero.second}}};
        for (const auto& result : results) {
          // Plain variables: clang 14 cannot capture structured bindings in doctest's lambdas.
          const T got = std::get<0>(result);
          const T want = std::get<1>(result);
          const T want_at_zero = std::get<2>(result);
          if (same_bits(got, want)) continue;
          CAPTURE(got);
          CAPTURE(want);
          const bool ftz = (mxcsr & mxcsr_ftz) != 0 && is_subnormal(want);
          CHECK((daz || ftz));
          const long double distance =
              std::fabs(static_cast<long double>(got) - static_cast<long double>(want));
          CHECK(
              (same_bits(got, want_at_zero) || distance < static_cast<long double>(limits::min())));
        }
      }
    }
  });
#else
  MESSAGE("not x86: no FTZ/DAZ bits to test");
#endif
}
