// A small network trained in double with activ's training members reproduces PyTorch's autograd:
// the same weights, data and learning rate, tens of SGD steps, for every configuration of every
// row of the registry, with the gradient taken from the input (backward) and, where the output
// determines the derivative, from the output (backward_from_output). Losses and weights must agree
// to about 1e−12, relatively, at every step, through the vector kernels and the scalar members.
//
// The network: 4 inputs, 8 hidden units with the activation, 1 output, mean squared error over 32
// samples. PyTorch's side is autograd through its own functional activations, except where Debian's
// torch 1.13 computes the double backward with a float constant: hardsigmoid's 1/6 (and CELU's
// 1/α, when it comes); there the reference is the same function composed of exact ops,
// clamp(x + 3, 0, 6)/6, whose autograd divides by 6 in double. PyTorch 1.13's hardswish_backward
// takes the middle piece at x = ±3 itself, where activ follows current PyTorch: the samples never
// land exactly there.
//
// Built with ACTIV_TEST_WITH_TORCH=ON (the gcc-native preset, a stage of .ci/run) where CMake finds
// Torch (Debian: libtorch-dev), with g++; skipped with a message otherwise.

#include <doctest/doctest.h>
#include <torch/torch.h>
#include <activ/activ.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "registry.hpp"
#include "spelling.hpp"
#include "support.hpp"

namespace {

constexpr int inputs = 4;
constexpr int hidden = 8;
constexpr int samples = 32;
constexpr int steps = 40;
constexpr double learning_rate = 0.05;

// Row-major matrices as flat vectors.
struct weights {
  std::vector<double> w1;  // hidden × inputs
  std::vector<double> b1;  // hidden
  std::vector<double> w2;  // 1 × hidden
  double b2 = 0;
};

struct problem {
  std::vector<double> x;  // samples × inputs
  std::vector<double> y;  // samples
  weights start;
};

// Inputs and weights spread enough that the hidden pre-activations cover every piece of every
// activation (|z| up to about 6), targets from a fixed smooth function.
problem make_problem() {
  std::mt19937_64 random(20261206);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  problem p;
  for (int i = 0; i < samples * inputs; ++i) p.x.push_back(2.0 * unit(random));
  for (int s = 0; s < samples; ++s) {
    const double* xs = &p.x[static_cast<std::size_t>(s * inputs)];
    p.y.push_back(std::sin(xs[0]) + 0.5 * xs[1] * xs[2] - 0.25 * xs[3]);
  }
  for (int i = 0; i < hidden * inputs; ++i) p.start.w1.push_back(1.2 * unit(random));
  for (int i = 0; i < hidden; ++i) p.start.b1.push_back(0.5 * unit(random));
  for (int i = 0; i < hidden; ++i) p.start.w2.push_back(0.8 * unit(random));
  p.start.b2 = 0.1;
  return p;
}

// One SGD step with activ; returns the loss before the step.
template <class F>
double activ_step(const F& f, const problem& p, weights& w, bool from_output) {
  const auto n = static_cast<std::size_t>(samples);
  const auto h = static_cast<std::size_t>(hidden);
  const auto d = static_cast<std::size_t>(inputs);
  std::vector<double> z(n * h);  // pre-activations, sample-major
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t j = 0; j < h; ++j) {
      double sum = w.b1[j];
      for (std::size_t k = 0; k < d; ++k) sum += w.w1[j * d + k] * p.x[s * d + k];
      z[s * h + j] = sum;
    }
  }
  std::vector<double> a(n * h);
  f.forward(std::span<const double>(z), std::span<double>(a));
  std::vector<double> out(n);
  double loss = 0;
  for (std::size_t s = 0; s < n; ++s) {
    double sum = w.b2;
    for (std::size_t j = 0; j < h; ++j) sum += w.w2[j] * a[s * h + j];
    out[s] = sum;
    loss += (sum - p.y[s]) * (sum - p.y[s]);
  }
  loss /= static_cast<double>(n);

  std::vector<double> d_out(n);
  for (std::size_t s = 0; s < n; ++s) d_out[s] = 2.0 * (out[s] - p.y[s]) / static_cast<double>(n);
  std::vector<double> d_a(n * h);
  std::vector<double> g_w2(h, 0.0);
  double g_b2 = 0;
  for (std::size_t s = 0; s < n; ++s) {
    g_b2 += d_out[s];
    for (std::size_t j = 0; j < h; ++j) {
      g_w2[j] += d_out[s] * a[s * h + j];
      d_a[s * h + j] = d_out[s] * w.w2[j];
    }
  }
  // The activation's gradient, in place over d_a: the member under test.
  std::vector<double> d_z(n * h);
  if constexpr (activ::output_determines_derivative<F>) {
    if (from_output) {
      f.backward_from_output(std::span<const double>(a), std::span<const double>(d_a),
                             std::span<double>(d_z));
    } else {
      f.backward(std::span<const double>(z), std::span<const double>(d_a), std::span<double>(d_z));
    }
  } else {
    (void)from_output;
    f.backward(std::span<const double>(z), std::span<const double>(d_a), std::span<double>(d_z));
  }
  std::vector<double> g_w1(h * d, 0.0);
  std::vector<double> g_b1(h, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t j = 0; j < h; ++j) {
      g_b1[j] += d_z[s * h + j];
      for (std::size_t k = 0; k < d; ++k) g_w1[j * d + k] += d_z[s * h + j] * p.x[s * d + k];
    }
  }
  for (std::size_t i = 0; i < h * d; ++i) w.w1[i] -= learning_rate * g_w1[i];
  for (std::size_t j = 0; j < h; ++j) w.b1[j] -= learning_rate * g_b1[j];
  for (std::size_t j = 0; j < h; ++j) w.w2[j] -= learning_rate * g_w2[j];
  w.b2 -= learning_rate * g_b2;
  return loss;
}

