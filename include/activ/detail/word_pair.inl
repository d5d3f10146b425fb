// Arithmetic on unevaluated sums hi + lo of two numbers of one precision ("double-double" where
// that precision is double): the error-free transformations, which recover exactly the rounding
// error of a sum or a product, and the few compensated operations built on them. Written once for
// both kinds of operand: a scalar, and the SIMD vectors of each target. Not a header of its own
// (hence no include guard): compensated.hpp includes it into activ::detail, for scalars, and
// simd/double_kernels.inl into the namespace of each target with fused multiply-add, for its
// vectors, so that every target's copy is compiled for that target.
//
// The including namespace declares, before the inclusion:
//   has_error_free_transforms<V>  whether V rounds to nearest in its own precision (IEEE); where
//                                 it does not, the operations fall back to plain arithmetic
//   two_product(a, b)             a·b exactly, as a word_pair
//   residual(n, q, d)             n − q·d exactly, for q within an ULP of n/d (a residual)
//   mul_add(a, b, c)              a·b + c, fused where the target can be (else rounded twice)
// Exact as long as nothing overflows or underflows.

// hi + lo, with |lo| at most an ULP or so of |hi|.
template <class V>
struct word_pair {
  V hi;
  V lo;
};

// a + b exactly, given |a| ≥ |b| or a = 0 (Dekker's Fast2Sum).
template <class V>
[[nodiscard]] constexpr word_pair<V> fast_two_sum(V a, V b) noexcept(nothrow_real<V>) {
  const V sum = a + b;
  return {sum, b - (sum - a)};
}

// a + b exactly, whatever their magnitudes (Knuth's TwoSum).
template <class V>
[[nodiscard]] constexpr word_pair<V> two_sum(V a, V b) noexcept(nothrow_real<V>) {
  const V sum = a + b;
  const V b_share = sum - a;
  return {sum, (a - (sum - b_share)) + (b - b_share)};
}

// 1 + e exactly, for 0 ≤ e ≤ 1.
template <class V>
[[nodiscard]] constexpr word_pair<V> one_plus(V e) noexcept(nothrow_real<V>) {
  if constexpr (has_error_free_transforms<V>) {
    return fast_two_sum(1 - V{}, e);
  } else {
    return {V(1) + e, V(0)};
  }
}

// 1 + e for a pair e ∈ [0, 1]: its high part exactly, its low part added.
template <class V>
[[nodiscard]] constexpr word_pair<V> one_plus(const word_pair<V>& e) noexcept(nothrow_real<V>) {
  const word_pair<V> sum = one_plus(e.hi);
  return {sum.hi, sum.lo + e.lo};
}

// d² as a pair: hi·hi exactly, plus 2·hi·lo + lo², to within a few ULPs of the low part.
template <class V>
[[nodiscard]] constexpr word_pair<V> square(const word_pair<V>& d) noexcept(nothrow_real<V>) {
  if constexpr (has_error_free_transforms<V>) {
    const auto [p, error] = two_product(d.hi, d.hi);
    return {p, mul_add(d.hi + d.hi, d.lo, mul_add(d.lo, d.lo, error))};
  } else {
    return {d.hi * d.hi, V(0)};
  }
}

// (n.hi + n.lo)/(d.hi + d.lo): q = n.hi/d.hi, plus the residual n.hi − q·d.hi (exact), with the
// low parts folded in, over the whole divisor. The result carries q's one rounding and a
// correction far below it: within half an ULP and a small fraction of the pairs' quotient.
template <class V>
[[nodiscard]] constexpr V divide(const word_pair<V>& n,
                                 const word_pair<V>& d) noexcept(nothrow_real<V>) {
  const V q = n.hi / d.hi;
  if constexpr (has_error_free_transforms<V>) {
    const V correction = mul_add(-q, d.lo, residual(n.hi, q, d.hi) + n.lo);
    return q + correction / (d.hi + d.lo);
  } else {
    return q;
  }
}
