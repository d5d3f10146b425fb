#pragma once
// The error-free transformations and compensated operations of word_pair.inl for scalars: what
// that file asks of its includer (exact product, exact residual, fused multiply-add where the
// hardware has it), then the file itself, and the quotient the logistic formulas need. With them
// 1 + e and (1 + e)² are carried as unevaluated pairs hi + lo and the last division sees them
// whole: the result then carries the error of exp and one final rounding, not also those of the
// additions, multiplications and division before it.

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

// a·b exactly as hi + lo: with a fused multiply-add where the hardware has one, else Dekker's
// product with Veltkamp's splitting (exact for x87 long double too). Exact as long as nothing
// overflows or underflows.
template <class W>
struct word_pair;
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

// n − q·d exactly, for q within an ULP of n/d (the residual is then representable): one fused
// multiply-add where the hardware has it, else the exact product's two parts taken away in turn
// (n − p is exact too, p being within an ULP of n).
template <class W>
[[nodiscard]] constexpr W residual(W n, W q, W d) noexcept {
  if constexpr (has_fast_fma<W>) {
    if (!std::is_constant_evaluated()) return std::fma(-q, d, n);
  }
  const auto [p, error] = two_product(q, d);
  return (n - p) - error;
}

// a·b + c, fused where the hardware can, else rounded twice: for corrections, whose own error is
// far below the result's ULP either way.
template <class W>
[[nodiscard]] constexpr W mul_add(W a, W b, W c) noexcept(nothrow_real<W>) {
  if constexpr (has_fast_fma<W>) {
    if (!std::is_constant_evaluated()) return std::fma(a, b, c);
  }
  return a * b + c;
}

#include <activ/detail/word_pair.inl>

// A constant known as three doubles c0 + c1 + c2, about 160 bits (docs/constants.py), as a pair
// in W: hi is the constant rounded to W and lo the rest, to W's precision (c0 + c1 in W and its
// rounding error are exact, c2 is far below). A type without error-free transformations gets the
// sum rounded in its own precision, as hi.
template <class W>
[[nodiscard]] constexpr word_pair<W> constant_pair(double c0, double c1,
                                                   double c2) noexcept(nothrow_real<W>) {
  if constexpr (has_error_free_transforms<W>) {
    const word_pair<W> head = two_sum(static_cast<W>(c0), static_cast<W>(c1));
    return {head.hi, head.lo + static_cast<W>(c2)};
  } else {
    return {(W(c0) + W(c1)) + W(c2), W(0)};
  }
}

// The same constant as one W, rounded once where W has error-free transformations (a user type
// sums the three doubles in its own precision, so that it gets more than a double's 53 bits).
template <class W>
[[nodiscard]] constexpr W constant(double c0, double c1, double c2) noexcept(nothrow_real<W>) {
  const word_pair<W> c = constant_pair<W>(c0, c1, c2);
  return c.hi + c.lo;
}

// x − (c0 + c1 + c2) in W, each subtraction exact where x lies within a factor 2 of c0 (Sterbenz)
// and the difference is below W's precision of c0, else within an ULP of W: the distance to a
// root known to 160 bits, with full relative accuracy however close x comes.
template <class W>
[[nodiscard]] constexpr W minus_constant(const W& x, double c0, double c1,
                                         double c2) noexcept(nothrow_real<W>) {
  return ((x - W(c0)) - W(c1)) - W(c2);
}

// n / (hi + lo), within half an ULP and a small fraction (see divide).
template <class W>
[[nodiscard]] constexpr W quotient(W n, word_pair<W> d) noexcept(nothrow_real<W>) {
  return divide(word_pair<W>{n, W(0)}, d);
}

}  // namespace activ::detail
