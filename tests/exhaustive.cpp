// Exhaustive check of every float input: all 2^32 bit patterns, for every row of the test registry
// (tests/registry.hpp: each activation, each of its configurations, forward and derivative; a
// configuration that only changes a parameter's value over every 4th by default, see check_row),
// through the scalar members and through the span members on every instruction set this build
// and CPU can run (activ::detail::simd::isa: sse2, avx2_fma, avx512 on x86-64, portable
// elsewhere; the scalar loop is the scalar members, checked already).
//
// For each input the correctly rounded result is established independently of activ: the row's
// reference y in double, a closed form written from the mathematics rather than from activ's
// formula, within a few libm ULPs, far inside 2^−44 relative, of the exact value. Where the
// interval y ± 2^−44·|y| holds a rounding boundary between two floats, the rounding is decided by
// the row's MPFR form at 256 bits instead. The error of a result r is |r − y| / ulp(y), with
// ulp(y) the spacing of floats at y: 2^(max(⌊log2 |y|⌋, −126) − 23), and 2^−149 for y = 0.
//
// Not every input needs its own reference. Between two consecutive turning points of a row (and
// 0) its function is monotone, and the reals that round to one float form an interval. So where
// the correctly rounded results at two finite, non-zero inputs of one such piece are the same
// float c, every input between them rounds to c too. Each chunk's run of finite non-zero inputs is
// cut at the turning points inside it into pieces; the inputs on either side of a cut, and one
// that is the turning point itself, are settled on their own. Each piece is bisected: its two ends
// are settled as above, a range whose ends agree is filled with c, and any other range is split at
// its middle input, which is settled in turn. Without the cuts, a range whose ends straddle a
// minimum can agree at both ends and be filled with a value its inside does not have: the
// self-test (--self-test) plants an error there and shows that the sweep finds it with the cuts
// and misses it without. No input is settled twice, so where the result changes at every input
// this costs what one reference per input costs, and where it is flat (saturation, near 0, most of
// every function's range) a handful of references settle thousands of inputs. Exact zeros at
// x ≠ 0 are +0 in every row, so a range whose ends are both −0 (or both +0) holds no zero of the
// other sign. The references for the inputs inside such a range are computed only where an error
// has to be measured: a result that is not the correctly rounded one, or one whose error could
// raise the worst seen (a correctly rounded result inside a range has an error no larger than at
// the range's ends, which are measured themselves).
//
// Every path is compared with the same correctly rounded results, settled once per input, so a
// further instruction set costs its kernel's run and a few comparisons per input. Where a path
// returns the scalar members' bits at every input of a chunk, it inherits their findings there.
// The span members on the sets that have no kernel for a row's direction all run the same scalar
// loop (the dispatch falls through to it), which is run once for all of them.
//
// Checked, per row, configuration, direction and path:
//   - the scalar members are correctly rounded on every input;
//   - the span members, on each instruction set, are within the row's float_array bound on every
//     input; the fast tier's span members (activ::fast), on each set where they run a kernel of
//     their own, within the tier's 3 ULPs;
//   - NaN in gives NaN out; results stay in the row's range;
//   - a direction the row calls monotone is non-decreasing across consecutive floats (not the
//     fast tier, which does not promise it);
//   - an odd or even direction is so bit for bit (not the fast tier either); one with σ's symmetry
//   f(−x) = 1 − f(x) keeps it
//     to the bound of the path (½ ULP each for the scalar members, float_array for the span
//     members);
//   - no floating-point exception other than inexact and underflow is raised for finite inputs.
// The textbook formula of each row is measured beside it, for comparison only, on one input in 16
// of those swept (every 16th bit pattern of a full sweep).
//
// Usage: test_exhaustive [--only <row>] [--isa <set>] [--stride <k>] [--parameter-stride <k>]
//                        [--part <k>/<n>] [--threads <n>]
//        test_exhaustive --self-test [--isa <set>] [--threads <n>]
//   --only <row>                               one row of the registry (both directions, every
//                                              configuration)
//   --isa scalar|portable|sse2|avx2_fma|avx512 the span members on that instruction set only
//   --stride k                                 every k-th bit pattern only (k a power of two up to
//                                              2048), for a quick look
//   --parameter-stride k                       every k-th for the configurations that only change
//                                              a parameter's value (default 4; see check_row)
//   --part k/n                                 every n-th chunk of 4096 inputs from the k-th on,
//                                              so that each part holds its share of every range
//                                              (CTest runs each row's full sweep in two parts)
//   --self-test                                the planted error, with and without the cuts
// Prints one line per row, configuration, direction and path ("scalar", "span <set>", "fast <set>"
// and "textbook"), with the worst error, where, the count not correctly rounded and the property
// violations, then "N passed, M failed"; exits non-zero on any failure. "Settled by MPFR" counts
// the inputs whose reference could not decide the rounding among those that needed one.

#include <activ/activ.hpp>

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cfenv>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "registry.hpp"
#include "support.hpp"

