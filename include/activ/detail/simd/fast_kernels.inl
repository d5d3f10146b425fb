// The fast tier's float kernels (activ::fast_t, tier.hpp), written once and compiled once per
// target with fused multiply-add (instances.hpp includes this file after float_kernels.inl in the
// avx512 and avx2_fma namespaces; on the others the precise kernels serve both tiers). Not a
// header of its own, hence no include guard; besides float_kernels.inl's prelude, the including
// namespace must define, for full-width float vectors vfw:
//   vfw mul_add(vfw a, vfw b, vfw c)          a·b + c rounded once
//   shifted_integer_wide {vfw k; vfw shifted;} nearest_shifted(vfw z, float factor, float shifter)
//                                             k = z·factor rounded to an integer whatever the
//                                             rounding mode, shifted = k + shifter exactly
//   vfw times_power_of_two(vfw a, vfw k, vfw shifted)
//                                             a·2^k rounded once (k ≥ −190; |a| ≤ 2^7 and
//                                             a·2^(k + 64) finite)
//   vfw mul_add_to_nearest(vfw a, vfw b, vfw c) a·b + c rounded once, to nearest in every mode
//                                             where adds_to_nearest_in_every_mode says so
//   vfw reciprocal_estimate(vfw b)            1/b within 2^−14, relatively, for finite b in
//                                             [1, 2^100]
//
// Why float: the precise kernels evaluate in double so that every result is within ½ ULP and a
// small fraction; at 3 ULPs the whole evaluation fits in float, twice the lanes per instruction.
// Each kernel is named by its method, as XNNPACK names its own (rr: range reduction, p6: a
// polynomial of degree 6, div: one true division), and its bound is proved by the exhaustive
// sweep (tests/exhaustive.cpp) on every target; docs/accuracy.md lists the measured worst errors.
// The special values are those of the precise tier: NaN in gives NaN out (every kernel keeps a
// NaN lane NaN through min_of/max_of, which return x where x is NaN), the limits at ±∞ are exact,
// zeros keep their sign where the function does, and subnormal results are computed, not flushed.

inline vfw splat(float c) { return c - vfw{}; }

// 1/b for b in [1, 2^100]: one Newton step from the target's estimate r, r + r·(1 − b·r), within
// 2^−27 of 1/b before its last rounding.
inline vfw reciprocal(vfw b) {
  const vfw r = reciprocal_estimate(b);
  return mul_add(r, mul_add(-b, r, splat(1.0F)), r);
}
// 1/(b + b_lo) for |b_lo| ≤ ulp(b)/2 likewise, the residual 1 − (b + b_lo)·r formed in two fused
// operations (exact but for the last rounding).
inline vfw reciprocal(vfw b, vfw b_lo) {
  const vfw r = reciprocal_estimate(b);
  const vfw residual = mul_add(-b_lo, r, mul_add(-b, r, splat(1.0F)));
  return mul_add(r, residual, r);
}

// The reduction shared by the exponentials below: z = k·ln 2 + u with k the integer nearest
// z/ln 2 and |u| ≤ ln(2)/2 (a little more where z·log2(e) rounds across a half). With ln 2 = hi +
// lo, hi = ln 2 rounded to float, k·hi is exact in the fused operation and z − k·hi is a float (a
// multiple of 2^−24 below ½ in magnitude, or z itself for k = 0), so u carries one rounding
// (rr2). Without lo (rr1), u is off by up to |k|·2^−28.9: in e^z − 1 = 2^k·(e^u − 1) + (2^k − 1)
// that is scaled by 2^k·e^u, at most 2^−29.4 in all (|k|·2^k ≤ ½ for k ≤ −1), against a result of
// at least 0.29 in magnitude wherever k ≠ 0: a tenth of an ULP. σ, whose tiny results are 2^k·e^−u
// relative to themselves, needs lo.
// Returns k; u and the shifted integer (for times_power_of_two) are written to the references,
// which GCC keeps in registers where a returned structure of vectors went through the stack.
template <bool TwoConstants>
inline vfw reduce(vfw z, vfw& u, vfw& shifted) {
  constexpr float log2e = 0x1.715476p0F;
  constexpr float ln2_hi = 0x1.62e43p-1F;
  constexpr float ln2_lo = -0x1.05c61p-29F;
  constexpr float shifter = 0x1.8p23F + 191;
  const shifted_integer_wide n = nearest_shifted(z, log2e, shifter);
  u = mul_add(n.k, splat(-ln2_hi), z);
  if constexpr (TwoConstants) u = mul_add(n.k, splat(-ln2_lo), u);
  shifted = n.shifted;
  return n.k;
}

