// Exhaustive check of every float input: all 2^32 bit patterns, for every activation and
// derivative, through the scalar and the span members.
//
// For each input the correctly rounded result is established independently of activ: a reference
// y in double from a closed form that activ does not use (σ = 1/(1 + e^−x) on both signs,
// σ′ = ¼ sech²(x/2), tanh = −m/(2 + m) with m = expm1(−2|x|), tanh′ = sech² x, e^x − 1 = 2t/(1 − t)
// with t = tanh(x/2), e^x = 1/e^−x), each within a few libm ULPs of the exact value. Where
// y lies within 2^−44·|y| of a midpoint between two floats, the rounding is decided by MPFR at
// 256 bits instead. The error of a result r is |r − y| / ulp(y), with ulp(y) the spacing of floats
// at y: 2^(max(⌊log2 |y|⌋, −126) − 23), and 2^−149 for y = 0.
//
// Checked, per activation and path:
//   - the scalar members are correctly rounded on every input;
//   - the span members are within 1 ULP on every input (today they are the scalar path);
//   - NaN in gives NaN out; results stay in the function's range;
//   - sigmoid and tanh are monotone non-decreasing across consecutive floats; tanh is odd bit
//     for bit; σ(−x) and 1 − σ(x) agree to the rounding of both;
//   - no floating-point exception other than inexact and underflow is raised for finite inputs.
// The textbook formula of each function is measured beside it, for comparison only, on every 16th
// bit pattern.
//
// Usage: test_exhaustive [--only <activation>] [--stride <k>] [--threads <n>]
//   --only sigmoid|tanh|relu|leaky_relu|elu   one activation (both directions, every α)
//   --stride k                                every k-th bit pattern only, for a quick look
// Prints one line per activation, direction and path, then "N passed, M failed"; exits non-zero
// on any failure.

#include <activ/activ.hpp>

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "closed_forms.hpp"
#include "mpfr_reference.hpp"

