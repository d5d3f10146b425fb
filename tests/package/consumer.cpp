// A consumer's first program, built against an installed activ (find_package) and a fetched one
// (FetchContent). It uses each kind of entry point once and checks results that are exact, so a
// wrong or half-installed header set fails here rather than in a user's project.

#include <activ/activ.hpp>

#include <array>
#include <cstdio>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "activ consumer: wrong result: %s\n", what);
    ++failures;
  }
}

}  // namespace

// The consumer asks for no C++ standard: the activ target must bring C++20 along.
static_assert(activ::relu<double>{}(-1.0) == 0.0, "activ is usable in constant expressions");

int main() {
  const activ::sigmoid<double> sigmoid;
  const activ::tanh<double> tanh;
  const activ::relu<float> relu;
  const activ::leaky_relu<double> leaky(0.25);
  const activ::elu<double> elu;

  check(sigmoid(0.0) == 0.5, "sigmoid(0) == 1/2");
  check(sigmoid.derivative(0.0) == 0.25, "sigmoid'(0) == 1/4");
  check(tanh.forward(0.0) == 0.0 && tanh.derivative(0.0) == 1.0, "tanh(0) == 0, tanh'(0) == 1");
  check(leaky(-2.0) == -0.5 && leaky.derivative(-2.0) == 0.25, "leaky_relu{0.25}(-2) == -0.5");
  check(elu(3.0) == 3.0 && elu.derivative(3.0) == 1.0, "elu(3) == 3, elu'(3) == 1");

  const std::array<float, 3> in{-1.0f, 0.0f, 2.0f};
  std::array<float, 3> out{};
  relu.forward(in, out);
  check(out == std::array<float, 3>{0.0f, 0.0f, 2.0f}, "relu over a span");
  relu.derivative(in.begin(), in.end(), out.begin());
  check(out == std::array<float, 3>{0.0f, 0.0f, 1.0f}, "relu' over an iterator range");

  return failures == 0 ? 0 : 1;
}
