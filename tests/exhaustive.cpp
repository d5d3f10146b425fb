// Exhaustive check of every float input: all 2^32 bit patterns, for every activation and
// derivative, through the scalar members and through the span members on every instruction set
// this build and CPU can run (activ::detail::simd::isa: sse2, avx2_fma, avx512 on x86-64, portable
// elsewhere; the scalar loop is the scalar members, checked already).
//
// For each input the correctly rounded result is established independently of activ: a reference
// y in double from a closed form that activ does not use (σ = 1/(1 + e^−x) on both signs,
// σ′ = ¼ sech²(x/2), tanh = −m/(2 + m) with m = expm1(−2|x|), tanh′ = sech² x, e^x − 1 = 2t/(1 − t)
// with t = tanh(x/2), e^x = 1/e^−x), each within a few libm ULPs, far inside 2^−44 relative, of
// the exact value. Where the interval y ± 2^−44·|y| holds a rounding boundary between two floats,
// the rounding is decided by MPFR at 256 bits instead. The error of a result r is |r − y| / ulp(y),
// with ulp(y) the spacing of floats at y: 2^(max(⌊log2 |y|⌋, −126) − 23), and 2^−149 for y = 0.
//
// Not every input needs its own reference. Each function is monotone on each open half-line
// (x < 0 and x > 0; every α here is positive), and the reals that round to one float form an
// interval. So where the correctly rounded results at two finite, non-zero inputs of one sign are
// the same float c, every input between them rounds to c too. Each chunk's run of finite non-zero
// inputs is bisected: its two ends are settled as above, a range whose ends agree is filled with c,
// and any other range is split at its middle input, which is settled in turn. No input is settled
// twice, so where the result changes at every input this costs what one reference per input
// costs, and where it is flat (saturation, near 0, most of every function's range) a handful of
// references settle thousands of inputs. The only exact zeros at x ≠ 0 are relu's and relu′'s on
// x < 0, +0 throughout, so signed zeros need no exception. The references for the inputs inside
// such a range are computed only where an error has to be measured: a result that is not the
// correctly rounded one, or one whose error could raise the worst seen (a correctly rounded result
// inside a range has an error no larger than at the range's ends, which are measured themselves).
//
// Every path is compared with the same correctly rounded results, settled once per input, so a
// further instruction set costs its kernel's run and a few comparisons per input. Where a path
// returns the scalar members' bits at every input of a chunk (relu and leaky_relu always, the
// other kernels wherever they round as the scalar members do), it inherits their findings there.
//
// Checked, per activation, direction and path:
//   - the scalar members are correctly rounded on every input;
//   - the span members, on each instruction set, are within 1 ULP on every input;
//   - NaN in gives NaN out; results stay in the function's range;
//   - sigmoid and tanh are monotone non-decreasing across consecutive floats; tanh is odd bit
//     for bit; σ(−x) and 1 − σ(x) agree to the bound of the path (½ ULP each for the scalar
//     members, 1 ULP each for the span members);
//   - no floating-point exception other than inexact and underflow is raised for finite inputs.
// The textbook formula of each function is measured beside it, for comparison only, on one input
// in 16 of those swept (every 16th bit pattern of a full sweep).
//
// Usage: test_exhaustive [--only <activation>] [--isa <set>] [--stride <k>] [--threads <n>]
//   --only sigmoid|tanh|relu|leaky_relu|elu   one activation (both directions, every α)
//   --isa scalar|portable|sse2|avx2_fma|avx512 the span members on that instruction set only
//   --stride k                                every k-th bit pattern only, for a quick look
// Prints one line per activation, direction and path ("scalar", "span <set>", and "textbook"),
// with the worst error, where, the count not correctly rounded and the property violations, then
// "N passed, M failed"; exits non-zero on any failure. "Settled by MPFR" counts the inputs whose
// reference could not decide the rounding among those that needed one.

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
#include <exception>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "closed_forms.hpp"
#include "mpfr_reference.hpp"
#include "support.hpp"

