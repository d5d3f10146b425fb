// libFuzzer target: arbitrary bytes pick an activation among the rows of the test registry
// (tests/registry.hpp), raw parameters for it, and an input array of arbitrary bit patterns (NaN
// payloads, signalling NaNs, subnormals, infinities) laid out at arbitrary offsets with arbitrary
// lengths. It runs for float and for double, and each of the following must hold or the process
// aborts:
//   - parameters: the row's make<T>(a, b) builds the functor or throws std::invalid_argument, and
//     nothing else; a functor without parameters never rejects; where the row states the rule
//     (accepts<T>(a, b)), the constructor follows it both ways. A functor that was built keeps
//     every invariant below on probe inputs (zeros, ±1, ±3, ±6, the extremes, ±∞, NaN, the row's
//     special inputs and turning points), so one built from parameters its contract rules out (a
//     NaN or infinite α, a negative α for ELU) fails there: NaN or an infinite derivative from a
//     finite input, or a result out of range;
//   - the span (out of place and in place) and contiguous-iterator paths agree bit for bit, and
//     with the scalar path within the row's array bound for the type (error.float_array,
//     error.double_array in whole ULPs and at least one, tests/row_paths.hpp; bit for bit where
//     both paths are exact, a NaN's payload aside), and within that bound of the row's reference;
//     operator() equals forward;
//   - nothing is written outside the output span (guard elements around it keep their bits), and
//     the input is never modified;
//   - a size mismatch or a partial overlap throws std::invalid_argument and writes nothing;
//   - each scalar result, forward and derivative: NaN exactly for a NaN input; finite derivative
//     for a finite input; in the row's range (in_range); within the row's error bound of its
//     reference in a wider type (float: correctly rounded or exact as the bound says; double:
//     error.double_scalar), and where that bound makes a forward result exact or correctly
//     rounded, at a finite x ≠ 0, a zero with the reference's sign; the row's symmetry (odd, even)
//     bit for bit;
//   - the training members (backward from x, and where the functor has them derivative_from_output
//     and backward_from_output from y), with the elements as x or y and the elements rotated by one
//     as grad_out, so that every lane pairs two arbitrary bit patterns: the span (out of place, in
//     place on each input) and contiguous-iterator paths agree bit for bit with each other and with
//     the scalar member within one neighbouring value for float (the fused kernels round a double
//     result once more) and the row's derivative steps for double; NaN x gives NaN; guards and
//     inputs keep their bits; a size mismatch or a partial overlap of grad_in with an input throws
//     untouched; where the scalar from-y members reject the functor (leaky_relu with α < 0) the
//     array ones reject it too, before writing; backward(x, g) lies within a few ULPs of g·f′(x)
//     where both are finite and normal, and is +0 where the row selects on a flat zero piece; for a
//     row whose from-y members equal those from x, derivative_from_output(f(x)) = f′(x) bit for
//     bit;
//   - monotonicity of forward, over the inputs, each finite input's floating-point successor and
//     the probes: non-decreasing over the whole line for a row documented monotone while no
//     derivative seen is negative (leaky_relu with α < 0 is not); otherwise monotone between 0
//     and the row's turning points, in the direction the derivative's sign gives there (a
//     derivative of both signs between them fails too).
//
// Input layout (missing bytes read as 0):
//   byte 0       offset of the input span in its buffer, in elements (mod 16): unaligned starts
//   byte 1       offset of the output span in its buffer (mod 16)
//   byte 2       shift of an overlapping output relative to the input (signed)
//   byte 3       which instruction set the array members use, among those the CPU runs (best
//                first, the scalar loop last), modulo their number
//   bytes 4-11   raw parameter a of the row's make<T>(a, b) (α, min_val): the float run reads
//                bytes 4-7, the double run bytes 4-11
//   bytes 12-19  raw parameter b (max_val), likewise
//   byte 20      the registry row, modulo the number of rows; 255 runs every row in turn (the
//                seeds do, so that they exercise every activation, present and future)
//   bytes 21-    the elements: read as floats in one run and as doubles in the other; the array
//                length (and so every tail length 0..63 of a vectorised loop) follows the input
//                size.
//
// Text: every input is also read as text, all of its bytes whatever the layout above makes of
// them (so no byte is set aside and the layout means what it did), by activ::parse<T> for float
// and double (include/activ/any_activation.hpp). Either it throws std::invalid_argument, and
// nothing else, with a message "activ::parse: column N: ..." where 1 <= N <= size + 1; or it
// returns an any_activation a whose spec() parses back to one equal to a (==, and the same bits on
// the probes: zeros, ±1, ±3, ±∞, NaN), with the same spec(): a round trip, and a fixed point.
//
// Build: the `sanitize` preset (clang++, ACTIV_BUILD_FUZZERS=ON). Run:
//   build/sanitize/tests/fuzz/fuzz_activations -max_len=2068 <corpus dir> tests/fuzz/corpus