namespace {

using activ::detail::simd::direction;
using activ::detail::simd::isa;
using activ_test::symmetry;
namespace mp = activ_test::mpfr;

constexpr double reference_error = 0x1p-44;  // relative, what the double references may be off
// A chunk is 2^12 inputs, every stride-th of 2^12·stride bit patterns of one sign: its buffers
// (every path's results, the references) stay in the core's own caches through the several passes
// made over them, and its patterns lie within one exponent (2^23 patterns) for strides up to 2^11.
constexpr std::uint32_t chunk_size = std::uint32_t{1} << 12;
constexpr std::uint32_t max_stride = std::uint32_t{1} << 11;
// The textbook formulas, measured for comparison only, see one input in 16 (bit patterns ≡ 0 mod
// 16).
constexpr std::uint32_t textbook_sample_mask = 15;

// ---------------------------------------------------------------------------------------------
// Floats as bit patterns.

std::uint32_t bits_of(float x) { return std::bit_cast<std::uint32_t>(x); }
float float_of(std::uint32_t b) { return std::bit_cast<float>(b); }

// How many of a[i], b[i] differ in their bits (a loop the compiler vectorises).
std::uint32_t differences(std::span<const float> a, std::span<const float> b) {
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    count += static_cast<std::uint32_t>(bits_of(a[i]) != bits_of(b[i]));
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

// Sets c[i] to the float nearest the exact value and says whether y[i], within reference_error of
// it, decides that rounding: every point of y ± 2·reference_error·|y| rounds to the same float.
// The factor 2 covers |y| against the exact value's magnitude and the roundings of y ± tolerance
// (each within 2^−53·|y|), so the exact value lies inside the interval that was checked. Rounding
// is monotone, so its two ends suffice. y = ±0 and y = ±∞ are the references' exact limits.
// Returns how many are undecided, with decided[i] = 0 for those.
std::uint32_t decide_roundings(std::span<const double> y, std::span<float> c,
                               std::span<unsigned char> decided) {
  std::uint32_t undecided = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    c[i] = static_cast<float>(y[i]);
    // A float y (±0, ±∞ and every exact result) is decided at once, and the tolerance is
    // computed only for finite y: no ∞ − ∞ raises the invalid flag.
    bool ok = equal(static_cast<double>(c[i]), y[i]);
    if (!ok) {
      const double tolerance = std::fabs(y[i]) * (2 * reference_error);
      ok = bits_of(static_cast<float>(y[i] - tolerance)) == bits_of(c[i]) &&
           bits_of(static_cast<float>(y[i] + tolerance)) == bits_of(c[i]);
    }
    decided[i] = static_cast<unsigned char>(ok);
    undecided += static_cast<std::uint32_t>(!ok);
  }
  return undecided;
}

// ---------------------------------------------------------------------------------------------
// Per row, configuration, direction and path: what was seen.

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
    std::uint32_t attention = 0;
    if (measure_all) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        // Bitwise operators rather than && and ||: no branches, so the loop vectorises.
        const auto g = static_cast<double>(got[i]);
        const bool has_reference = state[i] == settled;
        const bool below = g<known[i], above = g> known[i];
        const bool wrong = bits_of(got[i]) != bits_of(correct[i]);
        attention += static_cast<std::uint32_t>(wrong | (has_reference & (below | above)));
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
  std::uint64_t nan = 0, range = 0, monotone = 0, symmetry = 0, flags = 0, zero_sign = 0;
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
    zero_sign += o.zero_sign;
    if (first.empty()) {
      first = o.first;
      first_x = o.first_x;
    }
  }
  [[nodiscard]] std::uint64_t total() const {
    return nan + range + monotone + symmetry + flags + zero_sign;
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
  std::uint64_t settled_by_series = 0;
  explicit result(std::size_t path_count = 0) : paths(path_count) {}
  void merge(const result& o) {
    paths.resize(std::max(paths.size(), o.paths.size()));
    for (std::size_t p = 0; p < o.paths.size(); ++p) paths[p].merge(o.paths[p]);
    textbook.merge(o.textbook);
    settled_by_mpfr += o.settled_by_mpfr;
    settled_by_series += o.settled_by_series;
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
void span_call(const F& f, std::span<const float> in, std::span<float> out, bool fast = false) {
  if constexpr (D == direction::forward) {
    fast ? f.forward(activ::fast, in, out) : f.forward(in, out);
  } else {
    fast ? f.derivative(activ::fast, in, out) : f.derivative(in, out);
  }
}

// The span members' instruction sets under test. The set is a process-wide selection: a thread
// runs the span members while the set it needs is the one selected, which any number of threads
// share, and waits while others run under another set (the kernels are a quarter of a chunk's work
// at most, and the threads, all asking for the sets in one order, mostly ask for the same one).
class array_paths {
 public:
  std::vector<isa> sets;

  // The selection of one set, shared, for the lifetime of the object.
  class use {
   public:
    use(array_paths& paths, isa set) : paths_(paths) {
      std::unique_lock hold(paths_.lock_);
      paths_.released_.wait(hold, [&] { return paths_.users_ == 0 || paths_.current_ == set; });
      if (paths_.users_++ == 0) {
        activ::detail::simd::select(set);
        paths_.current_ = set;
      }
    }
    use(const use&) = delete;
    use& operator=(const use&) = delete;
    use(use&&) = delete;
    use& operator=(use&&) = delete;
    ~use() {
      const std::scoped_lock hold(paths_.lock_);
      if (--paths_.users_ == 0) paths_.released_.notify_all();
    }

   private:
    array_paths& paths_;
  };

 private:
  std::mutex lock_;
  std::condition_variable released_;
  isa current_ = isa::scalar;
  int users_ = 0;
};

// One chunk's inputs: the bit patterns first, first + stride, ..., and the same with the sign
// flipped, which the symmetry checks compare; first_visit is the index of the first among all
// inputs swept.
struct chunk_inputs {
  std::vector<float> x[2];
  std::uint32_t first_visit = 0;

  void fill(std::uint32_t first, std::uint32_t stride) {
    for (std::vector<float>& side : x) side.resize(chunk_size);
    for (std::uint32_t i = 0; i < chunk_size; ++i) {
      x[0][i] = float_of(first + i * stride);
      x[1][i] = float_of((first + i * stride) ^ 0x80000000u);
    }
    first_visit = first / stride;
  }
};

// The chunks a sweep runs: first, first + step, first + 2·step, ... below end.
struct chunk_range {
  std::uint32_t first = 0;
  std::uint32_t step = 1;
  std::uint32_t end = 0;
};

// Per-thread scratch, reused chunk after chunk and row after row: the MPFR fallback's variables
// and the buffers of one chunk and direction.
struct scratch {
  mp::mp x, y;
  std::vector<std::vector<float>> got[2];  // per sign and buffer: the results at the inputs
  std::vector<char> same_as_scalar[2];     // per sign and buffer: got[side][b] == got[side][0]
  std::vector<path_result> found;          // per buffer, for the chunk being checked
  std::vector<float> correct;
  std::vector<double> reference;  // y per input, where known
  std::vector<unsigned char> state;
  std::vector<unsigned char> decided;  // settle's, per input it settles
};

// Not NaN where the input is finite: the flags other than inexact and underflow, and overflow
// unless a result is infinite (selu(x) = scale·x passes the largest float near it, as IEEE says it
// should; whether an infinite result is the correctly rounded one is checked with the rest).
bool raised_invalid_flags(std::span<const float> results) {
  if (std::fetestexcept(FE_INVALID | FE_DIVBYZERO) != 0) return true;
  return std::fetestexcept(FE_OVERFLOW) != 0 &&
         std::none_of(results.begin(), results.end(), [](float y) { return std::isinf(y); });
}

// One configuration and direction of a row, swept chunk by chunk.
class sweep_unit {
 public:
  sweep_unit() = default;
  sweep_unit(const sweep_unit&) = delete;
  sweep_unit& operator=(const sweep_unit&) = delete;
  sweep_unit(sweep_unit&&) = delete;
  sweep_unit& operator=(sweep_unit&&) = delete;
  virtual ~sweep_unit() = default;

  [[nodiscard]] virtual const std::string& label() const = 0;
  // Path 0 is the scalar members, path 1 + k the span members on the k-th instruction set, and
  // the paths after those the fast tier's span members on each set with a fast kernel.
  [[nodiscard]] virtual std::size_t paths() const = 0;
  // The path's name in the report, and the worst error it may have (path > 0).
  [[nodiscard]] virtual std::string path_name(std::size_t path) const = 0;
  [[nodiscard]] virtual double path_bound(std::size_t path) const = 0;
  // The instruction sets without a kernel for this direction (their span members run the scalar
  // loop), for the report.
  [[nodiscard]] virtual std::string without_kernel() const = 0;
  virtual void run_chunk(const chunk_inputs& in, result& r, scratch& s) const = 0;
  // Monotonicity across the boundaries below the chunks swept (in the positive half, and their
  // negative twins), where the direction is monotone.
  virtual void check_boundaries(std::uint32_t stride, chunk_range range, result& r) const = 0;
};

// Functor type F, direction D and the row's direction Dir (references, range, turning points, ...)
// are template arguments so that the per-input work inlines (a full sweep makes 2^32 passes per
// configuration and direction).
//
// Each input's correctly rounded result (and its reference, where one is needed) is established
// once, and every path's result is compared with it: a further instruction set costs its kernel's
// run and a few comparisons per input, not another reference.
template <class F, direction D, class Dir>
class checker final : public sweep_unit {
 public:
  // `turning` is where the pieces that the bisection takes as monotone are cut: the row's
  // turning points, or (in the self-test) a list that leaves some out.
  checker(F f, std::vector<double> turning, std::string label, array_paths& arrays)
      : f_(f), turning_(std::move(turning)), label_(std::move(label)), arrays_(&arrays) {
    std::sort(turning_.begin(), turning_.end());
    // One run per set with a kernel; one run of the scalar loop for all the sets without.
    for (std::size_t k = 0; k < arrays.sets.size(); ++k) {
      const bool kernel = activ::detail::simd::has_kernel<F, D>(arrays.sets[k]);
      if (!kernel && shared_ == 0) {
        runs_.push_back({isa::scalar, activ::detail::simd::has_kernels<F>, false, {}});
        shared_ = runs_.size();
      }
      span_run& run = kernel ? runs_.emplace_back(span_run{arrays.sets[k], true, false, {}})
                             : runs_[shared_ - 1];
      run.paths.push_back(1 + k);
    }
    // The fast tier where a set has a kernel of its own for it; elsewhere it runs the precise
    // kernel, swept above.
    for (const isa set : arrays.sets) {
      if (!activ::detail::simd::has_fast_kernel<F, D>(set)) continue;
      fast_sets_.push_back(set);
      runs_.push_back({set, true, true, {1 + arrays.sets.size() + fast_sets_.size() - 1}});
    }
  }

  [[nodiscard]] const std::string& label() const override { return label_; }
  [[nodiscard]] std::size_t paths() const override {
    return 1 + arrays_->sets.size() + fast_sets_.size();
  }
  [[nodiscard]] std::string path_name(std::size_t path) const override {
    if (path == 0) return "scalar";
    if (is_fast(path)) return std::string("fast ") + activ::detail::simd::name(set_of(path));
    return std::string("span ") + activ::detail::simd::name(set_of(path));
  }
  [[nodiscard]] double path_bound(std::size_t path) const override {
    return is_fast(path) ? activ_test::fast_tier_bound : Dir::error.float_array;
  }
  [[nodiscard]] std::string without_kernel() const override {
    std::string sets;
    if (shared_ == 0) return sets;
    for (const std::size_t p : runs_[shared_ - 1].paths) {
      if (!sets.empty()) sets += ' ';
      sets += activ::detail::simd::name(set_of(p));
    }
    return sets;
  }

  void run_chunk(const chunk_inputs& in, result& r, scratch& s) const override {
    evaluate(0, in, r, s);
    evaluate(1, in, r, s);
    violations scalar_broken;
    check_symmetry(0, in, s, scalar_broken);
    r.paths[0].broken.merge(scalar_broken);
    // A span path that gave the scalar members' bits on both signs passed where they did: the
    // logistic symmetry's bound for it is float_array, no tighter than their ½ in every row.
    const bool inherits = scalar_broken.symmetry == 0 &&
                          (Dir::shape != symmetry::logistic || Dir::error.float_array >= 0.5);
    for (std::size_t b = 1; b <= runs_.size(); ++b) {
      if (runs_[b - 1].fast) continue;  // the fast tier does not promise the symmetries
      if (inherits && s.same_as_scalar[0][b] != 0 && s.same_as_scalar[1][b] != 0) continue;
      violations broken;
      check_symmetry(b, in, s, broken);
      for (const std::size_t p : runs_[b - 1].paths) r.paths[p].broken.merge(broken);
    }
  }

  void check_boundaries(std::uint32_t stride, chunk_range range, result& r) const override {
    if (!Dir::monotone) return;
    std::vector<float> before, after;
    const std::uint32_t span = chunk_size * stride;
    // The boundary below each chunk of the range but the first of all: in a part of a sweep
    // (--part) every boundary is the one below a chunk of exactly one part.
    for (std::uint32_t k = range.first; k < range.end; k += range.step) {
      if (k == 0) continue;
      const std::uint32_t last = k * span - stride;
      for (const std::uint32_t sign : {0u, 0x80000000u}) {
        const float b = float_of(last | sign), a = float_of((k * span) | sign);
        if (std::isnan(b) || std::isnan(a)) continue;
        before.push_back(b);
        after.push_back(a);
      }
    }
    std::vector<float> yb(before.size()), ya(after.size());
    for (std::size_t p = 0; p < r.paths.size(); ++p) {
      if (is_fast(p)) continue;  // the fast tier does not promise monotonicity
      if (p == 0) {
        for (std::size_t i = 0; i < before.size(); ++i) {
          yb[i] = scalar_call<D>(f_, before[i]);
          ya[i] = scalar_call<D>(f_, after[i]);
        }
      } else {
        const activ_test::array_isa_scope use(set_of(p));
        span_call<D>(f_, before, yb);
        span_call<D>(f_, after, ya);
      }
      violations& broken = r.paths[p].broken;
      for (std::size_t i = 0; i < before.size(); ++i) {
        if (std::signbit(before[i]) ? ya[i] > yb[i] : ya[i] < yb[i]) {
          broken.note(broken.monotone, "not monotone", after[i]);
        }
      }
    }
  }

 private:
  // The span members' runs: on one instruction set with a kernel, or the scalar loop that every
  // set without one runs (under isa::scalar where F has kernels on other sets or in the other
  // direction, else with no selection at all). Buffer 1 + r holds run r's results.
  struct span_run {
    isa set = isa::scalar;
    bool select = false;
    bool fast = false;  // the fast tier's kernel
    std::vector<std::size_t> paths;
  };

  [[nodiscard]] bool is_fast(std::size_t path) const { return path > arrays_->sets.size(); }
  [[nodiscard]] isa set_of(std::size_t path) const {
    return is_fast(path) ? fast_sets_[path - 1 - arrays_->sets.size()] : arrays_->sets[path - 1];
  }

  // The reference at x[i], computed once.
  double reference_at(const std::vector<float>& x, std::size_t i, scratch& s) const {
    if (s.state[i] != settled) {
      s.reference[i] = Dir::template reference<double>(static_cast<double>(x[i]), f_);
      s.state[i] = settled;
    }
    return s.reference[i];
  }

  // The correctly rounded results at x[first], ..., x[last − 1], from their references or, where
  // those cannot decide, MPFR. Each loop is free of branches, so that the inputs overlap.
  void settle(const std::vector<float>& x, std::size_t first, std::size_t last, result& r,
              scratch& s) const {
    for (std::size_t i = first; i < last; ++i) {
      s.reference[i] = Dir::template reference<double>(static_cast<double>(x[i]), f_);
      s.state[i] = settled;
    }
    const std::size_t n = last - first;
    s.decided.resize(std::max(s.decided.size(), n));
    std::uint32_t undecided =
        decide_roundings(std::span<const double>(s.reference.data() + first, n),
                         std::span<float>(s.correct.data() + first, n), s.decided);
    for (std::size_t i = first; undecided != 0 && i < last; ++i) {
      if (s.decided[i - first] != 0) continue;
      --undecided;
      if constexpr (requires { Dir::tie_side(x[i], s.reference[i], f_); }) {
        if (const float c = by_series(x[i], s.reference[i]); !std::isnan(c)) {
          s.correct[i] = c;
          ++r.settled_by_series;
          continue;
        }
      }
      ++r.settled_by_mpfr;
      mp::set_exact(s.x.get(), x[i]);
      Dir::exact(s.y.get(), s.x.get(), f_);
      s.correct[i] = mpfr_get_flt(s.y.get(), MPFR_RNDN);
    }
  }

  // Near 0 a row's reference can land exactly on a midpoint between two floats (gelu(x) = x/2 +
  // x²/√(2π) + …, where x²/√(2π) is far below double's last bit of x/2, and x/2 is a midpoint for
  // every odd x whose half is subnormal: 2^24 inputs), and the row's tie_side says on which side of
  // it the exact value lies, from the sign of the series' next term; MPFR would settle the same
  // rounding at some microseconds each. The correctly rounded float on that side, or NaN where y is
  // no midpoint or the row cannot say.
  float by_series(float x, double y) const {
    const auto nearest = static_cast<float>(y);
    const bool nearest_below = static_cast<double>(nearest) < y;
    const float other =
        std::nextafter(nearest, nearest_below ? std::numeric_limits<float>::infinity()
                                              : -std::numeric_limits<float>::infinity());
    if (!equal(static_cast<double>(nearest) + static_cast<double>(other), 2 * y)) {
      return std::numeric_limits<float>::quiet_NaN();
    }
    const int side = Dir::tie_side(x, y, f_);
    if (side == 0) return std::numeric_limits<float>::quiet_NaN();
    return (side > 0) == nearest_below ? other : nearest;
  }

  // Inputs lo < i < hi, with lo and hi settled, all finite, non-zero, of one sign and within one
  // piece: filled if the ends agree (the function is monotone there), else split at the middle.
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

  // One monotone piece, inputs first..last (inclusive): its ends settled, its inside bisected.
  void settle_piece(const std::vector<float>& x, std::size_t first, std::size_t last, result& r,
                    scratch& s) const {
    settle(x, first, first + 1, r, s);
    if (last > first) settle(x, last, last + 1, r, s);
    bisect(x, first, last, r, s);
  }

  // A run of finite, non-zero inputs of one sign, first..last (inclusive), cut at every turning
  // point that falls inside it: the pieces between the cuts are monotone. An input equal to a
  // turning point may belong to either side of a jump there, and is settled alone.
  void settle_run(const std::vector<float>& x, std::size_t first, std::size_t last, result& r,
                  scratch& s) const {
    // Bit patterns ascend: up in x for positive floats, down for negative ones.
    const bool negative = std::signbit(x[first]);
    const auto before = [negative](float v, double t) {
      return negative ? static_cast<double>(v) > t : static_cast<double>(v) < t;
    };
    std::size_t lo = first;
    const auto cut = [&](double t) {
      if ((t < 0) != negative || !(t < 0 || t > 0)) return;
      const auto begin = x.begin() + static_cast<std::ptrdiff_t>(lo);
      const auto end = x.begin() + static_cast<std::ptrdiff_t>(last + 1);
      const auto at = static_cast<std::size_t>(
          std::partition_point(begin, end, [&](float v) { return before(v, t); }) - x.begin());
      if (at > lo) settle_piece(x, lo, at - 1, r, s);
      lo = at;
      if (lo <= last && equal(static_cast<double>(x[lo]), t)) {
        settle(x, lo, lo + 1, r, s);
        ++lo;
      }
    };
    // In the order the inputs meet them.
    if (negative) {
      std::for_each(turning_.rbegin(), turning_.rend(), cut);
    } else {
      std::for_each(turning_.begin(), turning_.end(), cut);
    }
    if (lo <= last) settle_piece(x, lo, last, r, s);
  }

  // s.correct for the chunk's first n inputs (none NaN); s.state says which have their reference.
  void settle_all(const std::vector<float>& x, std::size_t n, result& r, scratch& s) const {
    s.correct.resize(n);
    s.reference.resize(n);
    s.state.assign(n, open);
    // Finite and non-zero: 1 ≤ |bits| < the bits of ∞.
    const auto bracketed = [](float v) { return (bits_of(v) & 0x7fffffffu) - 1 < 0x7f7fffffu; };
    // A chunk lies within one exponent: only its first input can be ±0 or ±∞, and the rest form
    // one run.
    if (n == 0) return;
    std::size_t i = 0;
    if (!bracketed(x[0])) settle(x, i++, 1, r, s);
    if (i < n) settle_run(x, i, n - 1, r, s);
  }

  // Every path's results at the chunk's inputs of one sign, checked.
  void evaluate(int side, const chunk_inputs& in, result& r, scratch& s) const {
    const std::vector<float>& x = in.x[side];
    std::vector<std::vector<float>>& got = s.got[side];
    const std::size_t n = x.size();
    const bool finite = std::isfinite(x.front());  // one exponent per chunk
    got.resize(1 + runs_.size());
    for (std::vector<float>& g : got) g.resize(n);

    std::feclearexcept(FE_ALL_EXCEPT);
    for (std::size_t i = 0; i < n; ++i) got[0][i] = scalar_call<D>(f_, x[i]);
    if (finite && raised_invalid_flags(got[0])) {
      r.paths[0].broken.note(r.paths[0].broken.flags, "floating-point exception raised", x.front());
    }
    for (std::size_t k = 0; k < runs_.size(); ++k) {
      std::optional<array_paths::use> selected;
      if (runs_[k].select) selected.emplace(*arrays_, runs_[k].set);
      std::feclearexcept(FE_ALL_EXCEPT);
      span_call<D>(f_, x, got[1 + k], runs_[k].fast);
      if (finite && raised_invalid_flags(got[1 + k])) {
        for (const std::size_t p : runs_[k].paths) {
          violations& broken = r.paths[p].broken;
          broken.note(broken.flags, "floating-point exception raised", x.front());
        }
      }
    }

    // NaNs, if any, end the chunk: ∞ is the lowest pattern of its exponent.
    const std::size_t m = static_cast<std::size_t>(
        std::find_if(x.begin(), x.end(), [](float v) { return std::isnan(v); }) - x.begin());
    settle_all(x, m, r, s);
    // The scalar members first. A run that returns their bits at every input of the chunk has
    // their findings, which are then not measured again.
    double seen = r.paths[0].accuracy.worst;
    for (const path_result& path : r.paths) seen = std::min(seen, path.accuracy.worst);
    s.found.resize(1 + runs_.size());
    s.found[0] = check_path(x, m, got[0], seen, s);
    r.paths[0].merge(s.found[0]);
    s.same_as_scalar[side].assign(1 + runs_.size(), 1);
    for (std::size_t b = 1; b <= runs_.size(); ++b) {
      const span_run& run = runs_[b - 1];
      s.same_as_scalar[side][b] = static_cast<char>(differences(got[b], got[0]) == 0);
      if (s.same_as_scalar[side][b] != 0) {
        for (const std::size_t p : run.paths) r.paths[p].merge(s.found[0]);
        continue;
      }
      double worst = std::numeric_limits<double>::infinity();
      for (const std::size_t p : run.paths) worst = std::min(worst, r.paths[p].accuracy.worst);
      s.found[b] = check_path(x, m, got[b], worst, s, !run.fast);
      for (const std::size_t p : run.paths) r.paths[p].merge(s.found[b]);
    }
    // One input in 16 of those swept: every 16th bit pattern of a full sweep.
    for (std::size_t i = (textbook_sample_mask + 1 - (in.first_visit & textbook_sample_mask)) &
                         textbook_sample_mask;
         i < m; i += textbook_sample_mask + 1) {
      const float textbook = Dir::template textbook<float>(x[i], f_);
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
                         double seen, scratch& s, bool check_monotone = true) const {
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
    // A zero result must have the correctly rounded zero's sign: the error, a distance, cannot
    // tell −0 from +0.
    std::uint32_t wrong_zeros = 0;
    const auto wrong_zero = [&](std::size_t i) {
      return (bits_of(out[i]) & 0x7fffffffu) == 0 && (bits_of(s.correct[i]) & 0x7fffffffu) == 0 &&
             bits_of(out[i]) != bits_of(s.correct[i]);
    };
    for (std::size_t i = 0; i < m; ++i) wrong_zeros += static_cast<std::uint32_t>(wrong_zero(i));
    for (std::size_t i = 0; wrong_zeros != 0 && i < m; ++i) {
      if (wrong_zero(i)) broken.note(broken.zero_sign, "zero of the wrong sign", x[i]);
    }
    std::uint32_t out_of_range = 0;
    for (std::size_t i = 0; i < m; ++i) {
      out_of_range += static_cast<std::uint32_t>(!Dir::in_range(out[i], f_));
    }
    for (std::size_t i = 0; out_of_range != 0 && i < m; ++i) {
      if (!Dir::in_range(out[i], f_)) broken.note(broken.range, "result out of range", x[i]);
    }
    if (Dir::monotone && check_monotone) {
      // Ascending bit patterns run up in x for positive floats and down for negative ones.
      const bool negative = std::signbit(x.front());
      const auto disordered = [&](std::size_t i) {
        return negative ? out[i] > out[i - 1] : out[i] < out[i - 1];
      };
      std::uint32_t count = 0;
      for (std::size_t i = 1; i < m; ++i) count += static_cast<std::uint32_t>(disordered(i));
      for (std::size_t i = 1; count != 0 && i < m; ++i) {
        if (disordered(i)) broken.note(broken.monotone, "not monotone", x[i]);
      }
    }
    return found;
  }

  // Buffer b's results at the chunk's inputs against those at their negations.
  void check_symmetry(std::size_t b, const chunk_inputs& in, const scratch& s,
                      violations& broken) const {
    const std::vector<float>& x = in.x[0];
    const std::vector<float>& pos_out = s.got[0][b];
    const std::vector<float>& neg_out = s.got[1][b];
    if constexpr (Dir::shape == symmetry::odd || Dir::shape == symmetry::even) {
      const std::uint32_t flip = Dir::shape == symmetry::odd ? 0x80000000u : 0u;
      const auto broken_at = [&](std::size_t i) {
        const bool number = !std::isnan(x[i]);
        const bool differ = bits_of(neg_out[i]) != (bits_of(pos_out[i]) ^ flip);
        return number && differ;
      };
      std::uint32_t count = 0;
      for (std::size_t i = 0; i < x.size(); ++i) count += static_cast<std::uint32_t>(broken_at(i));
      for (std::size_t i = 0; count != 0 && i < x.size(); ++i) {
        if (broken_at(i)) {
          broken.note(broken.symmetry,
                      Dir::shape == symmetry::odd ? "f(-x) != -f(x)" : "f(-x) != f(x)", x[i]);
        }
      }
    } else if constexpr (Dir::shape == symmetry::logistic) {
      // f(x) + f(−x) = 1 up to the error of each: ½ ULP for the scalar members, float_array for
      // the span members. A result within 1 ULP of y may lie just below a power of two that y is
      // above, where the spacing is half y's: the spacing above the result bounds ulp(y) in every
      // case.
      const double bound = b == 0 ? 0.5 : Dir::error.float_array;
      const auto ulp_bound = [b](float v) {
        return ulp_at(static_cast<double>(b == 0 ? v : float_of(bits_of(v) + 1)));
      };
      const auto broken_at = [&](std::size_t i) {
        const float p = pos_out[i], q = neg_out[i];
        // Exact: p − 1 is exact (Sterbenz, 0 ≤ p ≤ 1), and so is adding q ≤ 1 in double.
        const double gap = std::fabs((static_cast<double>(p) - 1.0) + static_cast<double>(q));
        const bool number = !std::isnan(x[i]);
        const bool beyond = !(gap <= bound * (ulp_bound(p) + ulp_bound(q)) * (1 + 1e-9));
        return number && beyond;
      };
      std::uint32_t count = 0;
      for (std::size_t i = 0; i < x.size(); ++i) count += static_cast<std::uint32_t>(broken_at(i));
      for (std::size_t i = 0; count != 0 && i < x.size(); ++i) {
        if (broken_at(i)) broken.note(broken.symmetry, "f(-x) != 1 - f(x)", x[i]);
      }
    }
  }

  F f_;
  std::vector<double> turning_;
  std::string label_;
  array_paths* arrays_;
  std::vector<span_run> runs_;
  std::vector<isa> fast_sets_;  // the sets with a fast kernel for this direction
  std::size_t shared_ = 0;  // 1 + the index of the run shared by the sets without a kernel, or 0
};

// Runs every unit over the chunks of `range` in the positive half (chunk k: the bit patterns
// from k·chunk_size·stride on, every stride-th; each with its negative twin) on `threads` threads,
// each chunk's inputs made once for all units. Monotonicity across chunk boundaries is checked
// apart (sweep_unit::check_boundaries).
std::vector<result> sweep(const std::vector<std::unique_ptr<sweep_unit>>& units,
                          std::uint32_t stride, unsigned threads, chunk_range range) {
  std::atomic<std::uint32_t> next{0};
  std::vector<std::vector<result>> partial(threads);
  for (std::vector<result>& p : partial) {
    for (const auto& unit : units) p.emplace_back(unit->paths());
  }
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      scratch s;
      chunk_inputs in;
      for (std::uint64_t k = range.first + std::uint64_t{next++} * range.step; k < range.end;
           k = range.first + std::uint64_t{next++} * range.step) {
        in.fill(static_cast<std::uint32_t>(k) * chunk_size * stride, stride);
        for (std::size_t u = 0; u < units.size(); ++u) units[u]->run_chunk(in, partial[t][u], s);
      }
      mpfr_free_cache();
    });
  }
  for (auto& th : pool) th.join();
  std::vector<result> all;
  for (std::size_t u = 0; u < units.size(); ++u) {
    all.emplace_back(units[u]->paths());
    for (const auto& p : partial) all.back().merge(p[u]);
    units[u]->check_boundaries(stride, range, all.back());
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// The report.

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
  char text[192];
  std::snprintf(
      text, sizeof text,
      "nan %llu, range %llu, monotone %llu, symmetry %llu, fp flags %llu, sign of zero %llu",
      static_cast<unsigned long long>(v.nan), static_cast<unsigned long long>(v.range),
      static_cast<unsigned long long>(v.monotone), static_cast<unsigned long long>(v.symmetry),
      static_cast<unsigned long long>(v.flags), static_cast<unsigned long long>(v.zero_sign));
  return text + (" — first: " + v.first + " at x = " + hex(v.first_x));
}

void print(const std::string& label, const std::string& path, const tally& t,
           const std::string& broken) {
  std::printf(
      "  %-32s %-13s worst %10.3f ulp at x = %-16s  not correctly rounded: %llu of %llu%s%s\n",
      label.c_str(), path.c_str(), t.worst, hex(t.worst_x).c_str(),
      static_cast<unsigned long long>(t.not_correctly_rounded),
      static_cast<unsigned long long>(t.count),
      broken.empty() ? "" : "; violations: ", broken.c_str());
}

void report(const sweep_unit& unit, const result& r, totals& score) {
  for (std::size_t p = 0; p < r.paths.size(); ++p) {
    const path_result& path = r.paths[p];
    print(unit.label(), unit.path_name(p), path.accuracy, describe(path.broken));
    // The scalar members are correctly rounded; the span members within the row's bound, the
    // fast tier's within its own.
    score.check(p == 0 ? path.accuracy.not_correctly_rounded == 0
                       : path.accuracy.worst <= unit.path_bound(p));
    score.check(path.broken.total() == 0);
  }
  print(unit.label(), "textbook", r.textbook, "");
  const std::string sets = unit.without_kernel();
  if (!sets.empty()) {
    std::printf("  %-32s no kernel on %s: the span members run the scalar loop\n",
                unit.label().c_str(), sets.c_str());
  }
  std::printf("  %-32s %llu inputs settled by MPFR, %llu by the row's series at a midpoint\n",
              unit.label().c_str(), static_cast<unsigned long long>(r.settled_by_mpfr),
              static_cast<unsigned long long>(r.settled_by_series));
  std::fflush(stdout);
}

// The configuration's parameters, as the functor's accessors give them.
template <class F>
std::string parameters(const F& f) {
  char text[64] = "";
  if constexpr (requires { f.alpha(); }) {
    std::snprintf(text, sizeof text, "(%g)", static_cast<double>(f.alpha()));
  } else if constexpr (requires { f.beta(); }) {
    std::snprintf(text, sizeof text, "(%g)", static_cast<double>(f.beta()));
  } else if constexpr (requires { f.min_val() + f.max_val(); }) {
    std::snprintf(text, sizeof text, "(%g, %g)", static_cast<double>(f.min_val()),
                  static_cast<double>(f.max_val()));
  }
  return text;
}

struct options {
  std::uint32_t stride = 1;
  std::uint32_t parameter_stride = 4;  // see check_row
  std::uint32_t part = 1;              // part `part` of `parts`: a share of the chunks
  std::uint32_t parts = 1;
  unsigned threads = 1;
};

// A row's configurations beyond its first that differ from it only in a parameter's value (ELU's
// α, softplus's β, hardtanh's bounds) run the same code on scaled or clipped values: by default
// they are swept over every 4th bit pattern (10^9 inputs each; --parameter-stride 1 sweeps them
// all), which keeps CI's exhaustive stage within its time. The first configuration, and those
// that name a different formula (GELU's tanh form, told by the row's describe), are swept over
// every float.

// Every configuration of one row, both directions: the full sweep and the thinned one, each in
// one pass over its inputs.
template <class Row>
void check_row(const options& opts, array_paths& arrays, totals& score) {
  using F = typename Row::template functor<float>;
  const std::vector<F> configurations = Row::template configurations<float>();
  const std::uint32_t thinned = std::max(opts.stride, opts.parameter_stride);
  std::vector<std::unique_ptr<sweep_unit>> full;
  std::vector<std::unique_ptr<sweep_unit>> parameters_only;
  for (std::size_t k = 0; k < configurations.size(); ++k) {
    const F& f = configurations[k];
    std::string label = std::string(Row::name) + parameters(f);
    bool formula = k == 0;
    if constexpr (requires { Row::describe(f); }) {
      label = Row::describe(f);  // gelu's approximate
      formula = true;
    } else if (configurations.size() > 1 && label.size() == Row::name.size()) {
      label += "#" + std::to_string(k);
    }
    if (!formula && thinned != opts.stride) {
      label += " 1/" + std::to_string(thinned);
    }
    using value = typename Row::forward;
    using slope = typename Row::derivative;
    auto& units = formula ? full : parameters_only;
    units.push_back(std::make_unique<checker<F, direction::forward, value>>(
        f, value::turning_points(f), label + " forward", arrays));
    units.push_back(std::make_unique<checker<F, direction::derivative, slope>>(
        f, slope::turning_points(f), label + " derivative", arrays));
  }
  const auto sweep_and_report = [&](const std::vector<std::unique_ptr<sweep_unit>>& units,
                                    std::uint32_t stride) {
    if (units.empty()) return;
    const chunk_range range{opts.part - 1, opts.parts, 0x80000000u / (chunk_size * stride)};
    const std::vector<result> results = sweep(units, stride, opts.threads, range);
    for (std::size_t u = 0; u < units.size(); ++u) report(*units[u], results[u], score);
  };
  sweep_and_report(full, opts.stride);
  sweep_and_report(parameters_only, thinned);
}

// ---------------------------------------------------------------------------------------------
// The self-test: a planted error the bisection can only find by the turning-point cuts.

// A tent: 0 outside (lo, hi), rising to h at the middle p and falling back, every value a float
// (lo, hi and p are floats of one binade, so x − p and h − |x − p| are exact). Planted, it returns
// 0 inside as well: wrong exactly where the two ends of the tent's chunk agree (both 0) and the
// inside differs.
class tent : public activ::detail::elementwise<tent, float> {
  using base = activ::detail::elementwise<tent, float>;

 public:
  static constexpr std::string_view name = "tent";
  using base::derivative;
  using base::forward;

  tent(float lo, float hi, bool planted) : lo_(lo), hi_(hi), planted_(planted) {}

  [[nodiscard]] float lo() const { return lo_; }
  [[nodiscard]] float hi() const { return hi_; }
  [[nodiscard]] float peak() const { return lo_ + (hi_ - lo_) / 2; }

  [[nodiscard]] float forward(float x) const {
    if (std::isnan(x)) return x;
    if (planted_ || !(x > lo_ && x < hi_)) return 0.0F;
    return (hi_ - lo_) / 2 - std::fabs(x - peak());
  }
  [[nodiscard]] float derivative(float x) const {
    if (std::isnan(x)) return x;
    if (planted_ || !(x > lo_ && x < hi_)) return 0.0F;
    return x < peak() ? 1.0F : -1.0F;
  }

 private:
  float lo_, hi_;
  bool planted_;
};

// The tent's forward direction as a registry row gives it, its one turning point at the peak, or
// (cut = false) without it.
template <bool cut>
struct tent_forward {
  template <class R>
  static R reference(R x, const tent& f) {
    const R lo = f.lo(), hi = f.hi();
    return x > lo && x < hi ? (hi - lo) / 2 - std::fabs(x - (lo + (hi - lo) / 2)) : R(0);
  }
  template <class T>
  static T textbook(T x, const tent& f) {
    return reference(x, f);
  }
  static void exact(mpfr_ptr y, mpfr_srcptr x, const tent& f) {
    mpfr_set_d(y, reference(mpfr_get_d(x, MPFR_RNDN), f), MPFR_RNDN);  // every value a float
  }
  template <class T>
  static bool in_range(T y, const tent& f) {
    return y >= 0 && y <= (f.hi() - f.lo()) / 2;
  }
  static std::vector<double> turning_points(const tent& f) {
    if (!cut) return {};
    return {static_cast<double>(f.peak())};
  }
  static constexpr bool monotone = false;
  static constexpr symmetry shape = symmetry::none;
  static constexpr activ_test::error_bounds error{0.0, 0.0, 0.0, 0.0};
};

// Sweeps the tent, right and planted, with and without the cut, over the inputs [1, 2) and their
// negatives, once with the tent on x > 0 and once mirrored onto x < 0 (where the inputs meet the
// turning points in descending order), and checks what each must report: the planted error found
// with the cut (every input inside the tent not correctly rounded, on every path) and missed
// without it (the chunk's ends agree and the fill hides it); the right tent clean with the cut
// and, without it, wrongly accused where the fill replaced its values.
int self_test(const options& opts, array_paths& arrays) {
  // The tent spans the second quarter of the chunk that starts at 1 (or its negative twin): its
  // ends and the chunk's are 0, and the inputs inside it are chunk_size / 4 − 1.
  constexpr std::uint32_t one = 0x3f800000u;
  const float lo = float_of(one + chunk_size / 4), hi = float_of(one + chunk_size / 2);
  constexpr std::uint64_t inside = chunk_size / 4 - 1;
  std::vector<std::unique_ptr<sweep_unit>> units;
  std::vector<std::uint64_t> expected;  // inputs not correctly rounded, on every path
  for (const bool negative : {false, true}) {
    for (const bool planted : {true, false}) {
      const tent f = negative ? tent(-hi, -lo, planted) : tent(lo, hi, planted);
      for (const bool cut : {true, false}) {
        std::string label = std::string(negative ? "tent(x<0), " : "tent(x>0), ") +
                            (planted ? "planted" : "right") + (cut ? ", cut" : ", no cut");
        if (cut) {
          units.push_back(std::make_unique<checker<tent, direction::forward, tent_forward<true>>>(
              f, tent_forward<true>::turning_points(f), label, arrays));
        } else {
          units.push_back(std::make_unique<checker<tent, direction::forward, tent_forward<false>>>(
              f, tent_forward<false>::turning_points(f), label, arrays));
        }
        // Found only with the cut where planted; where right, accused only without it.
        expected.push_back(planted == cut ? inside : 0);
      }
    }
  }
  std::printf("self-test: a tent on (%a, %a) and on its negatives, %llu inputs inside\n",
              static_cast<double>(lo), static_cast<double>(hi),
              static_cast<unsigned long long>(inside));
  const std::vector<result> results =
      sweep(units, 1, opts.threads, {one / chunk_size, 1, 0x40000000u / chunk_size});
  totals score;
  for (std::size_t u = 0; u < units.size(); ++u) {
    totals ignored;
    report(*units[u], results[u], ignored);
    for (const path_result& path : results[u].paths) {
      const bool as_expected = path.accuracy.not_correctly_rounded == expected[u];
      score.check(as_expected);
      if (!as_expected) {
        std::printf("  %-32s expected %llu not correctly rounded on every path\n",
                    units[u]->label().c_str(), static_cast<unsigned long long>(expected[u]));
      }
    }
  }
  std::printf("%d passed, %d failed\n", score.passed, score.failed);
  return score.failed == 0 ? 0 : 1;
}

}  // namespace