namespace {

namespace ref = activ_test::mpfr;
namespace cf = activ_test::closed_form;
using activ::detail::simd::isa;

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

// How many of a[i], b[i] differ in their bits (a loop the compiler vectorises).
std::size_t differences(std::span<const float> a, std::span<const float> b) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    count += static_cast<std::size_t>(bits_of(a[i]) != bits_of(b[i]));
  }
  return count;
}

// a = b, without ==, which -Wfloat-equal rejects; false for NaN.
template <class T>
bool equal(T a, T b) {
  return a <= b && a >= b;
}

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
    return equal(static_cast<double>(got), y) ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return std::fabs(static_cast<double>(got) - y) / ulp_at(y);
}

// Sets c to the float nearest the exact value and returns true if y, within reference_error of
// it, decides that rounding: every point of y ± 2·reference_error·|y| rounds to the same float.
// The factor 2 covers |y| against the exact value's magnitude and the roundings of y ± tolerance
// (each within 2^−53·|y|), so the exact value lies inside the interval that was checked. Rounding
// is monotone, so its two ends suffice. y = ±0 and y = ±∞ are the references' exact limits.
bool decide_rounding(double y, float& c) {
  c = static_cast<float>(y);
  if (std::isinf(y) || !(y < 0 || y > 0)) return true;  // the limits ±∞ and ±0 are exact
  const double tolerance = std::fabs(y) * (2 * reference_error);
  return bits_of(static_cast<float>(y - tolerance)) == bits_of(c) &&
         bits_of(static_cast<float>(y + tolerance)) == bits_of(c);
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
bool step(float y, float) { return equal(y, 0.0f) || equal(y, 1.0f); }
bool leaky_step(float y, float a) { return equal(y, 1.0f) || equal(y, a); }
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

// What is known of one input's correctly rounded result (scratch::state): nothing yet; settled,
// from its own reference; or bounded, by the ends of a range of inputs that round alike.
enum : unsigned char { open, settled, bounded };

struct tally {
  double worst = 0;
  float worst_x = 0;
  std::uint64_t not_correctly_rounded = 0;
  std::uint64_t count = 0;
  // The worst error already seen elsewhere (by the same path in earlier chunks, or by every path
  // compared with this one), which decides what need not be measured; merge() ignores it.
  double seen = 0;

  // Results got[i] at inputs x[i] (none NaN) against the correctly rounded correct[i]; state[i]
  // says whether input i lies inside a range of inputs with one correctly rounded result (whose
  // ends are tallied themselves) or has its reference y in known[i]; reference(i) gives y, computed
  // on first use.
  template <class Reference>
  void add(std::span<const float> x, std::span<const float> got, std::span<const float> correct,
           std::span<const unsigned char> state, std::span<const double> known,
           Reference&& reference) {
    count += x.size();
    // A first pass, free of branches, finds whether any input needs more than a comparison of
    // bits: one not correctly rounded, or, while the worst error is below ½, one that is inexact.
    const bool measure_all = std::max(worst, seen) < 0.4999;
    std::size_t attention = 0;
    if (measure_all) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        const auto g = static_cast<double>(got[i]);
        const bool inexact = state[i] == settled && (g < known[i] || g > known[i]);
        attention += static_cast<std::size_t>((bits_of(got[i]) != bits_of(correct[i])) | inexact);
      }
    } else {
      attention = differences(got, correct);
    }
    if (attention == 0) return;
    for (std::size_t i = 0; i < x.size(); ++i) {
      // A correctly rounded result is within ½ ULP, and exact where y is a float: once the worst
      // seen is that close to ½, only the others can raise it, and the error need not be computed
      // for every input. Inside a bounded range it cannot exceed the error at one of the ends.
      const bool rounded_correctly = bits_of(got[i]) == bits_of(correct[i]);
      if (rounded_correctly && (state[i] == bounded || std::max(worst, seen) >= 0.4999)) continue;
      add_one(x[i], got[i], rounded_correctly, reference(i));
    }
  }
  void add_one(float x, float got, bool rounded_correctly, double y) {
    if (!rounded_correctly) ++not_correctly_rounded;
    const auto g = static_cast<double>(got);
    if (rounded_correctly && !(g < y) && !(g > y)) return;  // exact
    const double e = ulp_error(got, y);
    if (e > worst) {
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

// What one path (the scalar members, or the span members on one instruction set) was seen to do.
struct path_result {
  tally accuracy;
  violations broken;
  void merge(const path_result& o) {
    accuracy.merge(o.accuracy);
    broken.merge(o.broken);
  }
};

struct result {
  std::vector<path_result> paths;  // the scalar members, then the span members per instruction set
  tally textbook;
  std::uint64_t settled_by_mpfr = 0;
  explicit result(std::size_t path_count = 0) : paths(path_count) {}
  void merge(const result& o) {
    paths.resize(std::max(paths.size(), o.paths.size()));
    for (std::size_t p = 0; p < o.paths.size(); ++p) paths[p].merge(o.paths[p]);
    textbook.merge(o.textbook);
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

// The span members' instruction sets under test. The set is a process-wide selection, so the
// threads take turns to select one and run the span members under it (a few per cent of a chunk's
// work); every other step of the sweep runs on all threads at once.
struct array_paths {
  std::vector<isa> sets;
  std::mutex selecting;
};

// Per-thread scratch: the MPFR fallback's variables and a chunk's buffers, reused chunk after
// chunk.
struct scratch {
  ref::mp x, alpha, y;
  std::vector<float> in[2];  // the chunk's inputs, then the same with the sign flipped
  std::vector<std::vector<float>> got[2];  // per sign and path: the results at those inputs
  std::vector<bool> same_as_scalar[2];     // per sign and path: got[side][p] == got[side][0]
  std::vector<float> correct;
  std::vector<double> reference;  // y per input, where known
  std::vector<unsigned char> state;
};

// Not NaN where the input is finite: the flags other than inexact and underflow.
bool raised_invalid_flags() {
  return std::fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW) != 0;
}

// F is the functor, D the direction and forms the formulas it is checked against; all three are
// template arguments so that the per-input work inlines (the sweep makes 2^32 × 14 passes).
//
// Each input's correctly rounded result (and its reference, where one is needed) is established
// once, and every path's result is compared with it: a further instruction set costs its kernel's
// run and a few comparisons per input, not another reference.
template <class F, direction D, const formulas& forms_>
class checker {
 public:
  checker(F f, std::uint32_t stride, array_paths& arrays)
      : f_(f), stride_(stride), arrays_(&arrays) {
    if constexpr (requires { f.alpha(); }) alpha_ = f.alpha();
  }

  // Path 0 is the scalar members, path 1 + k the span members on arrays.sets[k].
  [[nodiscard]] std::size_t paths() const { return 1 + arrays_->sets.size(); }

  // One chunk: the 2^16 bit patterns starting at `first` (every stride-th of them), and the same
  // patterns with the sign flipped, which the symmetry checks compare.
  void run_chunk(std::uint32_t first, result& r, scratch& s) const {
    s.in[0].clear();
    s.in[1].clear();
    for (std::uint32_t i = 0; i < chunk_size; i += stride_) {
      s.in[0].push_back(float_of(first + i));
      s.in[1].push_back(float_of((first + i) ^ 0x80000000u));
    }
    evaluate(0, first / stride_, r, s);
    evaluate(1, first / stride_, r, s);
    violations scalar_broken;
    check_symmetry(0, s, scalar_broken);
    r.paths[0].broken.merge(scalar_broken);
    for (std::size_t p = 1; p < paths(); ++p) {
      // Bit for bit the scalar members' results on both signs, which passed: so does this path.
      if (s.same_as_scalar[0][p] && s.same_as_scalar[1][p] && scalar_broken.symmetry == 0) continue;
      check_symmetry(p, s, r.paths[p].broken);
    }
  }

 private:
  // The reference at x[i], computed once.
  double reference_at(const std::vector<float>& x, std::size_t i, scratch& s) const {
    if (s.state[i] != settled) {
      s.reference[i] = forms_.reference(static_cast<double>(x[i]), static_cast<double>(alpha_));
      s.state[i] = settled;
    }
    return s.reference[i];
  }

  // The correctly rounded results at x[first], ..., x[last − 1], from their references or, where
  // those cannot decide, MPFR. Each loop is free of branches, so that the inputs overlap.
  void settle(const std::vector<float>& x, std::size_t first, std::size_t last, result& r,
              scratch& s) const {
    const auto a = static_cast<double>(alpha_);
    for (std::size_t i = first; i < last; ++i) {
      s.reference[i] = forms_.reference(static_cast<double>(x[i]), a);
      s.state[i] = settled;
    }
    std::size_t undecided = 0;
    for (std::size_t i = first; i < last; ++i) {
      undecided += static_cast<std::size_t>(!decide_rounding(s.reference[i], s.correct[i]));
    }
    for (std::size_t i = first; undecided != 0 && i < last; ++i) {
      float c = 0;
      if (decide_rounding(s.reference[i], c)) continue;
      --undecided;
      ++r.settled_by_mpfr;
      ref::set_exact(s.x.get(), x[i]);
      ref::set_exact(s.alpha.get(), alpha_);
      forms_.exact(s.y.get(), s.x.get(), s.alpha.get());
      s.correct[i] = mpfr_get_flt(s.y.get(), MPFR_RNDN);
    }
  }

  // Inputs lo < i < hi, with lo and hi settled, all finite, non-zero and of one sign: filled if the
  // ends agree (the function is monotone there), else split at the middle.
  // NOLINTNEXTLINE(misc-no-recursion): each call halves hi − lo, at most log2 of a chunk deep.
  void bisect(const std::vector<float>& x, std::size_t lo, std::size_t hi, result& r,
              scratch& s) const {
    if (hi - lo < 2) return;
    if (bits_of(s.correct[lo]) == bits_of(s.correct[hi])) {
      std::fill(s.correct.begin() + static_cast<std::ptrdiff_t>(lo + 1),
                s.correct.begin() + static_cast<std::ptrdiff_t>(hi), s.correct[lo]);
      std::fill(s.state.begin() + static_cast<std::ptrdiff_t>(lo + 1),
                s.state.begin() + static_cast<std::ptrdiff_t>(hi), bounded);
      return;
    }
    if (hi - lo <= 16) {  // short: settling each costs less than splitting further
      settle(x, lo + 1, hi, r, s);
      return;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    settle(x, mid, mid + 1, r, s);
    bisect(x, lo, mid, r, s);
    bisect(x, mid, hi, r, s);
  }

  // s.correct for the chunk's first n inputs (none NaN); s.state says which have their reference.
  void settle_all(const std::vector<float>& x, std::size_t n, result& r, scratch& s) const {
    s.correct.resize(n);
    s.reference.resize(n);
    s.state.assign(n, open);
    // Finite and non-zero: 1 ≤ |bits| < the bits of ∞.
    const auto bracketed = [](float v) { return (bits_of(v) & 0x7fffffffu) - 1 < 0x7f7fffffu; };
    // A chunk lies within one exponent: only its first input can be ±0 or ±∞. Where the rest are
    // all finite and non-zero (a count the compiler vectorises), they form one run.
    std::size_t outside = 0;
    for (std::size_t i = 1; i < n; ++i) outside += static_cast<std::size_t>(!bracketed(x[i]));
    if (outside == 0 && n > 1) {
      std::size_t i = 0;
      if (!bracketed(x[0])) settle(x, i++, 1, r, s);
      settle(x, i, i + 1, r, s);
      if (n - 1 > i) settle(x, n - 1, n, r, s);
      bisect(x, i, n - 1, r, s);
      return;
    }
    for (std::size_t i = 0; i < n;) {
      if (!bracketed(x[i])) {
        settle(x, i, i + 1, r, s);
        ++i;
      } else {
        std::size_t last = i;
        while (last + 1 < n && bracketed(x[last + 1])) ++last;
        settle(x, i, i + 1, r, s);
        if (last > i) settle(x, last, last + 1, r, s);
        bisect(x, i, last, r, s);
        i = last + 1;
      }
    }
  }

  // Every path's results at the chunk's inputs of one sign (s.in[side]), checked; first_visit is
  // the index of the first among all inputs swept.
  void evaluate(int side, std::uint32_t first_visit, result& r, scratch& s) const {
    const std::vector<float>& x = s.in[side];
    std::vector<std::vector<float>>& got = s.got[side];
    const std::size_t n = x.size();
    const bool finite = std::isfinite(x.front());  // one exponent per chunk
    got.resize(paths());
    for (std::vector<float>& g : got) g.resize(n);

    std::feclearexcept(FE_ALL_EXCEPT);
    for (std::size_t i = 0; i < n; ++i) got[0][i] = scalar_call<D>(f_, x[i]);
    if (finite && raised_invalid_flags()) {
      r.paths[0].broken.note(r.paths[0].broken.flags, "floating-point exception raised", x.front());
    }
    {
      const std::scoped_lock hold(arrays_->selecting);
      for (std::size_t k = 0; k < arrays_->sets.size(); ++k) {
        const activ_test::array_isa_scope use(arrays_->sets[k]);
        std::feclearexcept(FE_ALL_EXCEPT);
        span_call<D>(f_, x, got[1 + k]);
        if (finite && raised_invalid_flags()) {
          violations& broken = r.paths[1 + k].broken;
          broken.note(broken.flags, "floating-point exception raised", x.front());
        }
      }
    }

    // NaNs, if any, end the chunk: ∞ is the lowest pattern of its exponent.
    const std::size_t m = static_cast<std::size_t>(
        std::find_if(x.begin(), x.end(), [](float v) { return std::isnan(v); }) - x.begin());
    settle_all(x, m, r, s);
    // The scalar members first. A path that returns their bits at every input of the chunk has
    // their findings, which are then not measured again.
    double seen = r.paths[0].accuracy.worst;
    for (const path_result& path : r.paths) seen = std::min(seen, path.accuracy.worst);
    const path_result scalar = check_path(x, m, got[0], seen, s);
    r.paths[0].merge(scalar);
    s.same_as_scalar[side].assign(paths(), true);
    for (std::size_t p = 1; p < paths(); ++p) {
      s.same_as_scalar[side][p] = differences(got[p], got[0]) == 0;
      r.paths[p].merge(s.same_as_scalar[side][p]
                           ? scalar
                           : check_path(x, m, got[p], r.paths[p].accuracy.worst, s));
    }
    // One input in 16 of those swept: every 16th bit pattern of a full sweep.
    for (std::size_t i = (textbook_sample_mask + 1 - (first_visit & textbook_sample_mask)) &
                         textbook_sample_mask;
         i < m; i += textbook_sample_mask + 1) {
      const float textbook = forms_.textbook(x[i], alpha_);
      ++r.textbook.count;
      const bool rounded_correctly = bits_of(textbook) == bits_of(s.correct[i]);
      if (!rounded_correctly || r.textbook.worst < 0.4999) {
        r.textbook.add_one(x[i], textbook, rounded_correctly, reference_at(x, i, s));
      }
    }
  }

  // One path's results `out` at the inputs x (the first m not NaN, s.correct settled): their
  // errors, NaN propagation, range and monotonicity within the chunk. `seen` is the worst error
  // already seen, which tells what need not be measured.
  path_result check_path(const std::vector<float>& x, std::size_t m, const std::vector<float>& out,
                         double seen, scratch& s) const {
    path_result found;
    violations& broken = found.broken;
    for (std::size_t i = m; i < x.size(); ++i) {
      if (!std::isnan(out[i])) broken.note(broken.nan, "NaN in, not NaN out", x[i]);
    }
    found.accuracy.seen = seen;
    const std::span<const float> in(x.data(), m);
    found.accuracy.add(in, std::span<const float>(out.data(), m),
                       std::span<const float>(s.correct.data(), m),
                       std::span<const unsigned char>(s.state.data(), m),
                       std::span<const double>(s.reference.data(), m),
                       [&](std::size_t i) { return reference_at(x, i, s); });
    std::size_t out_of_range = 0;
    for (std::size_t i = 0; i < m; ++i) {
      out_of_range += static_cast<std::size_t>(!forms_.in_range(out[i], alpha_));
    }
    for (std::size_t i = 0; out_of_range != 0 && i < m; ++i) {
      if (!forms_.in_range(out[i], alpha_)) broken.note(broken.range, "result out of range", x[i]);
    }
    if (forms_.monotone && D == direction::forward) {
      // Ascending bit patterns run up in x for positive floats and down for negative ones.
      const bool negative = std::signbit(x.front());
      const auto disordered = [&](std::size_t i) {
        return negative ? out[i] > out[i - 1] : out[i] < out[i - 1];
      };
      std::size_t count = 0;
      for (std::size_t i = 1; i < m; ++i) count += static_cast<std::size_t>(disordered(i));
      for (std::size_t i = 1; count != 0 && i < m; ++i) {
        if (disordered(i)) broken.note(broken.monotone, "not monotone", x[i]);
      }
    }
    return found;
  }

  // Path p's results at the chunk's inputs against those at their negations.
  void check_symmetry(std::size_t p, const scratch& s, violations& broken) const {
    const std::vector<float>& x = s.in[0];
    const std::vector<float>& pos_out = s.got[0][p];
    const std::vector<float>& neg_out = s.got[1][p];
    if (forms_.name == "tanh" && D == direction::forward) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i]) && !same_result(neg_out[i], -pos_out[i])) {
          broken.note(broken.symmetry, "tanh(-x) != -tanh(x)", x[i]);
        }
      }
    }
    if (forms_.name == "sigmoid" && D == direction::forward) {
      // σ(x) + σ(−x) = 1 up to the error of each: ½ ULP for the scalar members, 1 for the span
      // members. A result within 1 ULP of y may lie just below a power of two that y is above,
      // where the spacing is half y's: the spacing above the result bounds ulp(y) in every case.
      const double bound = p == 0 ? 0.5 : 1.0;
      const auto ulp_bound = [p](float v) {
        return ulp_at(static_cast<double>(p == 0 ? v : float_of(bits_of(v) + 1)));
      };
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        const float a = pos_out[i], b = neg_out[i];
        // Exact: a − 1 is exact (Sterbenz, 0 ≤ a ≤ 1), and so is adding b ≤ 1 in double.
        const double gap = std::fabs((static_cast<double>(a) - 1.0) + static_cast<double>(b));
        if (!(gap <= bound * (ulp_bound(a) + ulp_bound(b)) * (1 + 1e-9))) {
          broken.note(broken.symmetry, "sigmoid(-x) != 1 - sigmoid(x)", x[i]);
        }
      }
    }
  }

  F f_;
  std::uint32_t stride_;
  array_paths* arrays_;
  float alpha_ = 0;
};

