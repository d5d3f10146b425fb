// Gradient flow through a deep, narrow network, one activation at a time.
//
// The same fully connected network (20 hidden layers of 16 units, a linear readout) learns the
// same synthetic data set (two interleaved spirals) from the same initial weights with the same
// optimiser, once per activation; the activations are named on the command line in PyTorch's
// text:
//
//   example_gradient_flow                          the default set (default_specs below)
//   example_gradient_flow selu "elu(alpha=0.5)"    any activations activ::parse reads
//   example_gradient_flow --csv flow.csv           also the figures as data for a plot
//
// Per activation it prints, at the start and after training, the gradient norm of every layer's
// weights (vanishing gradients: a layer whose gradient is orders of magnitude below another's
// learns that much more slowly), the fraction of dead units (a unit whose derivative is zero on
// every sample of the data set gets no gradient, so nothing that flows back can revive it) and
// the loss. Every activation value and every backward step of the hidden layers is one of the
// library's span calls over a whole layer and batch: the demonstration runs activ's own backward.
// The run is deterministic, the same to the digits printed on every instruction set, and the
// program fails when the effects it is there to show are not in its own numbers, so it doubles
// as a test. The CSV (activation,quantity,phase,layer,value) is what docs/img/gradient_flow.svg
// is drawn from.

#include <activ/activ.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <ios>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// double, not float (what networks are usually trained in): the array kernels of the library
// differ by up to an ULP between instruction sets (AVX-512, AVX2, SSE2, scalar), and training
// carries every such difference forward, magnified, through hundreds of steps. In float the
// figures after training differ by up to 5e-6 (relative) between the AVX-512 kernels and the
// scalar members, close enough to the third digit to change it for some figure on some machine;
// in double by 1e-13, and by as little where the compiler fuses this file's multiply-adds
// (-march=native). Float would also change the figures themselves: relu's after training differ
// from double's by up to half (an error of 1e-7 puts some pre-activation on the other side of 0 at
// some step, and the run takes another path).
using real = double;

// Deep enough that a factor per layer (sigmoid's slope is at most 1/4) compounds into many
// orders of magnitude, and narrow enough that ReLU's units die: through many narrow ReLU layers
// the samples' representations collapse onto a few directions, and a unit whose weights point
// away from all of them is negative on every sample.
constexpr std::size_t depth = 20;
constexpr std::size_t width = 16;
constexpr std::size_t inputs = 2;

// The data set: two interleaved spirals, a binary target; small enough for figures over the whole
// set at every measurement, and a boundary that bends many times, which a network must learn
// through its layers (a classic test for deep networks).
constexpr std::size_t points_per_class = 128;
constexpr std::size_t samples = 2 * points_per_class;

// Mini-batch SGD, the same for every activation: batch size, steps and learning rate. Training
// this network is chaotic beyond a point: once learning rate × steps reaches 30 to 40 (at rates
// from 0.01 to 0.1), tanh's and elu's runs turn a difference in the last bit of one activation
// value into different figures in the second digit, and the kernels of different instruction
// sets do differ in the last bit. 500 steps at 0.04 (20) stay well short of that (every figure
// agrees to about 13 digits between the vector kernels and the scalar members; 750 steps still
// do), and the rate is high enough for ReLU to lose units while it trains.
constexpr std::size_t batch = 32;
constexpr int steps = 500;
constexpr real learning_rate = 0.04;

constexpr std::uint32_t seed = 2024;

// The lecture note's five, and the two smooth ReLUs of current models. selu is not among them:
// its gradients start 3 to 20 times elu's, it learns fastest, and its run turns chaotic within
// these 500 steps, so that its figures after training are not the same on every machine (run it by
// name to see it learn).
constexpr std::array<std::string_view, 7> default_specs{"sigmoid", "tanh", "relu", "leaky_relu",
                                                        "elu",     "gelu", "silu"};

// std::uniform_real_distribution may give different numbers on different standard libraries;
// mt19937's raw output is fixed by the standard, so scaling it by hand keeps the run identical
// everywhere.
real uniform(std::mt19937& rng, real low, real high) {
  return low + (high - low) * static_cast<real>(rng()) / 4294967296.0;
}

