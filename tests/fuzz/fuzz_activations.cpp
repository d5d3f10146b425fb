// libFuzzer target: arbitrary bytes become an input array of arbitrary bit patterns (NaN payloads,
// signalling NaNs, subnormals, infinities), laid out at arbitrary offsets with arbitrary lengths,
// and arbitrary α for the parameterised functors. Every activation runs on it, for float and for
// double, and each of the following must hold or the process aborts:
//   - the span (out of place and in place) and contiguous-iterator paths agree bit for bit, and
//     with the scalar path bit for bit, except that the float and double kernels of sigmoid, tanh
//     and elu may return a neighbouring value (they are within 1 ULP, the scalar members within
//     0.51); operator() equals forward;
//   - nothing is written outside the output span (guard elements around it keep their bits), and
//     the input is never modified;
//   - a size mismatch or a partial overlap throws std::invalid_argument and writes nothing;
//   - a NaN, infinite (or, for ELU, negative) α throws std::invalid_argument;
//   - the documented invariants: NaN in → NaN out; σ ∈ [0, 1], σ′ ∈ [0, ¼], tanh ∈ [−1, 1],
//     tanh′ ∈ [0, 1], tanh odd and σ′ even bit for bit, relu ≥ 0, elu ≥ −α, elu′ ∈ [0, max(1, α)],
//     derivatives of the piecewise functions take their documented values; and monotonicity
//     between each finite input and its floating-point successor, and between neighbouring
//     elements, for every non-decreasing function (sigmoid, tanh, relu, elu, leaky_relu with α ≥
//     0).
//
// Input layout (missing bytes read as 0):
//   byte 0       offset of the input span in its buffer, in elements (mod 16): unaligned starts
//   byte 1       offset of the output span in its buffer (mod 16)
//   byte 2       shift of an overlapping output relative to the input (signed)
//   byte 3       which instruction set the array members use, among those the CPU runs (best
//                first, the scalar loop last), modulo their number
//   bytes 4-11   α of leaky_relu: the float run reads bytes 4-7, the double run bytes 4-11
//   bytes 12-19  α of elu, likewise
//   bytes 20-    the elements: read as floats in one run and as doubles in the other; the array
//                length (and so every tail length 0..63 of a vectorised loop) follows the input
//                size.
//
// Build: the `sanitize` preset (clang++, ACTIV_BUILD_FUZZERS=ON). Run:
//   build/sanitize/tests/fuzz/fuzz_activations -max_len=2068 <corpus dir> tests/fuzz/corpus

#include <activ/activ.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view activation, const char* type,
                       std::size_t index, int line) {
  std::fprintf(stderr, "fuzz_activations: %s (activ::%.*s<%s>, element %zu, line %d)\n", what,
               static_cast<int>(activation.size()), activation.data(), type, index, line);
  std::abort();
}