// Runs one checker over all chunks of the positive half (each with its negative twin) on
// `threads` threads. Monotonicity across chunk boundaries is checked apart
// (boundary_violations).
template <class Checker>
result sweep(const Checker& c, unsigned threads) {
  std::atomic<std::uint32_t> next{0};
  constexpr std::uint32_t chunks = 0x80000000u / chunk_size;
  std::vector<result> partial(threads, result(c.paths()));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      scratch s;
      for (std::uint32_t k = next++; k < chunks; k = next++)
        c.run_chunk(k * chunk_size, partial[t], s);
      mpfr_free_cache();
    });
  }
  for (auto& th : pool) th.join();
  result all(c.paths());
  for (const auto& p : partial) all.merge(p);
  return all;
}

// Monotonicity across chunk boundaries, per path: the first pattern of each chunk against the last
// of the one before, on both signs.
template <direction D, class F>
void boundary_violations(const F& f, std::uint32_t stride, const array_paths& arrays, result& r) {
  std::vector<float> before, after;
  for (std::uint32_t k = 1; k < 0x80000000u / chunk_size; ++k) {
    const std::uint32_t last = k * chunk_size - stride;
    for (const std::uint32_t sign : {0u, 0x80000000u}) {
      const float b = float_of(last | sign), a = float_of((k * chunk_size) | sign);
      if (std::isnan(b) || std::isnan(a)) continue;
      before.push_back(b);
      after.push_back(a);
    }
  }
  std::vector<float> yb(before.size()), ya(after.size());
  for (std::size_t p = 0; p < r.paths.size(); ++p) {
    if (p == 0) {
      for (std::size_t i = 0; i < before.size(); ++i) {
        yb[i] = scalar_call<D>(f, before[i]);
        ya[i] = scalar_call<D>(f, after[i]);
      }
    } else {
      const activ_test::array_isa_scope use(arrays.sets[p - 1]);
      span_call<D>(f, before, yb);
      span_call<D>(f, after, ya);
    }
    violations& broken = r.paths[p].broken;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (std::signbit(before[i]) ? ya[i] > yb[i] : ya[i] < yb[i]) {
        broken.note(broken.monotone, "not monotone", after[i]);
      }
    }
  }
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

