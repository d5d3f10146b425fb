// Compile-time checks: this program builds only if every static_assert holds. The one run-time
// test case just makes the binary a CTest test like the others.

#include <doctest/doctest.h>
#include <activ/activ.hpp>

#include <array>
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

// Parameter-free functors are empty; the others hold α and nothing more. All are trivially
// copyable, so they cost nothing to pass by value.
static_assert(std::is_empty_v<activ::sigmoid<float>> && std::is_empty_v<activ::tanh<double>> &&
              std::is_empty_v<activ::relu<long double>>);
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