namespace {

namespace ref = activ_test::mpfr;
namespace cf = activ_test::closed_form;

constexpr double reference_error = 0x1p-44;  // relative, what the double references may be off
constexpr std::uint32_t chunk_bits = 16;
constexpr std::uint32_t chunk_size = std::uint32_t{1} << chunk_bits;
// The textbook formulas, measured for comparison only, see one input in 16 (bit patterns ≡ 0 mod
// 16).
constexpr std::uint32_t textbook_sample_mask = 15;

// ---------------------------------------------------------------------------------------------
// Floats as bit patterns.

std::uint32_t bits_of(float x) { return std::bit_cast<std::uint32_t>(x); }
float float_of(std::uint32_t b) { return std::bit_cast<float>(b); }

bool same_result(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return bits_of(a) == bits_of(b);
}

// The next float towards +∞ and towards −∞ (x finite).
float next_up(float x) {
  if (x == 0.0f) return std::numeric_limits<float>::denorm_min();
  return x > 0 ? float_of(bits_of(x) + 1) : float_of(bits_of(x) - 1);
}
float next_down(float x) { return -next_up(-x); }

// 2^(max(⌊log2 |y|⌋, −126) − 23), read off y's exponent field (y finite).
double ulp_at(double y) {
  const auto biased = static_cast<std::int64_t>((std::bit_cast<std::uint64_t>(y) >> 52) & 0x7ff);
  const std::int64_t exponent = std::max<std::int64_t>(biased - 1023, -126) - 23;
  return std::bit_cast<double>(static_cast<std::uint64_t>(exponent + 1023) << 52);
}

double ulp_error(float got, double y) {
  if (std::isnan(y) || std::isnan(got)) {
    return std::isnan(y) && std::isnan(got) ? 0.0 : std::numeric_limits<double>::infinity();
  }
  if (std::isinf(got) || std::isinf(y)) {
    return static_cast<double>(got) == y ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return std::fabs(static_cast<double>(got) - y) / ulp_at(y);
}

// The float nearest y, if y (within reference_error of the exact value) decides it; otherwise
// `decided` is false.
float round_reference(double y, bool& decided) {
  const float c = static_cast<float>(y);
  decided = true;
  if (static_cast<double>(c) == y || !std::isfinite(c)) return c;  // exact, or beyond the floats
  const double tolerance = std::fabs(y) * reference_error;
  // The midpoint on y's side of c decides; the other one is a full spacing away.
  const double neighbour =
      static_cast<double>(y >= static_cast<double>(c) ? next_up(c) : next_down(c));
  const double midpoint = 0.5 * (static_cast<double>(c) + neighbour);
  if (std::fabs(y - midpoint) <= tolerance) decided = false;
  return c;
}

// ---------------------------------------------------------------------------------------------
// What each activation is checked against. α is the functor's, as stored in float.

enum class direction { forward, derivative };

struct formulas {
  std::string_view name;
  double (*reference)(double x, double alpha);  // independent closed form in double
  ref::reference exact;                         // MPFR closed form
  float (*textbook)(float x, float alpha);      // the naive formula, for comparison
  bool (*in_range)(float y, float alpha);       // range of the function
  bool monotone;                                // non-decreasing in x
};

bool any_value(float, float) { return true; }
bool unit_interval(float y, float) { return y >= 0.0f && y <= 1.0f; }
bool quarter_interval(float y, float) { return y >= 0.0f && y <= 0.25f; }
bool symmetric_unit(float y, float) { return y >= -1.0f && y <= 1.0f; }
bool non_negative(float y, float) { return y >= 0.0f && !std::signbit(y); }
bool step(float y, float) { return y == 0.0f || y == 1.0f; }
bool leaky_step(float y, float a) { return y == 1.0f || y == a; }
bool above_minus_alpha(float y, float a) { return y >= -a; }
bool elu_slope_range(float y, float a) { return y >= 0.0f && y <= std::max(1.0f, a); }

constexpr formulas sigmoid_forward{"sigmoid",          cf::sigmoid<double>,
                                   ref::sigmoid_value, cf::sigmoid_textbook<float>,
                                   unit_interval,      true};
constexpr formulas sigmoid_derivative{"sigmoid",          cf::sigmoid_slope<double>,
                                      ref::sigmoid_slope, cf::sigmoid_slope_textbook<float>,
                                      quarter_interval,   false};
constexpr formulas tanh_forward{
    "tanh", cf::tanh<double>, ref::tanh_value, cf::tanh_textbook<float>, symmetric_unit, true};
constexpr formulas tanh_derivative{"tanh",          cf::tanh_slope<double>,
                                   ref::tanh_slope, cf::tanh_slope_textbook<float>,
                                   unit_interval,   false};
constexpr formulas relu_forward{
    "relu", cf::relu<double>, ref::relu_value, cf::relu_textbook<float>, non_negative, true};
constexpr formulas relu_derivative{
    "relu", cf::relu_slope<double>, ref::relu_slope, cf::relu_slope_textbook<float>, step, false};
constexpr formulas leaky_forward{
    "leaky_relu", cf::leaky<double>, ref::leaky_value, cf::leaky_textbook<float>, any_value, true};
constexpr formulas leaky_derivative{"leaky_relu",     cf::leaky_slope<double>,
                                    ref::leaky_slope, cf::leaky_slope_textbook<float>,
                                    leaky_step,       false};
constexpr formulas elu_forward{
    "elu", cf::elu<double>, ref::elu_value, cf::elu_textbook<float>, above_minus_alpha, true};
constexpr formulas elu_derivative{"elu",           cf::elu_slope<double>,
                                  ref::elu_slope,  cf::elu_slope_textbook<float>,
                                  elu_slope_range, false};

// ---------------------------------------------------------------------------------------------
// Per activation, direction and path: what was seen.

struct tally {
  double worst = 0;
  float worst_x = 0;
  std::uint64_t not_correctly_rounded = 0;
  std::uint64_t count = 0;

  void add(float x, float got, float correct, double y) {
    ++count;
    const bool rounded_correctly = same_result(got, correct);
    if (!rounded_correctly) ++not_correctly_rounded;
    // A correctly rounded result is within ½ ULP, and exact where y is a float: once the worst
    // seen is that close to ½, only the others can raise it, and the error need not be computed
    // for every input.
    if (rounded_correctly && (worst >= 0.4999 || static_cast<double>(got) == y)) return;
    const double e = ulp_error(got, y);
    if (e > worst || count == 1) {
      worst = e;
      worst_x = x;
    }
  }
  void merge(const tally& o) {
    if (o.worst > worst) {
      worst = o.worst;
      worst_x = o.worst_x;
    }
    not_correctly_rounded += o.not_correctly_rounded;
    count += o.count;
  }
};

struct violations {
  std::uint64_t nan = 0, range = 0, monotone = 0, symmetry = 0, flags = 0, paths = 0;
  float first_x = 0;
  std::string first;

  void note(std::uint64_t& counter, const char* what, float x) {
    if (counter++ == 0 && first.empty()) {
      first = what;
      first_x = x;
    }
  }
  void merge(const violations& o) {
    nan += o.nan;
    range += o.range;
    monotone += o.monotone;
    symmetry += o.symmetry;
    flags += o.flags;
    paths += o.paths;
    if (first.empty()) {
      first = o.first;
      first_x = o.first_x;
    }
  }
  [[nodiscard]] std::uint64_t total() const {
    return nan + range + monotone + symmetry + flags + paths;
  }
};

struct result {
  tally scalar, span, textbook;
  violations broken;
  std::uint64_t settled_by_mpfr = 0;
  void merge(const result& o) {
    scalar.merge(o.scalar);
    span.merge(o.span);
    textbook.merge(o.textbook);
    broken.merge(o.broken);
    settled_by_mpfr += o.settled_by_mpfr;
  }
};

// ---------------------------------------------------------------------------------------------
// The sweep.

template <direction D, class F>
float scalar_call(const F& f, float x) {
  if constexpr (D == direction::forward) {
    return f.forward(x);
  } else {
    return f.derivative(x);
  }
}

template <direction D, class F>
void span_call(const F& f, std::span<const float> in, std::span<float> out) {
  if constexpr (D == direction::forward) {
    f.forward(in, out);
  } else {
    f.derivative(in, out);
  }
}

// Per-thread scratch for the MPFR fallback.
struct mpfr_scratch {
  ref::mp x, alpha, y;
};

// F is the functor, D the direction and forms the formulas it is checked against; all three are
// template arguments so that the per-input work inlines (the sweep makes 2^32 × 14 passes).
template <class F, direction D, const formulas& forms_>
class checker {
 public:
  checker(F f, std::uint32_t stride) : f_(f), stride_(stride) {
    if constexpr (requires { f.alpha(); }) alpha_ = f.alpha();
  }

  // One chunk: the 2^16 bit patterns starting at `first` (every stride-th of them), and the same
  // patterns with the sign flipped, which the symmetry checks compare.
  void run_chunk(std::uint32_t first, result& r, mpfr_scratch& s) const {
    std::vector<float> x, neg_x;
    for (std::uint32_t i = 0; i < chunk_size; i += stride_) {
      x.push_back(float_of(first + i));
      neg_x.push_back(float_of((first + i) ^ 0x80000000u));
    }
    std::vector<float> pos_out, neg_out;
    evaluate(x, pos_out, r, s);
    evaluate(neg_x, neg_out, r, s);
    if (forms_.name == "tanh" && D == direction::forward) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i]) && !same_result(neg_out[i], -pos_out[i])) {
          r.broken.note(r.broken.symmetry, "tanh(-x) != -tanh(x)", x[i]);
        }
      }
    }
    if (forms_.name == "sigmoid" && D == direction::forward) {
      // σ(x) + σ(−x) = 1 up to the rounding of each: half an ULP of each side.
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        const double a = pos_out[i], b = neg_out[i];
        const double gap = std::fabs((a - 1.0) + b);  // exact: a − 1 is exact (Sterbenz / a < 2)
        if (gap > 0.5 * (ulp_at(a) + ulp_at(b)) * (1 + 1e-9)) {
          r.broken.note(r.broken.symmetry, "sigmoid(-x) != 1 - sigmoid(x)", x[i]);
        }
      }
    }
  }

 private:
  void evaluate(const std::vector<float>& x, std::vector<float>& scalar, result& r,
                mpfr_scratch& s) const {
    const std::size_t n = x.size();
    const bool finite = std::isfinite(x.front());  // one exponent per chunk
    scalar.resize(n);
    std::vector<float> spanned(n);

    std::feclearexcept(FE_ALL_EXCEPT);
    for (std::size_t i = 0; i < n; ++i) scalar[i] = scalar_call<D>(f_, x[i]);
    span_call<D>(f_, x, spanned);
    if (finite && std::fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW) != 0) {
      r.broken.note(r.broken.flags, "floating-point exception raised", x.front());
    }

    const auto a = static_cast<double>(alpha_);
    for (std::size_t i = 0; i < n; ++i) {
      const float xi = x[i];
      if (std::isnan(xi)) {
        if (!std::isnan(scalar[i]) || !std::isnan(spanned[i])) {
          r.broken.note(r.broken.nan, "NaN in, not NaN out", xi);
        }
        continue;
      }
      const double y = forms_.reference(static_cast<double>(xi), a);
      bool decided = true;
      float correct = round_reference(y, decided);
      if (!decided) {
        ++r.settled_by_mpfr;
        ref::set_exact(s.x.get(), xi);
        ref::set_exact(s.alpha.get(), alpha_);
        forms_.exact(s.y.get(), s.x.get(), s.alpha.get());
        correct = mpfr_get_flt(s.y.get(), MPFR_RNDN);
      }
      r.scalar.add(xi, scalar[i], correct, y);
      r.span.add(xi, spanned[i], correct, y);
      if ((bits_of(xi) & textbook_sample_mask) == 0) {
        r.textbook.add(xi, forms_.textbook(xi, alpha_), correct, y);
      }
      if (!forms_.in_range(scalar[i], alpha_) || !forms_.in_range(spanned[i], alpha_)) {
        r.broken.note(r.broken.range, "result out of range", xi);
      }
    }
    if (forms_.monotone && D == direction::forward) {
      // Ascending bit patterns run up in x for positive floats and down for negative ones.
      const bool negative = std::signbit(x.front());
      for (std::size_t i = 1; i < n; ++i) {
        if (std::isnan(x[i])) break;
        const bool ordered = negative ? scalar[i] <= scalar[i - 1] : scalar[i] >= scalar[i - 1];
        const bool ordered_span =
            negative ? spanned[i] <= spanned[i - 1] : spanned[i] >= spanned[i - 1];
        if (!ordered || !ordered_span) r.broken.note(r.broken.monotone, "not monotone", x[i]);
      }
    }
  }

  F f_;
  std::uint32_t stride_;
  float alpha_ = 0;
};