struct data_set {
  std::vector<real> x;       // samples × inputs, row by row
  std::vector<real> target;  // 0 or 1
};

// Two spirals of 1.5 turns, one the other turned by half a turn, with a little noise; the
// coordinates lie within about ±2, a scale every activation sees unsquashed in the first layer.
data_set make_spirals() {
  std::mt19937 rng(seed);
  data_set d;
  d.x.reserve(samples * inputs);
  d.target.reserve(samples);
  for (std::size_t i = 0; i < points_per_class; ++i) {
    const real t = (static_cast<real>(i) + 0.5) / points_per_class;
    const real angle = 3 * std::numbers::pi * t;
    const real radius = 0.2 + 1.8 * t;
    for (const real cls : {0.0, 1.0}) {
      const real sign = cls == 0 ? 1.0 : -1.0;
      d.x.push_back(sign * radius * std::cos(angle) + uniform(rng, -0.05, 0.05));
      d.x.push_back(sign * radius * std::sin(angle) + uniform(rng, -0.05, 0.05));
      d.target.push_back(cls);
    }
  }
  return d;
}

constexpr std::size_t fan_in(std::size_t layer) { return layer == 0 ? inputs : width; }

// w[l] maps the previous layer's output to layer l's pre-activation, stored input by input (row
// k holds the weights from input k to each unit), so that the inner loops run along units.
struct network {
  std::array<std::vector<real>, depth> w;
  std::array<std::vector<real>, depth> b;
  std::vector<real> w_out = std::vector<real>(width);
  real b_out = 0;
};

// Glorot (Xavier) uniform, zero biases, for every activation: the classic scheme, derived for
// sigmoid and tanh (Glorot and Bengio 2010, the paper that measured these gradients), favouring
// none of the others (He's scheme is made for ReLU, LeCun's for SELU; for these square layers
// Glorot's variance 1/width equals LeCun's). One scheme for all is the point: the differences
// below are the activations'.
network initialise() {
  std::mt19937 rng(seed + 1);
  network net;
  for (std::size_t l = 0; l < depth; ++l) {
    const real limit = std::sqrt(6.0 / static_cast<real>(fan_in(l) + width));
    net.w[l].resize(fan_in(l) * width);
    for (real& w : net.w[l]) w = uniform(rng, -limit, limit);
    net.b[l].assign(width, 0);
  }
  const real limit = std::sqrt(6.0 / static_cast<real>(width + 1));
  for (real& w : net.w_out) w = uniform(rng, -limit, limit);
  return net;
}

// A forward and backward pass over n samples: the pre-activations a and activations h of every
// layer, n × width each, and the gradients of the mean loss.
class pass {
 public:
  explicit pass(std::size_t n) : n_(n), z_(n), dz_(n), gh_(n * width), ga_(n * width) {
    for (std::size_t l = 0; l < depth; ++l) {
      a_[l].resize(n * width);
      h_[l].resize(n * width);
      dw_[l].resize(fan_in(l) * width);
      db_[l].resize(width);
    }
  }

  // The mean binary cross-entropy of the readout's logits z against the targets, and the
  // gradient of every parameter.
  real run(const activ::any_activation<real>& f, const network& net, std::span<const real> x,
           std::span<const real> target) {
    forward(f, net, x);
    // Cross-entropy from logits, −log σ(s·z) with s = ±1 for targets 1 and 0, by log_sigmoid: it
    // never forms σ and takes its logarithm, which would lose everything where σ rounds to 1.
    // Its backward gives the logits' gradient −s·σ(−s·z)/n.
    std::vector<real> u(n_);
    std::vector<real> log_p(n_);
    for (std::size_t s = 0; s < n_; ++s) u[s] = target[s] > 0.5 ? z_[s] : -z_[s];
    head_.forward(u, log_p);
    real loss = 0;
    for (const real v : log_p) loss -= v;
    loss /= static_cast<real>(n_);
    const std::vector<real> g(n_, -1 / static_cast<real>(n_));
    head_.backward(u, g, dz_);
    for (std::size_t s = 0; s < n_; ++s) {
      if (target[s] <= 0.5) dz_[s] = -dz_[s];
    }
    backward(f, net, x);
    return loss;
  }