// e^−u for |u| ≤ 0.35: 1 − u + c2·u² − … + c6·u⁶, a minimax fit of the relative error,
// 2^−28.7 on |u| ≤ 0.354 (docs/kernels.sollya), by Horner's scheme.
inline vfw exp_of_negative(vfw u) {
  vfw p = mul_add(splat(0x1.6ada7ap-10F), u, splat(-0x1.127528p-7F));
  p = mul_add(p, u, splat(0x1.55585ep-5F));
  p = mul_add(p, u, splat(-0x1.5554p-3F));
  p = mul_add(p, u, splat(0x1.fffffcp-2F));
  p = mul_add(p, u, splat(-1.0F));
  return mul_add(p, u, splat(1.0F));
}

// e^u − 1 for |u| ≤ 0.35: u + u²·(c2 + c3·u + … + c6·u⁴), a minimax fit of the relative error,
// 2^−26.0 on |u| ≤ 0.354 (docs/kernels.sollya): relative to e^u − 1 itself, so exact near 0.
inline vfw exp_minus_one(vfw u) {
  vfw p = mul_add(splat(0x1.6bea52p-10F), u, splat(0x1.1232a6p-7F));
  p = mul_add(p, u, splat(0x1.55568cp-5F));
  p = mul_add(p, u, splat(0x1.5554a2p-3F));
  p = mul_add(p, u, splat(0x1.fffffep-2F));
  return mul_add(u * u, p, u);
}

// e^z − 1 for z ∈ [−36, 0] (−0 gives +0): 2^k·(e^u − 1) + (2^k − 1) in one fused operation, exact
// near 0 where k = 0. 2^k − 1 is exact for k ≥ −24 and −1 below, where e^z < 2^−24 no longer
// shows in a float result; at z = −36 the sum rounds to −1 exactly. Rounded downward the sum
// could pass −1, which would put tanh and ELU outside their ranges: AVX-512 rounds it to nearest
// whatever the mode (embedded rounding), elsewhere it is kept at −1 (NaN passes).
inline vfw expm1_of_negative(vfw z) {
  vfw u, shifted;
  const vfw k = reduce<false>(z, u, shifted);
  const vfw scale = times_power_of_two(splat(1.0F), k, shifted);
  const vfw m = mul_add_to_nearest(scale, exp_minus_one(u), scale - 1.0F);
  if constexpr (adds_to_nearest_in_every_mode) {
    return m;
  } else {
    return max_of(splat(-1.0F), m);
  }
}

// sigmoid, rr2-p6-div: σ(x) = 1/(1 + e^−z) = 2^k/(2^k + e^−u) for z = x clamped to [−110, 18]
// and z = k·ln 2 + u. One formula for both signs: far left 2^k is subnormal (or 0 below 2^−150)
// and e^−u ∈ [0.7, 1.42], so the quotient, rounded once, is the subnormal result itself; from 18
// on, 2^26 + e^−u rounds to 2^26 and σ to 1. The relative error of e^−u passes to σ scaled by
// e^−u/(2^k + e^−u) ≤ 1, and the sum and the division add ½ ULP each. For SiLU the numerator is
// z·2^k, rounded once, and only where it is subnormal.
struct logistic_parts {
  vfw numerator;
  vfw denominator;
};
inline logistic_parts logistic_of_clamped(vfw z, bool times_z) {
  vfw u, shifted;
  const vfw k = reduce<true>(z, u, shifted);
  const vfw scale = times_power_of_two(splat(1.0F), k, shifted);
  const vfw numerator = times_z ? times_power_of_two(z, k, shifted) : scale;
  return {numerator, scale + exp_of_negative(u)};
}
inline vfw clamp_for_logistic(vfw x) { return min_of(splat(18.0F), max_of(splat(-110.0F), x)); }

template <>
struct fast_kernel<"sigmoid", float, direction::forward> {
  vfw operator()(vfw x) const {
    const logistic_parts q = logistic_of_clamped(clamp_for_logistic(x), false);
    return q.numerator / q.denominator;
  }
};

// SiLU, rr2-p6-div: x·σ(x) = (z·2^k)/(2^k + e^−u) with z as for σ, one division: the error of σ's
// kernel, as z·2^k is exact but where it is subnormal (there both roundings are of subnormals,
// within 2^−150 each; z·2^k formed from 2^k would lose every digit where 2^k itself underflows).
// From x = 18 on the result has rounded to x itself, which is taken as it is
// (+∞ included); below −110 it has rounded to −0 (x·e^x < 2^−151), which z·2^k gives.
template <>
struct fast_kernel<"silu", float, direction::forward> {
  vfw operator()(vfw x) const {
    const logistic_parts q = logistic_of_clamped(clamp_for_logistic(x), true);
    return select(x >= 18.0F, x, q.numerator / q.denominator);
  }
};