torch::Tensor tensor(const std::vector<double>& v, std::vector<std::int64_t> shape) {
  return torch::tensor(v, torch::dtype(torch::kFloat64)).reshape(shape).clone();
}

// PyTorch's spelling of each row's activation (spelling.hpp), but for two rows: hardsigmoid as
// exact ops (see the top of the file), and softplus with threshold 30 instead of PyTorch's 20,
// which keeps the identity PyTorch returns where β·z > threshold within 1e−13 of the function.
template <class F>
torch::Tensor torch_activation(const F& f, const torch::Tensor& z) {
  using T = typename F::value_type;
  if constexpr (std::is_same_v<F, activ::softplus<T>>) {
    return torch::softplus(z, f.beta(), 30.0);
  } else if constexpr (std::is_same_v<F, activ::hardsigmoid<T>>) {
    return torch::clamp(z + 3.0, 0.0, 6.0) / 6.0;
  } else {
    return activ_test::pytorch_spelling(f, z);
  }
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b)); }

}  // namespace

TEST_CASE("a small network trained with activ reproduces PyTorch's autograd, every activation") {
  torch::set_num_threads(1);
  const problem p = make_problem();
  activ_test::for_each_configuration<double>([&p]<class Row>(const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    // The span members through the best vector kernels, then through the scalar members.
    for (const auto set : {activ::detail::simd::active(), activ::detail::simd::isa::scalar})
      for (const bool from_output : {false, true}) {
        const activ_test::array_isa_scope scope(set);
        if (from_output) {
          if constexpr (!activ::output_determines_derivative<F>) {
            continue;
          } else if constexpr (requires { f.alpha(); }) {
            if (Row::name == "leaky_relu" && f.alpha() < 0) continue;
          }
        }
        const std::string label = activ_test::label(f) +
                                  (from_output ? " from the output, " : " from the input, ") +
                                  activ::detail::simd::name(set);
        CAPTURE(label);
        weights w = p.start;
        torch::Tensor w1 = tensor(p.start.w1, {hidden, inputs}).requires_grad_(true);
        torch::Tensor b1 = tensor(p.start.b1, {hidden}).requires_grad_(true);
        torch::Tensor w2 = tensor(p.start.w2, {1, hidden}).requires_grad_(true);
        torch::Tensor b2 = tensor({p.start.b2}, {1}).requires_grad_(true);
        const torch::Tensor x = tensor(p.x, {samples, inputs});
        const torch::Tensor y = tensor(p.y, {samples, 1});
        double worst = 0;
        for (int step = 0; step < steps; ++step) {
          const double ours = activ_step(f, p, w, from_output);
          const torch::Tensor z = torch::matmul(x, w1.t()) + b1;
          const torch::Tensor out = torch::matmul(torch_activation(f, z), w2.t()) + b2;
          const torch::Tensor loss = torch::mean(torch::square(out - y));
          loss.backward();
          const double theirs = loss.item<double>();
          {
            const torch::NoGradGuard no_grad;
            for (torch::Tensor* t : {&w1, &b1, &w2, &b2}) {
              t->sub_(learning_rate * t->grad());
              t->grad().zero_();
            }
          }
          CHECK_MESSAGE(close(ours, theirs), "step ", step, ": loss ", ours, " against ", theirs);
          worst = std::max(worst, std::fabs(ours - theirs) / std::fabs(theirs));
        }
        // The weights after the last step, element by element.
        const auto check = [&](const std::vector<double>& mine, const torch::Tensor& t) {
          const torch::Tensor flat = t.detach().contiguous().view({-1});
          REQUIRE(static_cast<std::size_t>(flat.numel()) == mine.size());
          for (std::size_t i = 0; i < mine.size(); ++i) {
            const double theirs = flat[static_cast<std::int64_t>(i)].item<double>();
            CHECK_MESSAGE(close(mine[i], theirs), "weight ", i, ": ", mine[i], " against ", theirs);
            worst = std::max(worst, std::fabs(mine[i] - theirs) / std::max(1.0, std::fabs(theirs)));
          }
        };
        check(w.w1, w1);
        check(w.b1, b1);
        check(w.w2, w2);
        check({w.b2}, b2);
        std::printf("  %-44s %d steps, worst relative difference %.2e\n", label.c_str(), steps,
                    worst);
      }
  });
}