  // The Frobenius norm of layer l's weight gradient.
  [[nodiscard]] real gradient_norm(std::size_t l) const {
    real sum = 0;
    for (const real g : dw_[l]) sum += g * g;
    return std::sqrt(sum);
  }

  // How many of layer l's units are dead: the activation's derivative is exactly zero on every
  // sample, so whatever the loss, no gradient reaches the unit's weights or passes through it.
  [[nodiscard]] std::size_t dead_units(const activ::any_activation<real>& f, std::size_t l) const {
    std::vector<real> slope(n_ * width);
    f.derivative(a_[l], slope);
    std::size_t dead = 0;
    for (std::size_t j = 0; j < width; ++j) {
      bool zero = true;
      for (std::size_t s = 0; s < n_ && zero; ++s) zero = slope[s * width + j] == 0;
      dead += zero ? 1 : 0;
    }
    return dead;
  }

  void step(network& net, real rate) const {
    for (std::size_t l = 0; l < depth; ++l) {
      for (std::size_t i = 0; i < dw_[l].size(); ++i) net.w[l][i] -= rate * dw_[l][i];
      for (std::size_t j = 0; j < width; ++j) net.b[l][j] -= rate * db_[l][j];
    }
    for (std::size_t j = 0; j < width; ++j) net.w_out[j] -= rate * dw_out_[j];
    net.b_out -= rate * db_out_;
  }

 private:
  void forward(const activ::any_activation<real>& f, const network& net, std::span<const real> x) {
    for (std::size_t l = 0; l < depth; ++l) {
      const std::size_t k_in = fan_in(l);
      const std::span<const real> in = l == 0 ? x : std::span<const real>(h_[l - 1]);
      std::vector<real>& a = a_[l];
      for (std::size_t s = 0; s < n_; ++s) {
        real* const row = &a[s * width];
        std::copy(net.b[l].begin(), net.b[l].end(), row);
        for (std::size_t k = 0; k < k_in; ++k) {
          const real v = in[s * k_in + k];
          const real* const w = &net.w[l][k * width];
          for (std::size_t j = 0; j < width; ++j) row[j] += v * w[j];
        }
      }
      f.forward(a, h_[l]);  // the whole layer, every sample, in one span call
    }
    const std::vector<real>& top = h_[depth - 1];
    for (std::size_t s = 0; s < n_; ++s) {
      real z = net.b_out;
      for (std::size_t j = 0; j < width; ++j) z += top[s * width + j] * net.w_out[j];
      z_[s] = z;
    }
  }

  void backward(const activ::any_activation<real>& f, const network& net, std::span<const real> x) {
    // The readout: its gradient, and the gradient reaching the last hidden layer's output.
    const std::vector<real>& top = h_[depth - 1];
    std::fill(dw_out_.begin(), dw_out_.end(), real{0});
    db_out_ = 0;
    for (std::size_t s = 0; s < n_; ++s) {
      for (std::size_t j = 0; j < width; ++j) {
        dw_out_[j] += dz_[s] * top[s * width + j];
        gh_[s * width + j] = dz_[s] * net.w_out[j];
      }
      db_out_ += dz_[s];
    }
    for (std::size_t l = depth; l-- > 0;) {
      // Through the activation, by the library's fused backward from the pre-activations: every
      // activation has it (the from-output form does not exist for gelu and silu), and the
      // pre-activations are kept anyway, for the count of dead units.
      f.backward(a_[l], gh_, ga_);
      const std::size_t k_in = fan_in(l);
      const std::span<const real> in = l == 0 ? x : std::span<const real>(h_[l - 1]);
      std::vector<real>& dw = dw_[l];
      std::fill(dw.begin(), dw.end(), real{0});
      std::fill(db_[l].begin(), db_[l].end(), real{0});
      for (std::size_t s = 0; s < n_; ++s) {
        const real* const g = &ga_[s * width];
        for (std::size_t j = 0; j < width; ++j) db_[l][j] += g[j];
        for (std::size_t k = 0; k < k_in; ++k) {
          const real v = in[s * k_in + k];
          real* const row = &dw[k * width];
          for (std::size_t j = 0; j < width; ++j) row[j] += v * g[j];
        }
      }
      if (l == 0) break;
      // The gradient reaching the previous layer's output, from the weights before this step.
      for (std::size_t s = 0; s < n_; ++s) {
        const real* const g = &ga_[s * width];
        for (std::size_t k = 0; k < width; ++k) {
          const real* const w = &net.w[l][k * width];
          real sum = 0;
          for (std::size_t j = 0; j < width; ++j) sum += w[j] * g[j];
          gh_[s * width + k] = sum;
        }
      }
    }
  }

