// Trains a 2-4-1 network on XOR with plain stochastic gradient descent: a hidden layer whose
// activation is chosen on the command line in PyTorch's text (default tanh), a sigmoid output,
// squared-error loss:
//
//   example_xor                    tanh
//   example_xor "elu(alpha=0.5)"   any activation activ::parse reads
//
// The activations supply both halves of the work: forward for the prediction, and the fused
// backward for backpropagation, from the layer's output where the function allows it (as
// frameworks do: the pre-activations need not be kept), else from its input. The run is
// deterministic, and the program fails when the network has not learnt XOR, so it doubles as a
// test.

#include <activ/activ.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <stdexcept>

namespace {

constexpr std::size_t hidden = 4;
using layer = std::array<double, hidden>;

struct sample {
  std::array<double, 2> x;
  double target;
};
constexpr std::array<sample, 4> xor_table{{{{0, 0}, 0}, {{0, 1}, 1}, {{1, 0}, 1}, {{1, 1}, 0}}};

struct network {
  std::array<std::array<double, 2>, hidden> w1;
  layer b1;
  layer w2;
  double b2;
};

// The values backpropagation needs: pre-activations a and z, activations h and y.
struct activations {
  layer a, h;
  double z, y;
};

const activ::sigmoid<double> output_activation;

activations evaluate(const activ::any_activation<double>& hidden_activation, const network& net,
                     const sample& s) {
  activations v{};
  for (std::size_t j = 0; j < hidden; ++j) {
    v.a[j] = net.w1[j][0] * s.x[0] + net.w1[j][1] * s.x[1] + net.b1[j];
  }
  hidden_activation.forward(v.a, v.h);  // the whole layer in one span call
  v.z = net.b2;
  for (std::size_t j = 0; j < hidden; ++j) v.z += net.w2[j] * v.h[j];
  v.y = output_activation.forward(v.z);
  return v;
}

// std::uniform_real_distribution may give different numbers on different standard libraries;
// mt19937's raw output is fixed by the standard, so scaling it by hand keeps the run identical
// everywhere.
double uniform(std::mt19937& rng, double low, double high) {
  return low + (high - low) * static_cast<double>(rng()) / 4294967296.0;
}

}  // namespace

// Whether the hidden layer's gradient can come from its output: the function must offer it
// (hardswish does not) and accept it for its parameters (leaky_relu with a negative slope does
// not).
bool gradient_from_output(const activ::any_activation<double>& f) {
  if (!f.has_derivative_from_output()) return false;
  try {
    (void)f.derivative_from_output(0.5);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

int train(const activ::any_activation<double>& hidden_activation) {
  const bool from_output = gradient_from_output(hidden_activation);
  std::printf("hidden activation %s, gradient from its %s\n\n", hidden_activation.spec().c_str(),
              from_output ? "output" : "input");
  std::mt19937 rng(2024);
  network net{};
  for (auto& row : net.w1) {
    for (auto& w : row) w = uniform(rng, -1, 1);
  }
  for (auto& w : net.w2) w = uniform(rng, -1, 1);

  constexpr int epochs = 2000;
  constexpr double learning_rate = 0.5;
  double loss = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    loss = 0;
    for (const sample& s : xor_table) {
      const activations v = evaluate(hidden_activation, net, s);
      const double error = v.y - s.target;
      loss += 0.5 * error * error / xor_table.size();

      // Chain rule, from the loss back to each weight: the output unit's gradient from its output
      // y, then the hidden layer's in one fused call over the layer.
      const double dz = output_activation.backward_from_output(v.y, error);
      layer dh{};
      for (std::size_t j = 0; j < hidden; ++j) dh[j] = dz * net.w2[j];  // w2 before its update
      layer da{};
      if (from_output) {
        hidden_activation.backward_from_output(v.h, dh, da);
      } else {
        hidden_activation.backward(v.a, dh, da);
      }
      for (std::size_t j = 0; j < hidden; ++j) {
        net.w2[j] -= learning_rate * dz * v.h[j];
        net.w1[j][0] -= learning_rate * da[j] * s.x[0];
        net.w1[j][1] -= learning_rate * da[j] * s.x[1];
        net.b1[j] -= learning_rate * da[j];
      }
      net.b2 -= learning_rate * dz;
    }
    if (epoch == 1 || epoch % 200 == 0) std::printf("epoch %5d  loss %.6f\n", epoch, loss);
  }

  bool learnt = loss < 0.005;
  std::printf("\n x1 x2  target  prediction\n");
  for (const sample& s : xor_table) {
    const double y = evaluate(hidden_activation, net, s).y;
    std::printf("%3.0f %2.0f  %6.0f  %10.4f\n", s.x[0], s.x[1], s.target, y);
    learnt = learnt && (y > 0.5) == (s.target > 0.5);
  }
  if (!learnt) {
    std::printf("\nFAILED: the network did not learn XOR (final loss %.6f)\n", loss);
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  // A malformed activation throws std::invalid_argument, which says where and what; it is
  // reported, not allowed to escape main.
  try {
    return train(activ::parse<double>(argc > 1 ? argv[1] : "tanh"));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "xor: %s\n", error.what());
    return 1;
  }
}