#define ACTIV_FUZZ_CHECK(condition, index)                                             \
  do {                                                                                 \
    if (!(condition)) fail(#condition, name_of(f), type_name<T>(), (index), __LINE__); \
  } while (false)

template <class T>
constexpr const char* type_name() {
  return sizeof(T) == sizeof(float) ? "float" : "double";
}

template <class F>
constexpr std::string_view name_of(const F&) {
  return F::name;
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

constexpr std::size_t header_size = 20;
constexpr std::size_t guard = 8;  // guard elements on each side of every output span

// float and double only (the fuzzer's types), whose bits fill their object representation.
template <class T>
bool same_bits(T a, T b) {
  using bits = std::conditional_t<sizeof(T) == sizeof(std::uint32_t), std::uint32_t, std::uint64_t>;
  static_assert(sizeof(T) == sizeof(bits));
  return std::bit_cast<bits>(a) == std::bit_cast<bits>(b);
}

// The float and double kernels of sigmoid, tanh and elu are within 1 ULP (double derivatives:
// measured so) where the scalar members are within 0.51: their results may be the scalar result's
// neighbour.
template <class F>
constexpr bool arrays_may_differ =
    (std::is_same_v<typename F::value_type, float> ||
     std::is_same_v<typename F::value_type, double>)&&(F::name == "sigmoid" || F::name == "tanh" ||
                                                       F::name == "elu");

// Both NaN, or at most one step apart (−0 and +0 count as neighbours).
template <class T>
bool neighbours(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  using bits = std::conditional_t<sizeof(T) == sizeof(std::uint32_t), std::uint32_t, std::uint64_t>;
  const auto ordered = [](T x) {
    const auto magnitude = static_cast<std::int64_t>(std::bit_cast<bits>(x) & (~bits{0} >> 1));
    return std::signbit(x) ? -magnitude - 1 : magnitude;
  };
  const std::int64_t distance = ordered(a) - ordered(b);
  return distance >= -1 && distance <= 1;
}

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

// Whether f is documented as non-decreasing.
template <class F>
bool non_decreasing(const F& f) {
  using T = typename F::value_type;
  if constexpr (requires { f.alpha(); }) {
    return !(f.alpha() < T(0));
  } else {
    return true;
  }
}

// The invariants of one scalar evaluation y = f(x), dy = f′(x).
template <class F, class T = typename F::value_type>
void check_invariants(const F& f, T x, T y, T dy, std::size_t i) {
  if (is_nan(x)) {
    ACTIV_FUZZ_CHECK(is_nan(y) && is_nan(dy), i);
    return;
  }
  ACTIV_FUZZ_CHECK(!is_nan(dy), i);
  const std::string_view name = name_of(f);
  if (name == "sigmoid") {
    ACTIV_FUZZ_CHECK(y >= T(0) && y <= T(1), i);
    ACTIV_FUZZ_CHECK(dy >= T(0) && dy <= T(0.25), i);
    ACTIV_FUZZ_CHECK(same_bits(f.derivative(-x), dy), i);  // σ′ is even
  } else if (name == "tanh") {
    ACTIV_FUZZ_CHECK(y >= T(-1) && y <= T(1), i);
    ACTIV_FUZZ_CHECK(dy >= T(0) && dy <= T(1), i);
    ACTIV_FUZZ_CHECK(same_bits(f.forward(-x), static_cast<T>(-y)), i);  // odd, sign of 0 kept
  } else if (name == "relu") {
    ACTIV_FUZZ_CHECK(y >= T(0) && !std::signbit(y), i);
    ACTIV_FUZZ_CHECK(x > T(0) ? same_bits(y, x) : same_bits(y, T(0)), i);
    ACTIV_FUZZ_CHECK(same_bits(dy, x > T(0) ? T(1) : T(0)), i);
  }
  if constexpr (requires { f.alpha(); }) {
    const T alpha = f.alpha();
    if (x > T(0)) {
      ACTIV_FUZZ_CHECK(same_bits(y, x), i);
      ACTIV_FUZZ_CHECK(same_bits(dy, T(1)), i);
    } else if (name == "leaky_relu") {
      ACTIV_FUZZ_CHECK(same_bits(dy, alpha), i);
      // With α = −0 this once returned −0 where α·x is +0 (found by this fuzzer; fixed).
      if (!std::isinf(x)) ACTIV_FUZZ_CHECK(same_bits(y, static_cast<T>(alpha * x)), i);
    } else {  // elu
      ACTIV_FUZZ_CHECK(!is_nan(y) && y >= -alpha && y <= T(0), i);
      ACTIV_FUZZ_CHECK(dy >= T(0) && dy <= alpha, i);
    }
  }
}

template <class F, class T = typename F::value_type>
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

  // The scalar path is the reference.
  std::vector<T> forward(n);
  std::vector<T> derivative(n);
  for (std::size_t i = 0; i < n; ++i) {
    forward[i] = f.forward(in[i]);
    derivative[i] = f.derivative(in[i]);
    ACTIV_FUZZ_CHECK(same_bits(f(in[i]), forward[i]), i);
    check_invariants(f, in[i], forward[i], derivative[i], i);
  }

  // Monotonicity: between each finite input and its successor, and between neighbours.
  if (non_decreasing(f)) {
    for (std::size_t i = 0; i < n; ++i) {
      const T x = in[i];
      if (!std::isfinite(x)) continue;
      const T next = std::nextafter(x, std::numeric_limits<T>::infinity());
      ACTIV_FUZZ_CHECK(f.forward(x) <= f.forward(next), i);
    }
    for (std::size_t i = 1; i < n; ++i) {
      if (is_nan(in[i - 1]) || is_nan(in[i])) continue;
      if (in[i - 1] <= in[i]) ACTIV_FUZZ_CHECK(forward[i - 1] <= forward[i], i);
      if (in[i] <= in[i - 1]) ACTIV_FUZZ_CHECK(forward[i] <= forward[i - 1], i);
    }
  }

  const auto all_same = [](std::span<const T> got, const std::vector<T>& want) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (!same_bits(got[i], want[i])) return false;
    }
    return got.size() == want.size();
  };

  for (const bool is_forward : {true, false}) {
    const std::vector<T>& expected = is_forward ? forward : derivative;
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
      if constexpr (arrays_may_differ<F>) {
        for (std::size_t i = 0; i < n; ++i)
          ACTIV_FUZZ_CHECK(neighbours(array_result[i], expected[i]), i);
      } else {
        ACTIV_FUZZ_CHECK(all_same(out.span(), expected), n);
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
    {  // output shifted against the input in one buffer: a partial overlap must throw untouched
      const auto shift = static_cast<std::int8_t>(in_bytes.byte(2));
      const std::size_t magnitude = static_cast<std::size_t>(shift < 0 ? -shift : shift);
      if (n > 0 && magnitude > 0 && magnitude < n) {
        std::vector<T> buffer(n + magnitude);
        const std::size_t in_at = shift < 0 ? magnitude : 0;
        std::copy(in.begin(), in.end(), buffer.begin() + static_cast<std::ptrdiff_t>(in_at));
        const std::vector<T> before = buffer;
        const std::span<T> all(buffer);
        bool threw = false;
        try {
          call_span(all.subspan(in_at, n), all.subspan(shift < 0 ? 0 : magnitude, n));
        } catch (const std::invalid_argument&) {
          threw = true;
        }
        ACTIV_FUZZ_CHECK(threw, magnitude);
        ACTIV_FUZZ_CHECK(all_same(all, before), magnitude);
      }
    }
  }
}