  std::size_t n_;
  std::array<std::vector<real>, depth> a_, h_, dw_, db_;
  std::vector<real> z_, dz_, gh_, ga_;
  std::vector<real> dw_out_ = std::vector<real>(width);
  real db_out_ = 0;
  activ::log_sigmoid<real> head_;
};

// What is measured at each phase, over the whole data set.
struct snapshot {
  real loss = 0;
  std::array<real, depth> gradient_norm{};
  std::array<std::size_t, depth> dead{};
};

snapshot measure(const activ::any_activation<real>& f, const network& net, const data_set& d) {
  pass full(samples);
  snapshot m;
  m.loss = full.run(f, net, d.x, d.target);
  for (std::size_t l = 0; l < depth; ++l) {
    m.gradient_norm[l] = full.gradient_norm(l);
    m.dead[l] = full.dead_units(f, l);
  }
  return m;
}

std::size_t total_dead(const snapshot& m) {
  std::size_t sum = 0;
  for (const std::size_t d : m.dead) sum += d;
  return sum;
}

// How far the gradient reaches: layer 1's gradient norm over the last layer's (1 where every
// layer learns at the same pace).
real first_to_last(const snapshot& m) { return m.gradient_norm[0] / m.gradient_norm[depth - 1]; }

struct result {
  std::string spec;
  std::string name;
  snapshot start, end;
};

result train(const activ::any_activation<real>& f, const data_set& d) {
  network net = initialise();
  result r{f.spec(), std::string(f.name()), measure(f, net, d), {}};

  // Mini-batches from a shuffle per epoch, the same sequence for every activation.
  std::mt19937 rng(seed + 2);
  std::vector<std::size_t> order(samples);
  for (std::size_t i = 0; i < samples; ++i) order[i] = i;
  pass mini(batch);
  std::vector<real> x(batch * inputs);
  std::vector<real> target(batch);
  std::size_t next = samples;
  for (int step = 0; step < steps; ++step) {
    if (next + batch > samples) {
      // Fisher–Yates with the generator's raw output: the same order on every library.
      for (std::size_t i = samples - 1; i > 0; --i) std::swap(order[i], order[rng() % (i + 1)]);
      next = 0;
    }
    for (std::size_t s = 0; s < batch; ++s) {
      const std::size_t i = order[next + s];
      for (std::size_t k = 0; k < inputs; ++k) x[s * inputs + k] = d.x[i * inputs + k];
      target[s] = d.target[i];
    }
    next += batch;
    (void)mini.run(f, net, x, target);
    mini.step(net, learning_rate);
  }
  r.end = measure(f, net, d);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Output.

constexpr int column = 11;

real fraction(std::size_t dead, std::size_t units) {
  return static_cast<real>(dead) / static_cast<real>(units);
}

void print_header(const std::vector<result>& results, const char* first) {
  std::printf("%5s", first);
  for (const result& r : results) {
    std::printf(" %*.*s", column, column, r.name.c_str());
  }
  std::printf("\n");
}

void print_gradient_table(const std::vector<result>& results, bool end) {
  std::printf("\nGradient norm |dL/dW| of each layer's weights over the data set, %s:\n",
              end ? "after training" : "at the start");
  print_header(results, "layer");
  for (std::size_t l = 0; l < depth; ++l) {
    std::printf("%5zu", l + 1);
    for (const result& r : results) {
      std::printf(" %*.3g", column, (end ? r.end : r.start).gradient_norm[l]);
    }
    std::printf("\n");
  }
}

void print_tables(const std::vector<result>& results) {
  std::printf("Columns:");
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::printf("%s %s", i == 0 ? "" : ",", results[i].spec.c_str());
  }
  std::printf("\nLayer 1 is nearest the input, layer %zu nearest the loss.\n", depth);
  print_gradient_table(results, false);
  print_gradient_table(results, true);

  std::printf("\nDead units of %zu per layer, at the start/after training:\n", width);
  print_header(results, "layer");
  for (std::size_t l = 0; l < depth; ++l) {
    std::printf("%5zu", l + 1);
    for (const result& r : results) {
      char cell[32];
      std::snprintf(cell, sizeof cell, "%zu/%zu", r.start.dead[l], r.end.dead[l]);
      std::printf(" %*s", column, cell);
    }
    std::printf("\n");
  }

  std::printf("\nWhole network:\n");
  print_header(results, "");
  const auto row = [&results](const char* label, auto value) {
    std::printf("%-5s", label);
    for (const result& r : results) std::printf(" %*.3g", column, value(r));
    std::printf("\n");
  };
  // The vanishing at a glance.
  std::printf("gradient norm, layer 1 / layer %zu\n", depth);
  row("start", [](const result& r) { return first_to_last(r.start); });
  row("end", [](const result& r) { return first_to_last(r.end); });
  std::printf("dead fraction\n");
  row("start", [](const result& r) { return fraction(total_dead(r.start), depth * width); });
  row("end", [](const result& r) { return fraction(total_dead(r.end), depth * width); });
  std::printf("loss (ln 2 = %.3g: chance)\n", std::numbers::ln2);
  row("start", [](const result& r) { return r.start.loss; });
  row("end", [](const result& r) { return r.end.loss; });
}