std::string describe(const violations& v) {
  if (v.total() == 0) return "none";
  char text[160];
  std::snprintf(
      text, sizeof text, "nan %llu, range %llu, monotone %llu, symmetry %llu, fp flags %llu",
      static_cast<unsigned long long>(v.nan), static_cast<unsigned long long>(v.range),
      static_cast<unsigned long long>(v.monotone), static_cast<unsigned long long>(v.symmetry),
      static_cast<unsigned long long>(v.flags));
  return text + (" — first: " + v.first + " at x = " + hex(v.first_x));
}

void print(const std::string& label, const std::string& path, const tally& t,
           const std::string& broken) {
  std::printf(
      "  %-28s %-13s worst %10.3f ulp at x = %-16s  not correctly rounded: %llu of %llu%s%s\n",
      label.c_str(), path.c_str(), t.worst, hex(t.worst_x).c_str(),
      static_cast<unsigned long long>(t.not_correctly_rounded),
      static_cast<unsigned long long>(t.count),
      broken.empty() ? "" : "; violations: ", broken.c_str());
}

template <direction D, const formulas& forms, class F>
void check_direction(const F& f, std::uint32_t stride, unsigned threads, array_paths& arrays,
                     totals& score) {
  std::string label = std::string(forms.name);
  if constexpr (requires { f.alpha(); }) {
    char text[32];
    std::snprintf(text, sizeof text, "(%g)", static_cast<double>(f.alpha()));
    label += text;
  }
  label += D == direction::forward ? " forward" : " derivative";
  result r = sweep(checker<F, D, forms>(f, stride, arrays), threads);
  if (forms.monotone && D == direction::forward) boundary_violations<D>(f, stride, arrays, r);
  for (std::size_t p = 0; p < r.paths.size(); ++p) {
    const path_result& path = r.paths[p];
    const std::string name =
        p == 0 ? "scalar" : std::string("span ") + activ::detail::simd::name(arrays.sets[p - 1]);
    print(label, name, path.accuracy, describe(path.broken));
    // The scalar members are correctly rounded; the span members within 1 ULP.
    score.check(p == 0 ? path.accuracy.not_correctly_rounded == 0 : path.accuracy.worst <= 1.0);
    score.check(path.broken.total() == 0);
  }
  print(label, "textbook", r.textbook, "");
  std::printf("  %-28s %llu inputs settled by MPFR\n", label.c_str(),
              static_cast<unsigned long long>(r.settled_by_mpfr));
  std::fflush(stdout);
}

