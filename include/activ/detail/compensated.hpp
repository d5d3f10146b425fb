#pragma once
// Error-free transformations (Knuth's two-sum, Dekker's two-product) and the one compensated
// quotient the logistic formulas need. They recover, exactly, the rounding error of a sum or a
// product, so that 1 + e and (1 + e)² can be carried as unevaluated pairs hi + lo and the last
// division sees them whole: the result then carries the error of exp and one final rounding, not
// also those of the additions, multiplications and division before it.

#include <activ/detail/math.hpp>

#include <cfloat>
#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

namespace activ::detail {

// The standard IEEE floating-point types, evaluated in their own precision (FLT_EVAL_METHOD 0; x87
// long double is its own precision), where the transformations are exact. Other scalar types
// (dual numbers, multiprecision, double-double long double) get the plain formulas: their
// numeric_limits, where they have them, do not promise round-to-nearest IEEE arithmetic.
template <class W>
inline constexpr bool has_error_free_transforms =
    std::floating_point<W>&& std::numeric_limits<W>::is_iec559 &&
    (FLT_EVAL_METHOD == 0 || std::is_same_v<W, long double>);

// Whether a hardware fused multiply-add computes a·b − p exactly in one instruction. Where it
// exists the compiler may also contract a·b − c on its own (GCC does by default), which would
// spoil Dekker's splitting, so the fused form is then the only one used.
template <class W>
inline constexpr bool has_fast_fma =
#if defined(FP_FAST_FMA) || defined(__FMA__) || defined(__aarch64__)
    std::is_same_v<W, double> || std::is_same_v<W, float>;
#else
    false;
#endif

// hi + lo, with |lo| ≤ ½ ulp(hi).
template <class W>
struct word_pair {
  W hi;
  W lo;
};

// 1 + e exactly, for 0 ≤ e ≤ 1 (Fast2Sum: 1 ≥ e, so the error is 1 − s + e, computed exactly).
template <class W>
[[nodiscard]] constexpr word_pair<W> one_plus(W e) noexcept(nothrow_real<W>) {
  const W s = W(1) + e;
  if constexpr (has_error_free_transforms<W>) {
    return {s, (W(1) - s) + e};
  } else {
    return {s, W(0)};
  }
}

// a·b exactly as hi + lo: with a fused multiply-add where the hardware has one, else Dekker's
// product with Veltkamp's splitting (exact for x87 long double too). Exact as long as nothing
// overflows or underflows; the callers' operands lie in [2^−64, 4].
template <class W>
[[nodiscard]] constexpr word_pair<W> two_product(W a, W b) noexcept {
  const W p = a * b;
  if constexpr (has_fast_fma<W>) {
    if (!std::is_constant_evaluated()) return {p, std::fma(a, b, -p)};
  }
  constexpr int half_digits = (std::numeric_limits<W>::digits + 1) / 2;
  W splitter = W(1);  // 2^half_digits + 1, by doubling: no integer type need hold it
  for (int i = 0; i < half_digits; ++i) splitter *= W(2);
  splitter += W(1);
  const auto split = [splitter](W v) {
    const W c = splitter * v;
    const W high = c - (c - v);
    return word_pair<W>{high, v - high};
  };
  const auto [ah, al] = split(a);
  const auto [bh, bl] = split(b);
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

// (hi + lo)², to within a few ULPs of its lo part.
template <class W>
[[nodiscard]] constexpr word_pair<W> square(word_pair<W> d) noexcept(nothrow_real<W>) {
  if constexpr (has_error_free_transforms<W>) {
    const auto [p, error] = two_product(d.hi, d.hi);
    return {p, error + W(2) * d.hi * d.lo};
  } else {
    return {d.hi * d.hi, W(0)};
  }
}

// n / (hi + lo), within half an ULP plus a few ULPs of the correction: q = n/hi, whose residual
// n − q·hi is exact, then q + (residual − q·lo)/hi.
template <class W>
[[nodiscard]] constexpr W quotient(W n, word_pair<W> d) noexcept(nothrow_real<W>) {
  const W q = n / d.hi;
  if constexpr (has_error_free_transforms<W>) {
    const auto [p, error] = two_product(q, d.hi);
    const W residual = (n - p) - error;  // n − p is exact: p is within an ULP of n
    return q + (residual - q * d.lo) / d.hi;
  } else {
    return q;
  }
}

}  // namespace activ::detail