// A CSV field, quoted where the spec's text holds a comma (hardtanh(min_val=-1, max_val=1)).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// The two phases, as the CSV names them.
constexpr std::array<std::pair<const char*, snapshot result::*>, 2> phases{
    {{"start", &result::start}, {"end", &result::end}}};

// Long format, one figure a row: what a plotting library filters and groups without reshaping.
// Built in memory and written in binary mode, so that the file is the same byte for byte on
// every system (no CRLF).
bool write_csv(const char* path, const std::vector<result>& results) {
  std::string text = "activation,quantity,phase,layer,value\n";
  for (const result& r : results) {
    const std::string activation = csv_field(r.spec);
    const auto row = [&](const char* quantity, const char* phase, std::size_t layer, real v) {
      std::array<char, 32> value{};
      std::snprintf(value.data(), value.size(), "%.3g", v);
      text += activation + ',' + quantity + ',' + phase + ',' + std::to_string(layer) + ',' +
              value.data() + '\n';
    };
    for (const auto& [phase, at] : phases) {
      for (std::size_t l = 0; l < depth; ++l) {
        row("gradient_norm", phase, l + 1, (r.*at).gradient_norm[l]);
      }
    }
    for (const auto& [phase, at] : phases) {
      for (std::size_t l = 0; l < depth; ++l) {
        row("dead_fraction", phase, l + 1, fraction((r.*at).dead[l], width));
      }
    }
    for (const auto& [phase, at] : phases) row("loss", phase, 0, (r.*at).loss);
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  return !out.fail();
}

// ---------------------------------------------------------------------------------------------
// The claims the documentation quotes, checked against this run's figures. Each applies where its
// activations were run with their default parameters (all of them in the default run).

class claims {
 public:
  explicit claims(const std::vector<result>& results) : results_(results) {}

  // The result for the activation `text` names, parameters as parse fills them in, or null.
  [[nodiscard]] const result* find(std::string_view text) const {
    const std::string spec = activ::parse<real>(text).spec();
    for (const result& r : results_) {
      if (r.spec == spec) return &r;
    }
    return nullptr;
  }

  void check(bool holds, const std::string& claim) {
    std::printf("  %-6s %s\n", holds ? "holds" : "FAILED", claim.c_str());
    failed_ = failed_ || !holds;
    ++checked_;
  }

  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] bool any_checked() const { return checked_ > 0; }

 private:
  const std::vector<result>& results_;
  bool failed_ = false;
  int checked_ = 0;
};