template <const formulas& forward, const formulas& derivative, class F>
void check_activation(const F& f, std::uint32_t stride, unsigned threads, array_paths& arrays,
                      totals& score) {
  check_direction<direction::forward, forward>(f, stride, threads, arrays, score);
  check_direction<direction::derivative, derivative>(f, stride, threads, arrays, score);
}

}  // namespace

int run(int argc, char** argv) {
  std::string only, only_isa;
  std::uint32_t stride = 1;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view option = argv[i];
    if (option == "--only") {
      only = argv[i + 1];
    } else if (option == "--isa") {
      only_isa = argv[i + 1];
    } else if (option == "--stride") {
      stride = static_cast<std::uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
    } else if (option == "--threads") {
      threads = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "option %s needs a value\n", argv[argc - 1]);
    return 2;
  }
  if (stride == 0 || chunk_size % stride != 0) {
    std::fprintf(stderr, "--stride must divide %u\n", chunk_size);
    return 2;
  }
  if (!only.empty() && only != "sigmoid" && only != "tanh" && only != "relu" &&
      only != "leaky_relu" && only != "elu") {
    std::fprintf(stderr, "--only: no activation named %s\n", only.c_str());
    return 2;
  }

  // The span members on every instruction set this build and CPU can run, but the scalar loop,
  // which is the scalar members checked already; where there is no other, on that loop.
  array_paths arrays;
  const std::vector<isa> available = activ_test::available_array_isas();
  for (const isa set : available) {
    if (only_isa.empty() ? set != isa::scalar : only_isa == activ::detail::simd::name(set)) {
      arrays.sets.push_back(set);
    }
  }
  if (arrays.sets.empty()) {
    if (!only_isa.empty()) {
      std::fprintf(stderr, "--isa: %s is not available here; available:", only_isa.c_str());
      for (const isa set : available) std::fprintf(stderr, " %s", activ::detail::simd::name(set));
      std::fprintf(stderr, "\n");
      return 2;
    }
    arrays.sets.push_back(isa::scalar);
  }

  std::printf("float, %s of the 2^32 inputs, %u threads; span members on",
              stride == 1 ? "all" : ("every " + std::to_string(stride) + "th").c_str(), threads);
  for (const isa set : arrays.sets) std::printf(" %s", activ::detail::simd::name(set));
  std::printf("\n");

  totals score;
  const auto wanted = [&](std::string_view name) { return only.empty() || only == name; };
  if (wanted("sigmoid")) {
    check_activation<sigmoid_forward, sigmoid_derivative>(activ::sigmoid<float>{}, stride, threads,
                                                          arrays, score);
  }
  if (wanted("tanh")) {
    check_activation<tanh_forward, tanh_derivative>(activ::tanh<float>{}, stride, threads, arrays,
                                                    score);
  }
  if (wanted("relu")) {
    check_activation<relu_forward, relu_derivative>(activ::relu<float>{}, stride, threads, arrays,
                                                    score);
  }
  if (wanted("leaky_relu")) {
    for (const float alpha : {0.01f, 0.2f}) {
      check_activation<leaky_forward, leaky_derivative>(activ::leaky_relu<float>{alpha}, stride,
                                                        threads, arrays, score);
    }
  }
  if (wanted("elu")) {
    for (const float alpha : {1.0f, 0.5f}) {
      check_activation<elu_forward, elu_derivative>(activ::elu<float>{alpha}, stride, threads,
                                                    arrays, score);
    }
  }
  std::printf("%d passed, %d failed\n", score.passed, score.failed);
  return score.failed == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {  // std::bad_alloc, std::system_error from std::thread
    std::fprintf(stderr, "test_exhaustive: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "test_exhaustive: unknown exception\n");
  }
  return 2;
}