// A functor built from α when α is valid, after checking that an invalid α is rejected.
template <template <class> class A, class T>
A<T> with_alpha(T alpha, bool valid) {
  if (valid) return A<T>{alpha};
  bool threw = false;
  try {
    const A<T> rejected{alpha};
    static_cast<void>(rejected);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  if (!threw) {
    std::fprintf(stderr, "fuzz_activations: activ::%.*s<%s> accepted an invalid alpha %a\n",
                 static_cast<int>(A<T>::name.size()), A<T>::name.data(), type_name<T>(),
                 static_cast<double>(alpha));
    std::abort();
  }
  return A<T>{};
}

template <class T>
void run(const reader& bytes) {
  const T leaky_alpha = bytes.value<T>(4);
  const T elu_alpha = bytes.value<T>(12);
  check_activation(activ::sigmoid<T>{}, bytes);
  check_activation(activ::tanh<T>{}, bytes);
  check_activation(activ::relu<T>{}, bytes);
  check_activation(with_alpha<activ::leaky_relu>(leaky_alpha, std::isfinite(leaky_alpha)), bytes);
  check_activation(
      with_alpha<activ::elu>(elu_alpha, std::isfinite(elu_alpha) && !(elu_alpha < T(0))), bytes);
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
  return 0;
}
