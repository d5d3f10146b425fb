// Samples every built-in activation for the plots under docs/img: x, f(x) and f′(x) from activ's
// own scalar members in double, as CSV that plot.py renders.
//
//   activ_plot_sample OUT.csv      (no argument: to standard output)
//
// The scalar members, not the array ones: their results are the same on every x86-64 CPU, while
// the array members' vector kernels may differ in the last bit between instruction sets, and the
// committed plots must come out byte for byte the same on the CI machine as on this one.
//
// CSV columns: name,text,spec,x,f,df,point
//   name   the plot's file name (docs/img/<name>.svg)
//   text   the activation as the row below gives it, parameters only where they are not defaults
//   spec   its canonical text, every parameter by keyword, as any_activation::spec() writes it
//   point  "grid" for the sampled grid; at a grid point where f′ jumps, two more rows give the
//          one-sided values, at the neighbouring doubles: "left" just below, "right" just above.
// Numbers are written in the shortest form that reads back to the same double (std::to_chars).

#include <activ/activ.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace {

// One plot: its file name, the activation as PyTorch-style text, and the x range.
struct plot {
  std::string_view name;
  std::string_view text;
  int x_min;
  int x_max;
};

// Adding an activation to activ adds a row here (main refuses to run while one is missing).
// leaky_relu is drawn with negative_slope 0.1 rather than its default 0.01, which would look flat;
// relu6 runs to 8 so that its cap at 6 shows.
constexpr std::array plots{
    plot{"sigmoid", "sigmoid", -6, 6},
    plot{"tanh", "tanh", -6, 6},
    plot{"relu", "relu", -6, 6},
    plot{"leaky_relu", "leaky_relu(negative_slope=0.1)", -6, 6},
    plot{"elu", "elu", -6, 6},
    plot{"selu", "selu", -6, 6},
    plot{"celu", "celu", -6, 6},
    plot{"silu", "silu", -6, 6},
    plot{"gelu", "gelu", -6, 6},
    plot{"gelu_tanh", "gelu(approximate='tanh')", -6, 6},
    plot{"mish", "mish", -6, 6},
    plot{"softplus", "softplus", -6, 6},
    plot{"log_sigmoid", "log_sigmoid", -6, 6},
    plot{"relu6", "relu6", -6, 8},
    plot{"hardtanh", "hardtanh", -6, 6},
    plot{"hardsigmoid", "hardsigmoid", -6, 6},
    plot{"hardswish", "hardswish", -6, 6},
    plot{"softsign", "softsign", -6, 6},
};

// Grid points per unit of x. x = k/50 is computed by one correctly rounded division, so every
// integer, and with it every kink of the built-ins (0, ±1, ±3, 6), is a grid point exactly.
constexpr int points_per_unit = 50;

// A derivative that is continuous changes between neighbouring doubles by about |f″|·2^−52·|x|;
// the built-ins' jumps are at least 1/6 (hardsigmoid′ at ±3). Anything between tells them apart.
constexpr double jump_threshold = 1e-9;

void write_number(std::string& line, double v) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  if (error != std::errc{}) throw std::system_error(std::make_error_code(error), "to_chars");
  line.append(buffer.data(), end);
}

// CSV quoting: the specs contain commas ("hardtanh(min_val=-1, max_val=1)").
void write_quoted(std::string& line, std::string_view text) {
  line += '"';
  for (const char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

void write_row(std::FILE* out, const plot& p, std::string_view spec, double x,
               const activ::any_activation<double>& f, std::string_view point) {
  std::string line{p.name};
  line += ',';
  write_quoted(line, p.text);
  line += ',';
  write_quoted(line, spec);
  line += ',';
  write_number(line, x);
  line += ',';
  write_number(line, f.forward(x));
  line += ',';
  write_number(line, f.derivative(x));
  line += ',';
  line += point;
  line += '\n';
  if (std::fputs(line.c_str(), out) == EOF) throw std::runtime_error("cannot write the CSV");
}

void write_samples(std::FILE* out, const plot& p) {
  const auto f = activ::parse<double>(p.text);
  const std::string spec = f.spec();
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (int k = p.x_min * points_per_unit; k <= p.x_max * points_per_unit; ++k) {
    const double x = static_cast<double>(k) / points_per_unit;
    const double below = std::nextafter(x, -inf);
    const double above = std::nextafter(x, inf);
    const double left = f.derivative(below);
    const double right = f.derivative(above);
    const bool jump = std::abs(right - left) > jump_threshold * std::max(1.0, std::abs(left));
    if (jump) write_row(out, p, spec, below, f, "left");
    write_row(out, p, spec, x, f, "grid");
    if (jump) write_row(out, p, spec, above, f, "right");
  }
}

// The names of the built-ins that no row plots.
std::set<std::string_view> missing_builtins() {
  std::set<std::string_view> missing;
  activ::detail::for_each_builtin<double>([&](const auto& entry) {
    missing.insert(std::remove_cvref_t<decltype(entry)>::functor::name);
  });
  for (const plot& p : plots) missing.erase(activ::parse<double>(p.text).name());
  return missing;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) {
    std::fputs("usage: activ_plot_sample [OUT.csv]\n", stderr);
    return EXIT_FAILURE;
  }
  try {
    if (const auto missing = missing_builtins(); !missing.empty()) {
      for (const std::string_view name : missing) {
        std::fprintf(stderr, "activ_plot_sample: no plot of the built-in %.*s: add a row\n",
                     static_cast<int>(name.size()), name.data());
      }
      return EXIT_FAILURE;
    }
    std::FILE* out = argc == 2 ? std::fopen(argv[1], "w") : stdout;
    if (out == nullptr) {
      std::perror(argv[1]);
      return EXIT_FAILURE;
    }
    std::fputs("name,text,spec,x,f,df,point\n", out);
    for (const plot& p : plots) write_samples(out, p);
    if (std::ferror(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
      std::fputs("activ_plot_sample: cannot write the CSV\n", stderr);
      return EXIT_FAILURE;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "activ_plot_sample: %s\n", e.what());
    return EXIT_FAILURE;
  }
}