// tanh, rr1-p6-div: tanh|x| = −m/(2 + m) with m = e^−2|x| − 1 ∈ (−1, 0] exact near 0 (above), |x|
// stopped at 18, where m rounds to −1 and the quotient to 1 exactly; x's sign set last.
template <>
struct fast_kernel<"tanh", float, direction::forward> {
  vfw operator()(vfw x) const {
    const vfw z = min_of(splat(18.0F), magnitude(x)) * -2.0F;  // no overflow: no flag raised
    const vfw m = expm1_of_negative(z);
    return with_sign_of(m / (-2.0F - m), x);
  }
};

// ELU, rr1-p6: x for x > 0, α·(e^x − 1) otherwise, e^x − 1 from min(x, 0) stopped at −36 (where it
// rounds to −1 and the result to −α exactly). At ±0 the precise tier gives α·x: that is x itself
// for α = +0 or more (the first map); for α = −0, which the functor allows, x's sign is or-ed
// into e^x − 1 (+0 there) instead, one operation more (the second).
template <bool KeepSign>
struct fast_elu_op {
  float alpha;
  vfw operator()(vfw x) const {
    const vfw m = expm1_of_negative(max_of(splat(-36.0F), min_of(vfw{}, x)));
    if constexpr (KeepSign) {
      return select(x > 0.0F, x, alpha * or_sign_of(m, x));
    } else {
      return select(x >= 0.0F, x, alpha * m);
    }
  }
};
template <>
struct fast_kernel<"elu", float, direction::forward> {
  float alpha;
  explicit fast_kernel(const auto& elu) : alpha(elu.alpha()) {}
  void run(const float* in, float* out, std::size_t n) const {
    if (std::signbit(alpha)) {
      map_blocks<vfw, 2>(in, out, n, fast_elu_op<true>{alpha});
    } else {
      map_blocks<vfw, 2>(in, out, n, fast_elu_op<false>{alpha});
    }
  }
};

// hardsigmoid: (x + 3)·(1/6 rounded), clamped to [0, 1]. x + 3 is exact near −3 (Sterbenz), where
// the result is small, so the two roundings and the constant's stay within 1 ULP.
inline vfw hard_sigmoid_of(vfw x) {
  return min_of(splat(1.0F), max_of(vfw{}, (x + 3.0F) * (1.0F / 6.0F)));
}
template <>
struct fast_kernel<"hardsigmoid", float, direction::forward> {
  vfw operator()(vfw x) const { return hard_sigmoid_of(x); }
};

// hardswish: x·hardsigmoid(x), +0 at and below −3 (x·0 would be −0, and NaN at −∞), and never
// below the minimum −3/8 (at x = −1.5), which the product's roundings could pass.
template <>
struct fast_kernel<"hardswish", float, direction::forward> {
  vfw operator()(vfw x) const {
    return select(x <= -3.0F, vfw{}, max_of(splat(-0.375F), x * hard_sigmoid_of(x)));
  }
};
// hardswish′: (x + 1.5)·(1/3 rounded) strictly inside (−3, 3), exact in its sum near its zero at
// −1.5; 0 at and below −3, 1 at and above 3.
template <>
struct fast_kernel<"hardswish", float, direction::derivative> {
  vfw operator()(vfw x) const {
    const vfw inside = (x + 1.5F) * (1.0F / 3.0F);
    return select(x <= -3.0F, vfw{}, select(x >= 3.0F, splat(1.0F), inside));
  }
};

// softsign: c/(1 + |c|) with c = x clamped to ±2^60, where the result has rounded to ±1 (and ∞/∞
// would be NaN); the product keeps c's sign, −0 included. 1 + |c| rounds once (½ ULP of it, at
// most 1 ULP of the result), the reciprocal and the product add ½ ULP and a little each.
template <>
struct fast_kernel<"softsign", float, direction::forward> {
  vfw operator()(vfw x) const {
    const vfw c = min_of(splat(0x1p60F), max_of(splat(-0x1p60F), x));
    return c * reciprocal(magnitude(c) + 1.0F);
  }
};
// softsign′ = r² with r = 1/(1 + a), a = |x| stopped at 2^100, where r² has rounded to 0. The
// square doubles r's error, so 1 + a goes in exactly, as d + d_lo (Fast2Sum: the larger of 1 and
// a less d, plus the smaller, is exact), and r is within ½ ULP and a little.
template <>
struct fast_kernel<"softsign", float, direction::derivative> {
  vfw operator()(vfw x) const {
    const vfw a = min_of(splat(0x1p100F), magnitude(x));
    const vfw d = a + 1.0F;
    const vfw d_lo = (max_of(splat(1.0F), a) - d) + min_of(splat(1.0F), a);
    const vfw r = reciprocal(d, d_lo);
    return r * r;
  }
};
