#pragma once
// Error-free transformations (Knuth's two-sum, Dekker's two-product) and the one compensated
// quotient the logistic formulas need. They recover, exactly, the rounding error of a sum or a
// product, so that 1 + e and (1 + e)² can be carried as unevaluated pairs hi + lo and the last
// division sees them whole: the result then carries the error of exp and one final rounding, not
// also those of the additions, multiplications and division before it.

#include <activ/detail/math.hpp>

#include <limits>

namespace activ::detail {

// Binary floating-point types with round-to-nearest arithmetic, where the transformations are
// exact. Other scalar types (dual numbers, multiprecision) get the plain formulas.
template <class W>
inline constexpr bool has_error_free_transforms =
    std::numeric_limits<W>::is_specialized&& std::numeric_limits<W>::radix == 2 &&
    !std::numeric_limits<W>::is_integer &&
    std::numeric_limits<W>::round_style == std::round_to_nearest;

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

// a·b exactly as hi + lo (Dekker, with Veltkamp's splitting: no fused multiply-add needed, which
// keeps it fast and exact for x87 long double too). |a|, |b| stay far from overflow here.
template <class W>
[[nodiscard]] constexpr word_pair<W> two_product(W a, W b) noexcept {
  constexpr int half_digits = (std::numeric_limits<W>::digits + 1) / 2;
  const W splitter = W(static_cast<unsigned long long>(1) << half_digits) + W(1);
  const auto split = [splitter](W v) {
    const W c = splitter * v;
    const W high = c - (c - v);
    return word_pair<W>{high, v - high};
  };
  const W p = a * b;
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
