#pragma once
// Shared fixtures for activ's tests: the scalar type list, ULP measurement and bit-level equality.

#include <activ/activ.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>
#include <vector>

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

// The array members of float and double sigmoid, tanh and elu run vector kernels of their own:
// float within 1 ULP of the exact value (tests/exhaustive.cpp proves it for every input and every
// instruction set), double within 1 ULP forward and 2 derivative (measured by tests/accuracy.cpp
// and tests/sampled_double.cpp), while the scalar members are correctly rounded (float) or within
// 0.51 ULP (double). Where both are within 1 ULP of the exact value they are the same value or
// neighbours. Every other array member returns the scalar members' bits exactly.
template <class F>
constexpr bool arrays_within_one_ulp =
    (std::is_same_v<typename F::value_type, float> ||
     std::is_same_v<typename F::value_type, double>)&&(F::name == "sigmoid" || F::name == "tanh" ||
                                                       F::name == "elu");

// What an array member may return where the scalar member returns `scalar`: the same bits, or for
// the kernels above a value at most `steps` away (1 in the default environment; under a directed
// rounding mode each path is within one ULP of the round-to-nearest result, so 2).
template <class F, class T>
bool agrees_with_scalar(T array, T scalar, std::int64_t steps = 1) {
  if constexpr (arrays_within_one_ulp<F>) {
    if (std::isnan(array) || std::isnan(scalar)) return std::isnan(array) && std::isnan(scalar);
    const std::int64_t distance = ordered_bits(array) - ordered_bits(scalar);
    return distance >= -steps && distance <= steps;
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

// Every instruction set this build and CPU can run the array members with, scalar loop included.
inline std::vector<activ::detail::simd::isa> available_array_isas() {
  using activ::detail::simd::isa;
  std::vector<isa> sets;
  for (const isa set : {isa::scalar, isa::portable, isa::sse2, isa::avx2_fma, isa::avx512}) {
    if (activ::detail::simd::available(set)) sets.push_back(set);
  }
  return sets;
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