std::string format(const char* pattern, real a, real b = 0) {
  std::array<char, 200> text{};
  std::snprintf(text.data(), text.size(), pattern, a, b);
  return text.data();
}

bool check_claims(const std::vector<result>& results) {
  std::printf("\nClaims:\n");
  claims c(results);
  // σ′ ≤ 1/4 at every unit: the gradient loses a factor of about 4 per layer on its way back
  // (4.3 here), while every layer's input, σ's outputs near 1/2, stays as large as the last's.
  if (const result* r = c.find("sigmoid")) {
    c.check(first_to_last(r->start) < 1e-6,
            format("sigmoid: layer 1's gradient is %.3g of the last layer's at the start (< 1e-6)",
                   first_to_last(r->start)));
  }
  // Glorot's scheme was made for tanh: its slope is 1 at 0, and the gradient reaches layer 1
  // undiminished in order of magnitude.
  if (const result* r = c.find("tanh")) {
    c.check(first_to_last(r->start) > 0.1,
            format("tanh: layer 1's gradient is %.3g of the last layer's at the start (> 0.1)",
                   first_to_last(r->start)));
  }
  const result* relu = c.find("relu");
  if (relu != nullptr) {
    const std::size_t units = depth * width;
    c.check(
        total_dead(relu->start) > 0 && total_dead(relu->end) > total_dead(relu->start),
        format("relu: %.3g of the units dead at the start, more (%.3g) after training",
               fraction(total_dead(relu->start), units), fraction(total_dead(relu->end), units)));
  }
  for (const std::string_view name : {"leaky_relu", "elu"}) {
    if (const result* r = c.find(name)) {
      c.check(total_dead(r->start) == 0 && total_dead(r->end) == 0,
              std::string(name) + ": no dead unit, at the start or after training");
    }
  }
  const result* elu = c.find("elu");
  if (relu != nullptr && elu != nullptr) {
    c.check(elu->end.loss < relu->end.loss - 0.02,
            format("elu trains where relu does not: final loss %.3g against relu's %.3g",
                   elu->end.loss, relu->end.loss));
  }
  if (!c.any_checked()) std::printf("  none concerns these activations\n");
  return !c.failed();
}

}  // namespace

int main(int argc, char** argv) {
  // A malformed activation throws std::invalid_argument, which says where and what; it is
  // reported, not allowed to escape main.
  try {
    const char* csv_path = nullptr;
    std::vector<std::string> specs;
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string_view arg = args[i];
      if (arg.starts_with("-") && arg != "--csv") {
        std::fprintf(stderr, "usage: example_gradient_flow [--csv PATH] [spec ...]\n");
        return 1;
      }
      if (arg == "--csv") {
        if (i + 1 == args.size()) {
          std::fprintf(stderr, "gradient_flow: --csv needs a path\n");
          return 1;
        }
        csv_path = args[++i];
      } else {
        specs.emplace_back(arg);
      }
    }
    if (specs.empty()) specs.assign(default_specs.begin(), default_specs.end());

    const data_set d = make_spirals();
    std::vector<result> results;
    results.reserve(specs.size());
    for (const std::string& spec : specs) results.push_back(train(activ::parse<real>(spec), d));
    std::printf(
        "%zu hidden layers of %zu units, Glorot uniform, %zu spiral points, %d steps of SGD "
        "(batch %zu, rate %.3g)\n",
        depth, width, samples, steps, batch, learning_rate);
    print_tables(results);
    if (csv_path != nullptr && !write_csv(csv_path, results)) {
      std::fprintf(stderr, "gradient_flow: cannot write %s\n", csv_path);
      return 1;
    }
    if (!check_claims(results)) {
      std::printf("\nFAILED: the figures above do not show what the documentation says\n");
      return 1;
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gradient_flow: %s\n", error.what());
    return 1;
  }
}
