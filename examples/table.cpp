// Prints every activation's forward and derivative side by side, over [-4, 4] and at the special
// values, so that the shapes and the edge-case conventions (sign of zero, NaN, limits at ±∞) can
// be read off at a glance.

#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <vector>

namespace {

constexpr int width = 10;

// printf spells a NaN "nan" or "-nan" after its sign bit, which no activation promises anything
// about; a single spelling keeps the table about the values that are specified.
void print_value(double v) {
  if (std::isnan(v)) {
    std::printf(" %*s", width, "nan");
  } else {
    std::printf(" %*.4g", width, v);
  }
}

// Every activation has the same interface, so one variadic function prints them all.
template <class... Activation>
void print_table(const std::vector<double>& xs, const Activation&... f) {
  std::printf(" %*s", width, "");
  (std::printf(" %*.*s", 2 * width + 1, static_cast<int>(f.name.size()), f.name.data()), ...);
  std::printf("\n %*s", width, "x");
  for (std::size_t i = 0; i < sizeof...(f); ++i) {
    std::printf(" %*s %*s", width, "f(x)", width, "f'(x)");
  }
  std::printf("\n");

  for (const double x : xs) {
    print_value(x);
    ((print_value(f.forward(x)), print_value(f.derivative(x))), ...);
    std::printf("\n");
  }
}

}  // namespace

int main() {
  std::vector<double> xs;
  for (int i = -8; i <= 8; ++i) xs.push_back(0.5 * i);
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (const double x : {+0.0, -0.0, inf, -inf, std::numeric_limits<double>::quiet_NaN()}) {
    xs.push_back(x);
  }

  // α is passed explicitly to show where it goes; 0.1 rather than leaky_relu's default 0.01 makes
  // its negative slope visible in four digits.
  print_table(xs, activ::sigmoid<double>{}, activ::tanh<double>{}, activ::relu<double>{},
              activ::leaky_relu<double>{0.1}, activ::elu<double>{1.0});
}