int run(int argc, char** argv) {
  std::string only, only_isa;
  bool self = false;
  options opts;
  opts.threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (option == "--self-test") {
      self = true;
      continue;
    }
    if (i + 1 == argc) {
      std::fprintf(stderr, "option %s needs a value\n", argv[i]);
      return 2;
    }
    const char* value = argv[++i];
    if (option == "--only") {
      only = value;
    } else if (option == "--isa") {
      only_isa = value;
    } else if (option == "--stride") {
      opts.stride = static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (option == "--part") {
      char* slash = nullptr;
      opts.part = static_cast<std::uint32_t>(std::strtoul(value, &slash, 10));
      opts.parts =
          *slash == '/' ? static_cast<std::uint32_t>(std::strtoul(slash + 1, nullptr, 10)) : 0;
      if (opts.parts == 0 || opts.parts > 64 || opts.part == 0 || opts.part > opts.parts) {
        std::fprintf(stderr, "--part takes k/n, 1 <= k <= n <= 64\n");
        return 2;
      }
    } else if (option == "--parameter-stride") {
      opts.parameter_stride = static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (option == "--threads") {
      opts.threads = std::max(1u, static_cast<unsigned>(std::strtoul(value, nullptr, 10)));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i - 1]);
      return 2;
    }
  }
  if (!std::has_single_bit(opts.stride) || opts.stride > max_stride ||
      !std::has_single_bit(opts.parameter_stride) || opts.parameter_stride > max_stride) {
    std::fprintf(stderr, "--stride and --parameter-stride must be powers of two up to %u\n",
                 max_stride);
    return 2;
  }
  bool known = only.empty();
  std::string names;
  activ_test::for_each_row([&]<class Row>() {
    known = known || Row::name == only;
    names += " " + std::string(Row::name);
  });
  if (!known) {
    std::fprintf(stderr, "--only: no row named %s; the registry has%s\n", only.c_str(),
                 names.c_str());
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
  if (self) return self_test(opts, arrays);

  std::printf("float, %s of the 2^32 inputs%s, %u threads; span members on",
              opts.stride == 1 ? "all" : ("every " + std::to_string(opts.stride) + "th").c_str(),
              opts.parts == 1 ? ""
                              : (" (part " + std::to_string(opts.part) + " of " +
                                 std::to_string(opts.parts) + ")")
                                    .c_str(),
              opts.threads);
  for (const isa set : arrays.sets) std::printf(" %s", activ::detail::simd::name(set));
  std::printf("\n");

  totals score;
  activ_test::for_each_row([&]<class Row>() {
    if (only.empty() || Row::name == only) check_row<Row>(opts, arrays, score);
  });
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