// Runs one checker over all chunks of the positive half (each with its negative twin) on
// `threads` threads. Monotonicity across chunk boundaries is checked apart
// (boundary_violations).
template <class Checker>
result sweep(const Checker& c, unsigned threads) {
  std::atomic<std::uint32_t> next{0};
  constexpr std::uint32_t chunks = 0x80000000u / chunk_size;
  std::vector<result> partial(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      mpfr_scratch s;
      for (std::uint32_t k = next++; k < chunks; k = next++)
        c.run_chunk(k * chunk_size, partial[t], s);
      mpfr_free_cache();
    });
  }
  for (auto& th : pool) th.join();
  result all;
  for (const auto& p : partial) all.merge(p);
  return all;
}

// Monotonicity across chunk boundaries: the first pattern of each chunk against the last of the
// one before, on both signs.
template <direction D, class F>
std::uint64_t boundary_violations(const F& f, std::uint32_t stride) {
  std::uint64_t bad = 0;
  for (std::uint32_t k = 1; k < 0x80000000u / chunk_size; ++k) {
    const std::uint32_t last = k * chunk_size - stride;
    for (const std::uint32_t sign : {0u, 0x80000000u}) {
      const float before = float_of(last | sign), after = float_of((k * chunk_size) | sign);
      if (std::isnan(before) || std::isnan(after)) continue;
      const float yb = scalar_call<D>(f, before), ya = scalar_call<D>(f, after);
      if (sign ? ya > yb : ya < yb) ++bad;
    }
  }
  return bad;
}

