// Compile-time checks: this program builds only if every static_assert holds. The one run-time
// test case just makes the binary a CTest test like the others.

#include <doctest/doctest.h>
#include <activ/activ.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <vector>
#if __has_include(<stdfloat>)
#include <stdfloat>
#endif

namespace {

// ReLU and Leaky ReLU are usable in constant expressions, scalar and span members alike.
static_assert(activ::relu<float>{}.forward(-2.0f) == 0.0f);
static_assert(activ::relu<double>{}.forward(3.5) == 3.5);
static_assert(activ::relu<double>{}.derivative(0.0) == 0.0);
static_assert(activ::relu<double>{}.derivative(1e-300) == 1.0);
static_assert(activ::relu<long double>{}(-1.0L) == 0.0L);
static_assert(activ::leaky_relu<double>{}.alpha() == 0.01);
static_assert(activ::leaky_relu<double>{0.25}.forward(-4.0) == -1.0);
static_assert(activ::leaky_relu<float>{0.25f}.derivative(-4.0f) == 0.25f);
static_assert(activ::leaky_relu<float>{0.25f}.derivative(0.0f) == 0.25f);
static_assert(activ::elu<double>{}.alpha() == 1.0);
static_assert(activ::elu<double>{0.5}.derivative(2.0) == 1.0);
static_assert(activ::elu<double>{0.5}.forward(2.0) == 2.0);

// Hardtanh, ReLU6, Hardsigmoid, Hardswish and Softsign need no libm: every scalar member is usable
// in constant expressions, float's exact decision near midpoints (detail/midpoint.hpp) included.
static_assert(activ::hardtanh<float>{}.forward(-2.5f) == -1.0f);
static_assert(activ::hardtanh<double>{-2.0, 3.0}.forward(2.5) == 2.5);
static_assert(activ::hardtanh<double>{-2.0, 3.0}.forward(4.0) == 3.0);
static_assert(activ::hardtanh<double>{}.derivative(0.5) == 1.0);
static_assert(activ::hardtanh<double>{}.derivative(1.0) == 0.0);  // 0 at both bounds
static_assert(activ::hardtanh<long double>{}.derivative(-1.0L) == 0.0L);
static_assert(activ::relu6<float>{}.forward(7.0f) == 6.0f);
static_assert(activ::relu6<double>{}.forward(-1.0) == 0.0);
static_assert(std::bit_cast<std::uint64_t>(activ::relu6<double>{}.forward(-0.0)) ==
              std::bit_cast<std::uint64_t>(-0.0));  // the clamp keeps x, as PyTorch
static_assert(activ::relu6<double>{}.derivative(6.0) == 0.0);
static_assert(activ::relu6<long double>{}.derivative(3.0L) == 1.0L);
static_assert(activ::hardsigmoid<float>{}.forward(0.0f) == 0.5f);
static_assert(activ::hardsigmoid<double>{}.forward(1.5) == 0.75);
static_assert(activ::hardsigmoid<long double>{}.forward(-3.0L) == 0.0L);
static_assert(activ::hardsigmoid<float>{}.derivative(-1.0f) == 1.0f / 6.0f);
static_assert(activ::hardsigmoid<double>{}.derivative(3.0) == 0.0);  // 0 at ±3
static_assert(activ::hardswish<float>{}.forward(-1.5f) == -0.375f);
static_assert(activ::hardswish<double>{}.forward(1.0) == 2.0 / 3.0);
static_assert(activ::hardswish<long double>{}.forward(4.0L) == 4.0L);
static_assert(activ::hardswish<float>{}.derivative(-3.0f) == 0.0f);  // 0 at −3, as PyTorch now
static_assert(activ::hardswish<double>{}.derivative(3.0) == 1.0);
static_assert(activ::hardswish<double>{}.derivative(1.5) == 1.0);
static_assert(activ::softsign<float>{}.forward(1.0f) == 0.5f);
static_assert(activ::softsign<double>{}.forward(-3.0) == -0.75);
static_assert(activ::softsign<float>{}.forward(-std::numeric_limits<float>::infinity()) == -1.0f);
static_assert(activ::softsign<long double>{}.forward(std::numeric_limits<long double>::max()) ==
              1.0L);
static_assert(activ::softsign<double>{}.derivative(1.0) == 0.25);
static_assert(activ::softsign<long double>{}.derivative(0.0L) == 1.0L);
static_assert(activ::softsign<double>{}.derivative(std::numeric_limits<double>::infinity()) == 0.0);
// float inputs whose double evaluation is too close to a midpoint, settled exactly: x·(x + 3)/6
// exactly a midpoint (ties to even) or not, half of ±2^−149 (the x² term leans upwards), and
// inputs of softsign and softsign′ (values checked against exact rational arithmetic).
static_assert(activ::hardswish<float>{}.forward(0x1.5p-16f) == 0x1.500094p-17f);
static_assert(activ::hardswish<float>{}.forward(0x1.008p-6f) == 0x1.01d6acp-7f);
static_assert(activ::hardswish<float>{}.forward(std::numeric_limits<float>::denorm_min()) ==
              std::numeric_limits<float>::denorm_min());
static_assert(std::bit_cast<std::uint32_t>(
                  activ::hardswish<float>{}.forward(-std::numeric_limits<float>::denorm_min())) ==
              std::bit_cast<std::uint32_t>(-0.0f));
static_assert(activ::softsign<float>{}.forward(0x1.1fe022p+0f) == 0x1.0f00fp-1f);
static_assert(activ::softsign<float>{}.derivative(0x1.f82dd2p+0f) == 0x1.d08624p-4f);
static_assert(activ::softsign<float>{}.derivative(0x1.23b47p+1f) == 0x1.7cf894p-4f);

constexpr double relu_sum() {
  std::array<double, 4> values{-1.5, 2.0, -0.0, 4.0};
  activ::leaky_relu<double>{0.5}.forward(values, values);  // in place
  activ::relu<double>{}.forward(values.begin(), values.end(), values.begin());
  return std::accumulate(values.begin(), values.end(), 0.0);
}
static_assert(relu_sum() == 6.0);

constexpr double out_of_place_sum() {
  const std::array<double, 3> in{-2.0, 0.5, 3.0};
  std::array<double, 3> out{};
  activ::leaky_relu<double>{0.25}.forward(in, out);  // distinct arrays, checked for overlap
  activ::relu<double>{}.derivative(out, out);
  return std::accumulate(out.begin(), out.end(), 0.0);
}
static_assert(out_of_place_sum() == 2.0);

// An invalid α throws, and a throw is not a constant expression. (α travels in a type: clang 14
// does not take floating-point template arguments.)
template <class Alpha>
concept constant_leaky = requires {
  typename std::integral_constant<int, (activ::leaky_relu<double>{Alpha::value}, 0)>;
};
template <class Alpha>
concept constant_elu = requires {
  typename std::integral_constant<int, (activ::elu<double>{Alpha::value}, 0)>;
};
struct fifth {
  static constexpr double value = 0.2;
};
struct minus_fifth {
  static constexpr double value = -0.2;
};
struct zero {
  static constexpr double value = 0.0;
};
struct infinite {
  static constexpr double value = std::numeric_limits<double>::infinity();
};
struct minus_infinite {
  static constexpr double value = -std::numeric_limits<double>::infinity();
};
struct not_a_number {
  static constexpr double value = std::numeric_limits<double>::quiet_NaN();
};
static_assert(constant_leaky<fifth> && constant_leaky<minus_fifth> && constant_leaky<zero>);
static_assert(!constant_leaky<infinite> && !constant_leaky<minus_infinite>);
static_assert(!constant_leaky<not_a_number>);
static_assert(constant_elu<fifth> && constant_elu<zero>);
static_assert(!constant_elu<minus_fifth> && !constant_elu<minus_infinite>);
static_assert(!constant_elu<infinite> && !constant_elu<not_a_number>);

// Hardtanh's bounds must be finite and ordered (equal bounds are allowed).
template <class Bounds>
concept constant_hardtanh = requires {
  typename std::integral_constant<int, (activ::hardtanh<double>{Bounds::low, Bounds::high}, 0)>;
};
struct unit_bounds {
  static constexpr double low = -1.0, high = 1.0;
};
struct equal_bounds {
  static constexpr double low = 2.0, high = 2.0;
};
struct reversed_bounds {
  static constexpr double low = 1.0, high = -1.0;
};
struct infinite_bound {
  static constexpr double low = -std::numeric_limits<double>::infinity(), high = 1.0;
};
struct not_a_number_bound {
  static constexpr double low = -1.0, high = std::numeric_limits<double>::quiet_NaN();
};
static_assert(constant_hardtanh<unit_bounds> && constant_hardtanh<equal_bounds>);
static_assert(!constant_hardtanh<reversed_bounds> && !constant_hardtanh<infinite_bound> &&
              !constant_hardtanh<not_a_number_bound>);
static_assert(activ::hardtanh<float>{}.min_val() == -1.0f &&
              activ::hardtanh<float>{}.max_val() == 1.0f);

// The scalar types activ accepts and rejects.
static_assert(activ::real<float> && activ::real<double> && activ::real<long double>);
static_assert(!activ::real<int> && !activ::real<bool> && !activ::real<unsigned char>);
static_assert(!activ::real<std::string> && !activ::real<void*> &&
              !activ::real<std::vector<double>>);
#if defined(__STDCPP_FLOAT16_T__)
static_assert(activ::real<std::float16_t>);
static_assert(activ::activation<activ::sigmoid<std::float16_t>>);
#endif
#if defined(__STDCPP_BFLOAT16_T__)
static_assert(activ::real<std::bfloat16_t>);
static_assert(activ::activation<activ::tanh<std::bfloat16_t>>);
#endif

// Every functor models the activation concept for every built-in type.
template <class T>
constexpr bool all_model_activation = activ::activation<activ::sigmoid<T>>&&
    activ::activation<activ::tanh<T>>&& activ::activation<activ::relu<T>>&&
        activ::activation<activ::leaky_relu<T>>&& activ::activation<activ::elu<T>>;
static_assert(all_model_activation<float> && all_model_activation<double> &&
              all_model_activation<long double>);
template <class T>
constexpr bool hard_family_models_activation = activ::activation<activ::hardtanh<T>>&&
    activ::activation<activ::relu6<T>>&& activ::activation<activ::hardsigmoid<T>>&&
        activ::activation<activ::hardswish<T>>&& activ::activation<activ::softsign<T>>;
static_assert(hard_family_models_activation<float> && hard_family_models_activation<double> &&
              hard_family_models_activation<long double>);

// Parameter-free functors are empty; the others hold their parameters (α, hardtanh's two bounds)
// and nothing more. All are trivially copyable, so they cost nothing to pass by value.
static_assert(std::is_empty_v<activ::sigmoid<float>> && std::is_empty_v<activ::tanh<double>> &&
              std::is_empty_v<activ::relu<long double>>);
static_assert(std::is_empty_v<activ::relu6<float>> && std::is_empty_v<activ::hardsigmoid<double>> &&
              std::is_empty_v<activ::hardswish<float>> && std::is_empty_v<activ::softsign<double>>);
static_assert(sizeof(activ::hardtanh<double>) == 2 * sizeof(double));
static_assert(sizeof(activ::leaky_relu<float>) == sizeof(float));
static_assert(sizeof(activ::elu<double>) == sizeof(double));
static_assert(std::is_trivially_copyable_v<activ::elu<float>>);
static_assert(std::is_nothrow_default_constructible_v<activ::leaky_relu<double>>);
static_assert(!std::is_convertible_v<double, activ::elu<double>>);  // explicit from α

// Scalar members are noexcept; span members, which validate their arguments, are not.
static_assert(noexcept(activ::sigmoid<float>{}.forward(1.0f)));
static_assert(noexcept(activ::tanh<long double>{}.derivative(1.0L)));
static_assert(noexcept(activ::elu<double>{}(1.0)));
static_assert(noexcept(activ::leaky_relu<float>{}.derivative(1.0f)));
static_assert(!noexcept(activ::relu<float>{}.forward(std::span<const float>{},
                                                     std::span<float>{})));
static_assert(!noexcept(activ::elu<double>{1.0}));  // may throw for an invalid α

// Results have the functor's scalar type.
static_assert(std::is_same_v<decltype(activ::sigmoid<float>{}.forward(1.0f)), float>);
static_assert(std::is_same_v<decltype(activ::tanh<long double>{}(1.0L)), long double>);

}  // namespace

TEST_CASE("the compile-time checks in this file held") {
  CHECK(activ::relu<double>::name == "relu");
}