// First, outside the pragma below, so that activ's headers meet -Wfloat-equal (CMakeLists.txt).
#include <activ/activ.hpp>
#include <activ/any_activation.hpp>

// The registry and the shared test support compare values exactly where they mean to.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfloat-equal"
#include "registry.hpp"
#include "row_paths.hpp"
#include "support.hpp"
#pragma clang diagnostic pop

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

using activ_test::same_bits;
using activ_test::row_paths::evaluate;

[[noreturn]] void fail_element(const char* what, std::string_view activation, const char* type,
                               std::size_t index, int line) {
  std::fprintf(stderr, "fuzz_activations: %s (activ::%.*s<%s>, element %zu, line %d)\n", what,
               static_cast<int>(activation.size()), activation.data(), type, index, line);
  std::abort();
}

[[noreturn]] void fail_at(const char* what, std::string_view activation, const char* type,
                          const char* member, double x, int line) {
  std::fprintf(stderr, "fuzz_activations: %s (activ::%.*s<%s>, %s at x = %a, line %d)\n", what,
               static_cast<int>(activation.size()), activation.data(), type, member, x, line);
  std::abort();
}

// A check on the array paths names the element (or the length) it concerns; a check on a scalar
// evaluation names the member ("forward", "derivative", or "scalar" for both) and its input x. Both
// read Row and T from the enclosing template.
#define ACTIV_FUZZ_CHECK(condition, index)                                                    \
  do {                                                                                        \
    if (!(condition)) fail_element(#condition, Row::name, type_name<T>(), (index), __LINE__); \
  } while (false)

#define ACTIV_FUZZ_CHECK_AT(condition, member, x)                                               \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      fail_at(#condition, Row::name, type_name<T>(), member, static_cast<double>(x), __LINE__); \
    }                                                                                           \
  } while (false)

template <class T>
constexpr const char* type_name() {
  return sizeof(T) == sizeof(float) ? "float" : "double";
}

class reader {
 public:
  explicit reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  [[nodiscard]] std::uint8_t byte(std::size_t at) const {
    return at < bytes_.size() ? bytes_[at] : 0;
  }

  template <class T>
  [[nodiscard]] T value(std::size_t at) const {
    std::array<std::uint8_t, sizeof(T)> raw{};
    for (std::size_t i = 0; i < sizeof(T); ++i) raw[i] = byte(at + i);
    T result;
    std::memcpy(&result, raw.data(), sizeof(T));
    return result;
  }