struct totals {
  int passed = 0;
  int failed = 0;
  void check(bool ok) { ok ? ++passed : ++failed; }
};

std::string hex(float x) {
  char text[32];
  std::snprintf(text, sizeof text, "%a", static_cast<double>(x));
  return text;
}

void print(const char* label, const char* path, const tally& t) {
  std::printf("  %-30s %-8s worst %10.3f ulp at x = %-16s  not correctly rounded: %llu of %llu\n",
              label, path, t.worst, hex(t.worst_x).c_str(),
              static_cast<unsigned long long>(t.not_correctly_rounded),
              static_cast<unsigned long long>(t.count));
}

template <direction D, const formulas& forms, class F>
void check_direction(const F& f, std::uint32_t stride, unsigned threads, totals& score) {
  std::string label = std::string(forms.name);
  if constexpr (requires { f.alpha(); }) {
    char text[32];
    std::snprintf(text, sizeof text, "(%g)", static_cast<double>(f.alpha()));
    label += text;
  }
  label += D == direction::forward ? " forward" : " derivative";
  result r = sweep(checker<F, D, forms>(f, stride), threads);
  if (forms.monotone && D == direction::forward)
    r.broken.monotone += boundary_violations<D>(f, stride);
  print(label.c_str(), "scalar", r.scalar);
  print(label.c_str(), "span", r.span);
  print(label.c_str(), "textbook", r.textbook);
  std::printf(
      "  %-30s %llu inputs settled by MPFR; violations: nan %llu, range %llu, monotone %llu, "
      "symmetry %llu, fp flags %llu%s%s\n",
      label.c_str(), static_cast<unsigned long long>(r.settled_by_mpfr),
      static_cast<unsigned long long>(r.broken.nan),
      static_cast<unsigned long long>(r.broken.range),
      static_cast<unsigned long long>(r.broken.monotone),
      static_cast<unsigned long long>(r.broken.symmetry),
      static_cast<unsigned long long>(r.broken.flags),
      r.broken.first.empty() ? "" : (" — first: " + r.broken.first + " at x = ").c_str(),
      r.broken.first.empty() ? "" : hex(r.broken.first_x).c_str());
  std::fflush(stdout);
  score.check(r.scalar.not_correctly_rounded == 0);
  score.check(r.span.worst <= 1.0);
  score.check(r.broken.total() == 0);
}