  [[nodiscard]] std::size_t size() const { return bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
};

constexpr std::size_t parameter_a = 4;
constexpr std::size_t parameter_b = 12;
constexpr std::size_t row_byte = 20;
constexpr std::uint8_t every_row = 255;
constexpr std::size_t header_size = 21;
constexpr std::size_t guard = 8;  // guard elements on each side of every output span

// A NaN whose payload no activation produces from the inputs below it: any guard element that
// loses these bits was written.
template <class T>
T guard_value() {
  if constexpr (sizeof(T) == sizeof(float)) {
    return std::bit_cast<T>(std::uint32_t{0x7fa5'5a5a});
  } else {
    return std::bit_cast<T>(std::uint64_t{0x7ff5'a5a5'5a5a'a5a5});
  }
}

// A buffer of `offset + n` elements framed by guards; span() is the n elements after the offset.
template <class T>
class guarded {
 public:
  guarded(std::size_t offset, std::size_t n)
      : storage_(guard + offset + n + guard, guard_value<T>()), offset_(offset), n_(n) {}

  [[nodiscard]] std::span<T> span() { return {storage_.data() + guard + offset_, n_}; }

  // True when every element outside span() still holds the guard bits.
  [[nodiscard]] bool guards_intact() const {
    for (std::size_t i = 0; i < storage_.size(); ++i) {
      const bool inside = i >= guard + offset_ && i < guard + offset_ + n_;
      if (!inside && !same_bits(storage_[i], guard_value<T>())) return false;
    }
    return true;
  }

 private:
  std::vector<T> storage_;
  std::size_t offset_;
  std::size_t n_;
};

template <class T>
bool is_nan(T x) {
  return std::isnan(x);
}

template <class T>
bool is_zero(T x) {
  return std::fpclassify(x) == FP_ZERO;
}

// The array members' bound in ULPs: the row's for float and double.
template <class Direction, class T>
constexpr double array_bound() {
  if constexpr (std::is_same_v<T, float>) {
    return Direction::error.float_array;
  } else {
    return Direction::error.double_array;
  }
}

// The scalar members' bound in ULPs: float results are correctly rounded (the exhaustive sweep
// proves it for the registry's configurations), or exact where the row's bound is 0; double
// results within error.double_scalar.
template <class Direction, class T>
constexpr double scalar_bound() {
  if constexpr (std::is_same_v<T, float>) {
    return std::min(0.5, Direction::error.float_array);
  } else {
    return Direction::error.double_scalar;
  }
}

// Whether y = f(x) (or f′(x)) lies within `bound` ULPs of the row's reference, which is
// computed in a wider type R and carries a few ULPs of R: a margin of 2^(4 − (p_R − p_T)) ULPs of T
// covers them. Beyond T's largest finite value the result is that value or the infinity of its
// sign.
template <class Direction, class F, class T>
bool near_reference(const F& f, T x, T y, double bound) {
  using R = activ_test::row_paths::reference_type<T>;
  using limits = std::numeric_limits<T>;
  const R want = Direction::template reference<R>(static_cast<R>(x), f);
  if (std::isnan(want)) return false;
  if (std::fabs(want) > static_cast<R>(limits::max())) {
    return std::signbit(y) == std::signbit(want) && std::fabs(y) >= limits::max() &&
           (std::isinf(y) || !std::isinf(want));
  }
  const long double margin =
      std::ldexp(1.0L, 4 - (std::numeric_limits<R>::digits - limits::digits));
  return activ_test::ulp_error(y, static_cast<long double>(want)) <=
         static_cast<long double>(bound) + margin;
}

// Whether a forward result that the row's bound makes exact or correctly rounded has the sign of
// the reference where that is an exact zero at a finite x ≠ 0: leaky_relu with α = −0 gives +0 for
// negative x, as α·x does. At x = ±0 and ±∞, and for derivatives, the references' zeros are
// limits whose sign they do not promise.
template <class Row, class F, class T>
bool zero_has_reference_sign(const F& f, T x, T y) {
  using R = activ_test::row_paths::reference_type<T>;
  if constexpr (scalar_bound<typename Row::forward, T>() <= 0.5) {
    if (!std::isfinite(x) || is_zero(x)) return true;
    const R want = Row::forward::template reference<R>(static_cast<R>(x), f);
    return !is_zero(want) || std::signbit(y) == std::signbit(want);
  } else {
    return true;
  }
}

// The invariants of one scalar result y of one direction at a non-NaN x.
template <class Row, bool Forward, class F, class T = typename F::value_type>
void check_direction(const F& f, T x, T y) {
  using along = activ_test::row_paths::direction<Row, Forward>;
  const char* member = Forward ? "forward" : "derivative";
  ACTIV_FUZZ_CHECK_AT(!is_nan(y), member, x);
  ACTIV_FUZZ_CHECK_AT(along::in_range(y, f), member, x);
  ACTIV_FUZZ_CHECK_AT((near_reference<along>(f, x, y, scalar_bound<along, T>())), member, x);
  if constexpr (Forward) ACTIV_FUZZ_CHECK_AT((zero_has_reference_sign<Row>(f, x, y)), member, x);
  if constexpr (along::shape == activ_test::symmetry::odd) {
    ACTIV_FUZZ_CHECK_AT(same_bits(evaluate<Forward>(f, static_cast<T>(-x)), static_cast<T>(-y)),
                        member, x);
  } else if constexpr (along::shape == activ_test::symmetry::even) {
    ACTIV_FUZZ_CHECK_AT(same_bits(evaluate<Forward>(f, static_cast<T>(-x)), y), member, x);
  }
}

// The invariants of the scalar evaluation y = f(x), dy = f′(x).
template <class Row, class F, class T = typename F::value_type>
void check_scalar(const F& f, T x, T y, T dy) {
  ACTIV_FUZZ_CHECK_AT(same_bits(f(x), y), "operator()", x);
  if (is_nan(x)) {
    ACTIV_FUZZ_CHECK_AT(is_nan(y) && is_nan(dy), "scalar", x);
    return;
  }
  if (std::isfinite(x)) ACTIV_FUZZ_CHECK_AT(std::isfinite(dy), "derivative", x);
  check_direction<Row, true>(f, x, y);
  check_direction<Row, false>(f, x, dy);
}

// Inputs every built functor is checked on, whatever the fuzzer's array holds: the row's special
// inputs and turning points with ordinary values, the extremes, infinities and NaN.
template <class Row, class F, class T = typename F::value_type>
std::vector<T> probes(const F& f) {
  using limits = std::numeric_limits<T>;
  std::vector<T> xs = {limits::quiet_NaN()};
  for (const T m : {T(0), limits::denorm_min(), limits::min(), T(0.5), T(1), T(2.5), T(3), T(6),
                    T(100), limits::max(), limits::infinity()}) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  for (const auto& special : Row::template specials<T>(f)) xs.push_back(special.x);
  for (const double t : Row::forward::turning_points(f)) xs.push_back(static_cast<T>(t));
  for (const double t : Row::derivative::turning_points(f)) xs.push_back(static_cast<T>(t));
  return xs;
}

template <class T>
struct sample {
  T x;
  T y;
  T dy;
};

// Monotonicity of the scalar forward over the samples (non-NaN inputs, in any order).
template <class Row, class F, class T = typename F::value_type>
void check_monotone(const F& f, std::vector<sample<T>> samples) {
  std::sort(samples.begin(), samples.end(),
            [](const sample<T>& l, const sample<T>& r) { return l.x < r.x; });
  const bool rising =
      std::none_of(samples.begin(), samples.end(), [](const sample<T>& s) { return s.dy < 0; });
  if (Row::forward::monotone && rising) {
    for (std::size_t k = 1; k < samples.size(); ++k) {
      ACTIV_FUZZ_CHECK_AT(samples[k - 1].y <= samples[k].y, "forward", samples[k].x);
    }
    return;
  }
  // Between 0 and the turning points, away from each by a few ULPs (a turning point rounded to T
  // may fall on either side): one piece each, monotone in the direction of the derivative's sign.
  std::vector<T> splits = {T(0)};
  for (const double t : Row::forward::turning_points(f)) splits.push_back(static_cast<T>(t));
  std::sort(splits.begin(), splits.end());
  std::vector<std::vector<sample<T>>> pieces(splits.size() + 1);
  for (const sample<T>& s : samples) {
    const bool near_split = std::any_of(splits.begin(), splits.end(), [&](T split) {
      return std::fabs(s.x - split) <=
             std::fabs(split) * std::ldexp(T(1), 3 - std::numeric_limits<T>::digits);
    });
    if (near_split) continue;
    const auto below =
        std::count_if(splits.begin(), splits.end(), [&](T split) { return split < s.x; });
    pieces[static_cast<std::size_t>(below)].push_back(s);
  }
  for (const std::vector<sample<T>>& piece : pieces) {
    const bool up =
        std::any_of(piece.begin(), piece.end(), [](const sample<T>& s) { return s.dy > 0; });
    const bool down =
        std::any_of(piece.begin(), piece.end(), [](const sample<T>& s) { return s.dy < 0; });
    ACTIV_FUZZ_CHECK_AT(!(up && down), "derivative", piece.front().x);
    for (std::size_t k = 1; k < piece.size(); ++k) {
      if (up) ACTIV_FUZZ_CHECK_AT(piece[k - 1].y <= piece[k].y, "forward", piece[k].x);
      if (down) ACTIV_FUZZ_CHECK_AT(piece[k - 1].y >= piece[k].y, "forward", piece[k].x);
    }
  }
}

// Whether call(input, output) rejects an output shifted by `shift` elements against its input in
// one buffer (a partial overlap): it throws std::invalid_argument and the buffer keeps its bits.
// True where the shift makes no partial overlap (0, or n or more).
template <class T, class Call>
bool rejects_partial_overlap(std::span<const T> input, std::int8_t shift, Call call) {
  const std::size_t n = input.size();
  const std::size_t magnitude = static_cast<std::size_t>(shift < 0 ? -shift : shift);
  if (n == 0 || magnitude == 0 || magnitude >= n) return true;
  std::vector<T> buffer(n + magnitude);
  const std::size_t input_at = shift < 0 ? magnitude : 0;
  std::copy(input.begin(), input.end(), buffer.begin() + static_cast<std::ptrdiff_t>(input_at));
  const std::vector<T> before = buffer;
  const std::span<T> all(buffer);
  bool threw = false;
  try {
    call(all.subspan(input_at, n), all.subspan(shift < 0 ? 0 : magnitude, n));
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  return threw && std::equal(buffer.begin(), buffer.end(), before.begin(),
                             [](T a, T b) { return same_bits(a, b); });
}

// What an array training member may return against its scalar member, in neighbouring values:
// float one (the fused kernels evaluate in double and round once more, where the scalar members
// are correctly rounded), double the row's derivative steps (its fused kernels are the exact
// piecewise ones; the others run the scalar members).
template <class Row, class T>
constexpr std::int64_t training_steps() {
  if constexpr (std::is_same_v<T, float>) {
    return 1;
  } else {
    return activ_test::row_paths::array_steps<typename Row::derivative, T>();
  }
}

// The array paths of one training member with two inputs, `first` (x or y) and grad_out:
// span(a, g, out) and iterate(a_first, a_last, g_first, out_first) call the member, scalar(a, g)
// is its scalar member. `ok` says whether the member accepts the functor (the scalar member threw
// where not): then every path must throw and write nothing.
template <class Row, class T, class Scalar, class Span, class Iterate>
void check_two_input_member(std::span<const T> first, std::span<const T> grad,
                            std::size_t out_offset, std::int8_t shift, bool ok, Scalar scalar,
                            Span span, Iterate iterate) {
  const std::size_t n = first.size();
  const std::vector<T> first_copy(first.begin(), first.end());
  const std::vector<T> grad_copy(grad.begin(), grad.end());
  const auto all_same = [](std::span<const T> got, const std::vector<T>& want) {
    return got.size() == want.size() && std::equal(got.begin(), got.end(), want.begin(),
                                                   [](T a, T b) { return same_bits(a, b); });
  };
  const auto throws = [&](auto&& call) {
    try {
      call();
    } catch (const std::invalid_argument&) {
      return true;
    }
    return false;
  };
  if (!ok) {
    guarded<T> out(out_offset, n);
    ACTIV_FUZZ_CHECK(throws([&] { span(first, grad, out.span()); }), n);
    ACTIV_FUZZ_CHECK(out.guards_intact(), n);
    for (const T y : out.span()) ACTIV_FUZZ_CHECK(same_bits(y, guard_value<T>()), n);
    return;
  }
  std::vector<T> result(n);
  {  // span, out of place, against the scalar member
    guarded<T> out(out_offset, n);
    span(first, grad, out.span());
    std::copy(out.span().begin(), out.span().end(), result.begin());
    for (std::size_t i = 0; i < n; ++i) {
      const T want = scalar(first[i], grad[i]);
      ACTIV_FUZZ_CHECK(
          (activ_test::row_paths::within_steps(result[i], want, training_steps<Row, T>())), i);
      if (is_nan(first[i])) ACTIV_FUZZ_CHECK(is_nan(result[i]), i);
    }
    ACTIV_FUZZ_CHECK(out.guards_intact(), n);
    ACTIV_FUZZ_CHECK(all_same(first, first_copy) && all_same(grad, grad_copy), n);
  }
  {  // in place on the first input, then on grad_out: the same kernel, the same bits
    guarded<T> inout(out_offset, n);
    std::copy(first.begin(), first.end(), inout.span().begin());
    span(inout.span(), grad, inout.span());
    ACTIV_FUZZ_CHECK(all_same(inout.span(), result) && inout.guards_intact(), n);
    std::copy(grad.begin(), grad.end(), inout.span().begin());
    span(first, inout.span(), inout.span());
    ACTIV_FUZZ_CHECK(all_same(inout.span(), result) && inout.guards_intact(), n);
  }
  {  // contiguous iterators: the span's kernel, returning the end of what was written
    guarded<T> out(out_offset, n);
    const std::span<T> o = out.span();
    ACTIV_FUZZ_CHECK(iterate(first.begin(), first.end(), grad.begin(), o.begin()) == o.end(), n);
    ACTIV_FUZZ_CHECK(all_same(o, result) && out.guards_intact(), n);
  }
  {  // grad_in one longer or one shorter: rejected before anything is written
    for (const std::size_t m : {n + 1, n - 1}) {
      if (m > n + 1) continue;  // n − 1 wrapped around for n = 0
      guarded<T> out(out_offset, m);
      ACTIV_FUZZ_CHECK(throws([&] { span(first, grad, out.span()); }), m);
      ACTIV_FUZZ_CHECK(out.guards_intact(), m);
      for (const T y : out.span()) ACTIV_FUZZ_CHECK(same_bits(y, guard_value<T>()), m);
    }
  }
  // grad_in shifted against the first input in one buffer: a partial overlap throws untouched
  ACTIV_FUZZ_CHECK(rejects_partial_overlap<T>(
                       first, shift, [&](std::span<T> a, std::span<T> out) { span(a, grad, out); }),
                   n);
}

// Whether the scalar member `call` accepts the functor: leaky_relu's from-y members throw
// std::invalid_argument for α < 0, on every path.
template <class Call>
bool accepted(Call call) {
  try {
    call();
  } catch (const std::invalid_argument&) {
    return false;
  }
  return true;
}

// The training members, as the top comment says.
template <class Row, class F, class T = typename F::value_type>
void check_training(const F& f, std::span<const T> in, const reader& in_bytes) {
  const std::size_t n = in.size();
  const std::size_t out_offset = in_bytes.byte(1) % 16;
  const auto shift = static_cast<std::int8_t>(in_bytes.byte(2));
  std::vector<T> rotated(n);
  if (n > 0) std::rotate_copy(in.begin(), in.begin() + 1, in.end(), rotated.begin());
  const std::span<const T> grad(rotated);
  using R = activ_test::row_paths::reference_type<T>;
  using limits = std::numeric_limits<T>;

  for (std::size_t i = 0; i < n; ++i) {  // the scalar backward against g·f′(x)
    const T x = in[i];
    const T g = grad[i];
    const T got = f.backward(x, g);
    if (is_nan(x)) {
      ACTIV_FUZZ_CHECK_AT(is_nan(got), "backward", x);
      continue;
    }
    const T slope = f.derivative(x);
    const R product = static_cast<R>(slope) * static_cast<R>(g);
    if (Row::backward_selects && is_zero(slope) && std::isfinite(g)) {
      // A zero slope: the product's zero, or +0 where the row selects on a flat piece (hardswish′
      // also has an isolated zero at −1.5, where it multiplies).
      ACTIV_FUZZ_CHECK_AT(is_zero(got), "backward", x);
      continue;
    }
    if (std::isfinite(g) && std::fabs(slope) >= limits::min() &&
        std::fabs(product) >= static_cast<R>(limits::min()) &&
        std::fabs(product) <= static_cast<R>(limits::max())) {
      // f′(x) within the derivative's scalar bound (which may count double in ULPs of the
      // product, whose binade sits elsewhere) and backward's own (float: correctly rounded;
      // double: 2 ULP).
      const auto bound = static_cast<long double>(2 * scalar_bound<typename Row::derivative, T>() +
                                                  (std::is_same_v<T, float> ? 0.5 : 2.0));
      ACTIV_FUZZ_CHECK_AT(activ_test::ulp_error(got, static_cast<long double>(product)) <= bound,
                          "backward", x);
    }
  }
  check_two_input_member<Row, T>(
      in, grad, out_offset, shift, true, [&](T x, T g) { return f.backward(x, g); },
      [&](std::span<const T> x, std::span<const T> g, std::span<T> out) { f.backward(x, g, out); },
      [&](auto first, auto last, auto g, auto out) { return f.backward(first, last, g, out); });

  if constexpr (activ::output_determines_derivative<F>) {
    const bool ok = accepted([&] { static_cast<void>(f.derivative_from_output(T(0))); });
    ACTIV_FUZZ_CHECK(ok == accepted([&] { static_cast<void>(f.backward_from_output(T(0), T(1))); }),
                     0);
    if (ok) {
      for (std::size_t i = 0; i < n; ++i) {
        const T x = in[i];
        if (is_nan(x) || !Row::from_output::same_as_from_input) continue;
        ACTIV_FUZZ_CHECK_AT(same_bits(f.derivative_from_output(f.forward(x)), f.derivative(x)),
                            "derivative_from_output", x);
      }
    }
    // derivative_from_output over spans as a two-input member whose gradient is ignored.
    check_two_input_member<Row, T>(
        in, grad, out_offset, shift, ok, [&](T y, T) { return f.derivative_from_output(y); },
        [&](std::span<const T> y, std::span<const T>, std::span<T> out) {
          f.derivative_from_output(y, out);
        },
        [&](auto first, auto last, auto, auto out) {
          return f.derivative_from_output(first, last, out);
        });
    check_two_input_member<Row, T>(
        in, grad, out_offset, shift, ok, [&](T y, T g) { return f.backward_from_output(y, g); },
        [&](std::span<const T> y, std::span<const T> g, std::span<T> out) {
          f.backward_from_output(y, g, out);
        },
        [&](auto first, auto last, auto g, auto out) {
          return f.backward_from_output(first, last, g, out);
        });
  }
}

template <class Row, class F, class T = typename F::value_type>
void check_activation(const F& f, const reader& in_bytes) {
  const std::size_t n =
      (in_bytes.size() > header_size ? in_bytes.size() - header_size : 0) / sizeof(T);
  const std::size_t in_offset = in_bytes.byte(0) % 16;
  const std::size_t out_offset = in_bytes.byte(1) % 16;

  // The input, in a buffer of exactly in_offset + n elements, so that AddressSanitizer reports any
  // read past its end.
  std::vector<T> in_storage(in_offset + n);
  for (std::size_t i = 0; i < n; ++i) {
    in_storage[in_offset + i] = in_bytes.value<T>(header_size + i * sizeof(T));
  }
  const std::span<const T> in(in_storage.data() + in_offset, n);
  const std::vector<T> in_copy(in.begin(), in.end());

  // The scalar path is the reference of the array paths; with each finite input's successor and
  // the probes it is checked on its own.
  std::vector<T> forward(n);
  std::vector<T> derivative(n);
  std::vector<sample<T>> samples;
  const auto scalar = [&](T x) {
    const T y = f.forward(x);
    const T dy = f.derivative(x);
    check_scalar<Row>(f, x, y, dy);
    if (!is_nan(x)) samples.push_back({x, y, dy});
    return sample<T>{x, y, dy};
  };
  for (std::size_t i = 0; i < n; ++i) {
    const sample<T> s = scalar(in[i]);
    forward[i] = s.y;
    derivative[i] = s.dy;
    if (std::isfinite(in[i])) {
      static_cast<void>(scalar(std::nextafter(in[i], std::numeric_limits<T>::infinity())));
    }
  }
  for (const T x : probes<Row>(f)) static_cast<void>(scalar(x));
  check_monotone<Row>(f, std::move(samples));

  const auto all_same = [](std::span<const T> got, const std::vector<T>& want) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (!same_bits(got[i], want[i])) return false;
    }
    return got.size() == want.size();
  };

  for (const bool is_forward : {true, false}) {
    const std::vector<T>& expected = is_forward ? forward : derivative;
    const std::int64_t steps =
        is_forward ? activ_test::row_paths::array_steps<typename Row::forward, T>()
                   : activ_test::row_paths::array_steps<typename Row::derivative, T>();
    // Within the array bound of the reference, besides near the scalar result: where the bounds
    // let the two paths differ, this keeps each of them accurate.
    const auto accurate = [&](T x, T y) {
      using forward_t = typename Row::forward;
      using derivative_t = typename Row::derivative;
      return is_nan(x) ||
             (is_forward ? near_reference<forward_t>(f, x, y, array_bound<forward_t, T>())
                         : near_reference<derivative_t>(f, x, y, array_bound<derivative_t, T>()));
    };
    const auto call_span = [&](std::span<const T> a, std::span<T> b) {
      if (is_forward) {
        f.forward(a, b);
      } else {
        f.derivative(a, b);
      }
    };

    std::vector<T> array_result(n);
    {  // span, out of place, at its own offset between guards
      guarded<T> out(out_offset, n);
      call_span(in, out.span());
      std::copy(out.span().begin(), out.span().end(), array_result.begin());
      for (std::size_t i = 0; i < n; ++i) {
        ACTIV_FUZZ_CHECK(activ_test::row_paths::within_steps(array_result[i], expected[i], steps),
                         i);
        ACTIV_FUZZ_CHECK(accurate(in[i], array_result[i]), i);
      }
      ACTIV_FUZZ_CHECK(out.guards_intact(), n);
      ACTIV_FUZZ_CHECK(all_same(in, in_copy), n);
    }
    {  // span, in place: the same kernel, the same bits
      guarded<T> inout(in_offset, n);
      std::copy(in.begin(), in.end(), inout.span().begin());
      call_span(inout.span(), inout.span());
      ACTIV_FUZZ_CHECK(all_same(inout.span(), array_result), n);
      ACTIV_FUZZ_CHECK(inout.guards_intact(), n);
    }
    {  // iterators: contiguous (the span kernel), returning the end of what was written
      guarded<T> out(out_offset, n);
      const std::span<T> o = out.span();
      const auto end = is_forward ? f.forward(in.begin(), in.end(), o.begin())
                                  : f.derivative(in.begin(), in.end(), o.begin());
      ACTIV_FUZZ_CHECK(end == o.end(), n);
      ACTIV_FUZZ_CHECK(all_same(o, array_result), n);
      ACTIV_FUZZ_CHECK(out.guards_intact(), n);
    }
    {  // the fast tier: within its bound of the reference, the same bits in place and out of place
      const auto call_fast = [&](std::span<const T> a, std::span<T> b) {
        if (is_forward) {
          f.forward(activ::fast, a, b);
        } else {
          f.derivative(activ::fast, a, b);
        }
      };
      guarded<T> out(out_offset, n);
      call_fast(in, out.span());
      for (std::size_t i = 0; i < n; ++i) {
        const T y = out.span()[i];
        ACTIV_FUZZ_CHECK(is_nan(in[i]) == is_nan(y), i);
        // (long double has no kernels: its fast tier is the scalar members, within their bound)
        using forward_t = typename Row::forward;
        using derivative_t = typename Row::derivative;
        const double forward_bound =
            std::max(activ_test::fast_tier_bound, array_bound<forward_t, T>());
        const double derivative_bound =
            std::max(activ_test::fast_tier_bound, array_bound<derivative_t, T>());
        ACTIV_FUZZ_CHECK(
            is_nan(in[i]) ||
                (is_forward ? near_reference<forward_t>(f, in[i], y, forward_bound)
                            : near_reference<derivative_t>(f, in[i], y, derivative_bound)),
            i);
      }
      ACTIV_FUZZ_CHECK(out.guards_intact(), n);
      guarded<T> inout(in_offset, n);
      std::copy(in.begin(), in.end(), inout.span().begin());
      call_fast(inout.span(), inout.span());
      ACTIV_FUZZ_CHECK(all_same(inout.span(), std::vector<T>(out.span().begin(), out.span().end())),
                       n);
      ACTIV_FUZZ_CHECK(all_same(in, in_copy), n);
    }
    {  // sizes that differ by one either way: rejected before anything is written
      for (const std::size_t m : {n + 1, n - 1}) {
        if (m > n + 1) continue;  // n − 1 wrapped around for n = 0
        guarded<T> out(out_offset, m);
        bool threw = false;
        try {
          call_span(in, out.span());
        } catch (const std::invalid_argument&) {
          threw = true;
        }
        ACTIV_FUZZ_CHECK(threw, m);
        ACTIV_FUZZ_CHECK(out.guards_intact(), m);
        for (const T y : out.span()) ACTIV_FUZZ_CHECK(same_bits(y, guard_value<T>()), m);
      }
    }
    // output shifted against the input in one buffer: a partial overlap must throw untouched
    ACTIV_FUZZ_CHECK(
        rejects_partial_overlap<T>(in, static_cast<std::int8_t>(in_bytes.byte(2)), call_span), n);
  }
  check_training<Row>(f, in, in_bytes);
}

[[noreturn]] void fail_parameters(const char* what, std::string_view activation, const char* type,
                                  double a, double b) {
  std::fprintf(stderr, "fuzz_activations: %s (activ::%.*s<%s>, make(%a, %a))\n", what,
               static_cast<int>(activation.size()), activation.data(), type, a, b);
  std::abort();
}

// The row's functor from the raw parameters, checked as the top comment says, and then the whole
// of check_activation where the functor was built.
template <class Row, class T>
void run_row(const reader& bytes) {
  using functor = typename Row::template functor<T>;
  const T a = bytes.value<T>(parameter_a);
  const T b = bytes.value<T>(parameter_b);
  const auto require = [&](bool condition, const char* what) {
    if (!condition) {
      fail_parameters(what, Row::name, type_name<T>(), static_cast<double>(a),
                      static_cast<double>(b));
    }
  };
  std::optional<functor> f;
  try {
    f.emplace(Row::template make<T>(a, b));
  } catch (const std::invalid_argument&) {
    require(!std::is_empty_v<functor>, "a functor without parameters rejected them");
  }
  if constexpr (requires { Row::template accepts<T>(a, b); }) {
    require(f.has_value() == Row::template accepts<T>(a, b),
            f ? "accepted parameters its contract rules out" : "rejected valid parameters");
  }
  if (f) check_activation<Row>(*f, bytes);
}

template <class T>
void run(const reader& bytes) {
  std::size_t rows = 0;
  activ_test::for_each_row([&]<class Row>() { ++rows; });
  const std::uint8_t chosen = bytes.byte(row_byte);
  std::size_t index = 0;
  activ_test::for_each_row([&]<class Row>() {
    if (chosen == every_row || index == chosen % rows) run_row<Row, T>(bytes);
    ++index;
  });
}

[[noreturn]] void fail_text(const char* what, const char* type, std::string_view text,
                            std::string_view detail) {
  std::fprintf(stderr, "fuzz_activations: %s (activ::parse<%s>, text \"%.*s\": %.*s)\n", what, type,
               static_cast<int>(text.size()), text.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// The input read as text, as the top comment says.
template <class T>
void check_text(std::string_view text) {
  const char* const type = type_name<T>();
  std::optional<activ::any_activation<T>> parsed;
  try {
    parsed.emplace(activ::parse<T>(text));
  } catch (const std::invalid_argument& rejected) {
    const std::string_view message = rejected.what();
    constexpr std::string_view prefix = "activ::parse: column ";
    std::size_t column = 0;
    std::size_t at = prefix.size();
    for (; at < message.size() && message[at] >= '0' && message[at] <= '9'; ++at) {
      column = column * 10 + static_cast<std::size_t>(message[at] - '0');
    }
    if (!message.starts_with(prefix) || at == prefix.size() || message.substr(at, 2) != ": " ||
        column < 1 || column > text.size() + 1) {
      fail_text("a message without its column", type, text, message);
    }
    return;
  }
  const std::string spec = parsed->spec();
  std::optional<activ::any_activation<T>> again;
  try {
    again.emplace(activ::parse<T>(spec));
  } catch (const std::invalid_argument& rejected) {
    fail_text("spec() does not parse", type, spec, rejected.what());
  }
  if (!(*again == *parsed)) fail_text("spec() parses to another activation", type, text, spec);
  if (again->spec() != spec) fail_text("spec() is not a fixed point", type, text, spec);
  using limits = std::numeric_limits<T>;
  for (const T x : {T(0), -T(0), T(1), T(-1), T(3), T(-3), limits::infinity(), -limits::infinity(),
                    limits::quiet_NaN()}) {
    if (!same_bits(parsed->forward(x), again->forward(x)) ||
        !same_bits(parsed->derivative(x), again->derivative(x))) {
      fail_text("spec() parses to other results", type, text, spec);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const reader bytes({data, size});
  using activ::detail::simd::isa;
  std::array<isa, 5> sets{};
  std::size_t count = 0;
  for (const isa set : {isa::avx512, isa::avx2_fma, isa::sse2, isa::portable, isa::scalar}) {
    if (activ::detail::simd::available(set)) sets[count++] = set;
  }
  // The scalar loop is always available, so count ≥ 1; the test says so to the analyser too.
  activ::detail::simd::select(count == 0 ? isa::scalar : sets[bytes.byte(3) % count]);
  run<float>(bytes);
  run<double>(bytes);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the same bytes, as characters
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_text<float>(text);
  check_text<double>(text);
  return 0;
}