template <const formulas& forward, const formulas& derivative, class F>
void check_activation(const F& f, std::uint32_t stride, unsigned threads, totals& score) {
  check_direction<direction::forward, forward>(f, stride, threads, score);
  check_direction<direction::derivative, derivative>(f, stride, threads, score);
}

}  // namespace

int main(int argc, char** argv) {
  std::string only;
  std::uint32_t stride = 1;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view option = argv[i];
    if (option == "--only") {
      only = argv[i + 1];
    } else if (option == "--stride") {
      stride = static_cast<std::uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
    } else if (option == "--threads") {
      threads = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (stride == 0 || chunk_size % stride != 0) {
    std::fprintf(stderr, "--stride must divide %u\n", chunk_size);
    return 2;
  }
  std::printf("float, %s of the 2^32 inputs, %u threads\n",
              stride == 1 ? "all" : ("every " + std::to_string(stride) + "th").c_str(), threads);

  totals score;
  const auto wanted = [&](std::string_view name) { return only.empty() || only == name; };
  if (wanted("sigmoid")) {
    check_activation<sigmoid_forward, sigmoid_derivative>(activ::sigmoid<float>{}, stride, threads,
                                                          score);
  }
  if (wanted("tanh")) {
    check_activation<tanh_forward, tanh_derivative>(activ::tanh<float>{}, stride, threads, score);
  }
  if (wanted("relu")) {
    check_activation<relu_forward, relu_derivative>(activ::relu<float>{}, stride, threads, score);
  }
  if (wanted("leaky_relu")) {
    for (const float alpha : {0.01f, 0.2f}) {
      check_activation<leaky_forward, leaky_derivative>(activ::leaky_relu<float>{alpha}, stride,
                                                        threads, score);
    }
  }
  if (wanted("elu")) {
    for (const float alpha : {1.0f, 0.5f}) {
      check_activation<elu_forward, elu_derivative>(activ::elu<float>{alpha}, stride, threads,
                                                    score);
    }
  }
  std::printf("%d passed, %d failed\n", score.passed, score.failed);
  return score.failed == 0 ? 0 : 1;
}
