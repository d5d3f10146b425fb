// The double array kernels. instances.hpp includes this file after float_kernels.inl, in the
// namespace of each target with fused multiply-add (avx512, avx2_fma), and it uses that file's
// helpers (vm, broadcast, select, magnitude, negative_magnitude, with_sign_of, sixteenths,
// map_blocks) and the prelude's (mul_add, max_of, min_of, nearest_shifted, target_traits), plus
//   bool any_below(vd v, double bound)   whether any lane of v is below bound
// Not a header of its own, hence no include guard.
//
// A double result within 1 ULP needs the value before its last rounding to be within about 2^−54
// of it, relative: no room for the half ULP that each plain double operation costs. So every
// quantity that feeds the final rounding is carried as an unevaluated sum hi + lo of doubles,
// built from error-free transformations (the exact sum and product of two doubles, as two
// doubles; the product needs FMA, hence these targets only). e^z comes to within 2^−57 relative,
// e^z − 1 likewise relative to itself, and the one final quotient is corrected by its residual.
// The sampled checkers (tests/sampled_double.cpp, tests/accuracy.cpp) measure every target.

// What word_pair.inl asks of its includer, for vd: every lane rounds to nearest in double, the
// product's error is one FMA, and so is a quotient's residual.
template <class V>
inline constexpr bool has_error_free_transforms = true;
template <class V>
struct word_pair;
template <class V>
inline word_pair<V> two_product(V a, V b) {
  const V p = a * b;
  return {p, mul_add(a, b, -p)};
}
inline vd residual(vd n, vd q, vd d) { return mul_add(-q, d, n); }

#include <activ/detail/word_pair.inl>  // NOLINT(readability-duplicate-include): once per target

// The pairs below are not normalised: lo can reach 2^−12 of hi (it carries the polynomial's
// tail), so every operation on them keeps lo's first-order terms in full.

// e^z for z ∈ [−708, 0] (z = −0 included; the kernels stop at −660) as pieces that exp_pair and
// expm1_pair sum in the order each needs: e^z = scale + scaled_r + rest, with
//   scale      2^k·2^(j/16) rounded to double (AVX-512's table) or 2^k (elsewhere): normal;
//   scaled_r   scale·r rounded, r = z − n·ln(2)/N the reduced argument's high part;
//   rest       everything else: the product's rounding error, scale·(e^r − 1 − r), and the
//              table entry's own rounding error; |rest| ≤ 0.06·scale.
// The reduction: n nearest z·N/ln 2 (N = 16 with the table, 1 without), r_hi = z − n·C_hi in one
// FMA, exact (C_hi = ln(2)/N rounded, so z and n·C_hi share their leading bits), and r_lo =
// −n·C_lo for the rest of ln(2)/N. e^(r_hi + r_lo) − 1 = r_hi + t with t = r_hi²·Q(r_hi) +
// r_lo·e^r_hi to within r_lo² (and 0 at n = 0, where expm1 needs it); with the table, r_lo·e^r_hi
// is taken as r_lo·(1 + r_hi), within 2^−56 of e^z at |n| = 2^14.
// Q: Sollya fpminimax fits of (e^r − 1 − r)/r², relative error of e^r − 1 below 1.1·10^−18
// (2^−59.7, N = 16, degree 7) and 3.0·10^−19 (2^−61.5, N = 1, degree 12); docs/kernels.sollya.
struct double_exp_parts {
  vd scale;
  vd scaled_r;
  vd rest;
};

// 2^(j/16)'s rounding error relative to the rounded value, for j = 0…15 (see sixteenths).
inline constexpr double sixteenths_error[16] = {
    0.0,
    0x1.79aa65d837b6dp-54,
    -0x1.01b15eaa59348p-55,
    0x1.68efde3a8a894p-54,
    0x1.34d754db0abb6p-55,
    0x1.59f48a72a4c6dp-55,
    0x1.690cebb7aafbp-56,
    0x1.063e1e21c5409p-54,
    -0x1.3b3efbf5e2228p-54,
    -0x1.b32dcb94da51dp-56,
    0x1.db72fc1f0eab4p-55,
    0x1.1affc2b91ce27p-56,
    0x1.c1a7792cb3387p-55,
    0x1.36eae30af0cb3p-56,
    0x1.4a385a63d07a7p-56,
    -0x1.ff7128fd391fp-55,
};

template <class Target = target_traits>
inline double_exp_parts double_exponential(vd z) {
  if constexpr (Target::permutes_sixteen) {
    constexpr double sixteen_log2_e = 0x1.71547652b82fep4;
    constexpr double c_hi = 0x1.62e42fefa39efp-5;  // ln(2)/16
    constexpr double c_lo = 0x1.abc9e3b39803fp-60;
    const shifted_integer n = nearest_shifted(z, sixteen_log2_e, 0x1.8p52);
    const vd r = mul_add(n.k, broadcast(-c_hi), z);
    const vd r_lo = n.k * -c_lo;
    const vd r2 = r * r;
    const vd q01 = mul_add(broadcast(0x1.5555555555551p-3), r, broadcast(0x1.0000000000003p-1));
    const vd q23 = mul_add(broadcast(0x1.1111111151f6dp-7), r, broadcast(0x1.55555554a00f8p-5));
    const vd q45 = mul_add(broadcast(0x1.a01a6e46abb4cp-13), r, broadcast(0x1.6c1829718026ap-10));
    const vd q = mul_add(mul_add(q45, r2, q23), r2, q01);
    const vi64 bits = __builtin_bit_cast(vi64, n.shifted);
    static_assert(Target::permutes_sixteen && sizeof(vi64) == sizeof sixteenths / 2);  // 2 × 8
    vi64 lo;
    vi64 hi;
    std::memcpy(&lo, sixteenths, sizeof lo);
    std::memcpy(&hi, sixteenths + 8, sizeof hi);
    vi64 error_lo;
    vi64 error_hi;
    std::memcpy(&error_lo, sixteenths_error, sizeof error_lo);
    std::memcpy(&error_hi, sixteenths_error + 8, sizeof error_hi);
    const vd scale = __builtin_bit_cast(vd, Target::permute_sixteen(bits, lo, hi) + (bits << 48));
    const vd table_error =
        __builtin_bit_cast(vd, Target::permute_sixteen(bits, error_lo, error_hi));
    const vd scaled_r = scale * r;
    const vd product_error = mul_add(scale, r, -scaled_r);
    // The small terms, each times e^r ≈ 1 + r: r_lo (the r² term left out is below 2^−56 of e^z,
    // |r_lo| ≤ 2^−44) and the table entry's error (times 1 alone would be small against e^z but
    // not against e^z − 1 where that is about r: n = −1, 45 times smaller).
    const vd small = table_error + r_lo;
    const vd t = mul_add(r2, q, mul_add(small, r, small));
    return {scale, scaled_r, mul_add(scale, t, product_error)};
  } else {
    constexpr double log2_e = 0x1.71547652b82fep0;
    constexpr double c_hi = 0x1.62e42fefa39efp-1;  // ln 2
    constexpr double c_lo = 0x1.abc9e3b39803fp-56;
    // n + 1.5·2^52 + 1023 holds n + 1023, the exponent field of 2^n, in its low mantissa bits.
    const shifted_integer n = nearest_shifted(z, log2_e, 0x1.8p52 + 1023.0);
    const vd r = mul_add(n.k, broadcast(-c_hi), z);
    const vd r_lo = n.k * -c_lo;
    const vd r2 = r * r;
    const vd r4 = r2 * r2;
    const vd r8 = r4 * r4;
    const vd a0 = mul_add(broadcast(0x1.5555555555559p-3), r, broadcast(0x1p-1));
    const vd a1 = mul_add(broadcast(0x1.111111110f63bp-7), r, broadcast(0x1.555555555554dp-5));
    const vd a2 = mul_add(broadcast(0x1.a01a01b0156fdp-13), r, broadcast(0x1.6c16c16c1ab0bp-10));
    const vd a3 = mul_add(broadcast(0x1.71ddf7d24aa8p-19), r, broadcast(0x1.a01a018e12026p-16));
    const vd a4 = mul_add(broadcast(0x1.af5faec5aecp-26), r, broadcast(0x1.27e51313ba262p-22));
    const vd b0 = mul_add(a1, r2, a0);
    const vd b1 = mul_add(a3, r2, a2);
    const vd b2 = mul_add(broadcast(0x1.1f1ab2e33c415p-29), r2, a4);
    const vd q = mul_add(b2, r8, mul_add(b1, r4, b0));
    const vd t_poly = r2 * q;
    const vd t = t_poly + mul_add(r_lo, r + t_poly, r_lo);
    const vd scale = __builtin_bit_cast(vd, __builtin_bit_cast(vi64, n.shifted) << 52);
    // scale is a power of two: scale·r is exact.
    return {scale, scale * r, scale * t};
  }
}

// Without the table the low parts reach 6 % of the high ones (|r| ≤ ln(2)/2), and a quotient's
// correction term as much, whose own rounding then shows (0.92 ULP measured on tanh); one more
// exact sum brings lo below an ULP of hi. With the table they stay near 1 %, and 0.53 ULP.
template <class Target = target_traits>
inline word_pair<vd> normalized(const word_pair<vd>& pair) {
  if constexpr (Target::permutes_sixteen) {
    return pair;
  } else {
    return fast_two_sum(pair.hi, pair.lo);
  }
}

// e^z as a pair.
inline word_pair<vd> exp_pair(const double_exp_parts& e) {
  const word_pair<vd> sum = fast_two_sum(e.scale, e.scaled_r);  // |scaled_r| < scale
  return normalized({sum.hi, sum.lo + e.rest});
}

// e^z − 1 as a pair, accurate relative to itself: scale − 1 is exact as a pair (scale ≤ 1), and
// its high part is 0 (n = 0) or larger than scaled_r (n < 0: scale ≤ 2^−1/16, |scaled_r| ≤
// ln(2)/32·scale), so the next sum is exact too.
inline word_pair<vd> expm1_pair(const double_exp_parts& e) {
  const word_pair<vd> shifted = fast_two_sum(broadcast(-1.0), e.scale);
  const word_pair<vd> sum = fast_two_sum(shifted.hi, e.scaled_r);
  return normalized({sum.hi, sum.lo + (shifted.lo + e.rest)});
}

// How far the kernels' own evaluation goes: e^−660 = 2^−952, so every result and every term that
// matters to it stays a normal double, even the residuals 2^−106 below a result: under
// flush-to-zero a subnormal residual would be lost, and with it the low parts. Beyond, the tail.
inline constexpr double normal_exp_limit = 660.0;

// Each kernel in two stages, as the float kernels (see map_whole_blocks): first(x) through the
// exponential, second(state) from there to the result. The residuals negate values that can be
// NaN, so two NaNs of opposite signs can meet, and which one an operation returns is the
// compiler's choice, made differently where a kernel is inlined twice (the pipelined loop, the
// blocks at the ends): each kernel ends with a bitwise step that sets the sign, + where every
// result is ≥ 0, x's elsewhere (tanh, elu), so that every element gets the same bits wherever
// it falls.

// What the second stage needs: e^z or e^z − 1 as a pair, and x where it still matters.
struct pair_and_input {
  word_pair<vd> value;
  vd x;
};

// e^−|x| as a pair, −|x| stopped at −660.
inline word_pair<vd> exp_of_negative_magnitude(vd x) {
  return exp_pair(double_exponential(max_of(broadcast(-normal_exp_limit), negative_magnitude(x))));
}

// σ(x) = 1/(1 + e) for x > 0, e/(1 + e) for x ≤ 0, e = e^−|x| as a pair (see the float kernel).
// x < −660: σ(x) = e^x/(1 + e^x) < 2^−952, from the tail.
template <>
struct kernel<"sigmoid", double, direction::forward> {
  static constexpr double tail_bound = -normal_exp_limit;
  static vd tail_argument(vd x) { return x; }
  static long double tail(long double x) {
    const long double e = std::exp(x);
    return e / (1.0L + e);
  }
  static pair_and_input first(vd x) { return {exp_of_negative_magnitude(x), x}; }
  static vd second(const pair_and_input& e) {
    const vm positive = e.x > 0.0;
    const word_pair<vd> numerator = {select(positive, broadcast(1.0), e.value.hi),
                                     select(positive, vd{}, e.value.lo)};
    return magnitude(divide(numerator, one_plus(e.value)));
  }
};

// σ′(x) = e/(1 + e)², capped at ¼ (see the float kernel); |x| > 660: from the tail.
template <>
struct kernel<"sigmoid", double, direction::derivative> {
  static constexpr double tail_bound = -normal_exp_limit;
  static vd tail_argument(vd x) { return negative_magnitude(x); }
  static long double tail(long double x) {
    const long double e = std::exp(-std::fabs(x));
    return e / ((1.0L + e) * (1.0L + e));
  }
  static word_pair<vd> first(vd x) { return exp_of_negative_magnitude(x); }
  static vd second(const word_pair<vd>& e) {
    return magnitude(min_of(broadcast(0.25), divide(e, square(one_plus(e)))));
  }
};

// tanh|x| = −m/(2 + m), m = e^−2|x| − 1 as a pair; beyond |x| = 19.5 every result is ±1. The
// magnitude is capped at 1, which a directed rounding could otherwise pass by an ULP.
template <>
struct kernel<"tanh", double, direction::forward> {
  static pair_and_input first(vd x) {
    const vd z = max_of(broadcast(-19.5), negative_magnitude(x));
    return {expm1_pair(double_exponential(z + z)), x};
  }
  static vd second(const pair_and_input& state) {
    const word_pair<vd>& m = state.value;
    const word_pair<vd> two_plus_m = [&m] {
      const word_pair<vd> sum = fast_two_sum(broadcast(2.0), m.hi);
      return word_pair<vd>{sum.hi, sum.lo + m.lo};
    }();
    // m/(2 + m) = −tanh|x| ≥ −1; x's sign replaces its own.
    return with_sign_of(max_of(broadcast(-1.0), divide(m, two_plus_m)), state.x);
  }
};

// tanh′(x) = 4e/(1 + e)², e = e^−2|x|, capped at 1; |x| > 330: from the tail.
template <>
struct kernel<"tanh", double, direction::derivative> {
  static constexpr double tail_bound = -normal_exp_limit / 2;
  static vd tail_argument(vd x) { return negative_magnitude(x); }
  static long double tail(long double x) {
    const long double e = std::exp(-2.0L * std::fabs(x));
    return 4.0L * e / ((1.0L + e) * (1.0L + e));
  }
  static word_pair<vd> first(vd x) {
    const vd z = max_of(broadcast(-normal_exp_limit / 2), negative_magnitude(x));
    return exp_pair(double_exponential(z + z));
  }
  static vd second(const word_pair<vd>& e) {
    return magnitude(min_of(broadcast(1.0), divide({4.0 * e.hi, 4.0 * e.lo}, square(one_plus(e)))));
  }
};

// elu(x) = x for x > 0, α·(e^x − 1) otherwise, e^x − 1 as a pair and α times it in one rounding;
// below −40 every result is −α, and no rounding may pass it. Every result for x ≤ 0 has x's sign
// (α ≥ 0), ±0 included.
template <>
struct kernel<"elu", double, direction::forward> {
  double alpha;
  explicit kernel(const auto& elu) : alpha(elu.alpha()) {}
  static pair_and_input first(vd x) {
    return {expm1_pair(double_exponential(max_of(broadcast(-40.0), negative_magnitude(x)))), x};
  }
  vd second(const pair_and_input& state) const {
    const word_pair<vd>& m = state.value;
    const vd x = state.x;
    // −α where e^x − 1 has passed −1 (a directed rounding can take the pair there), by a blend
    // on m rather than max(−α, value): α·x can be subnormal for a normal x, and under DAZ maxpd
    // would read it as 0 (the compiler turns a blend on `value` itself into maxpd).
    const vd value = mul_add(broadcast(alpha), m.hi, alpha * m.lo);
    const vd bounded = select(m.hi + m.lo < -1.0, broadcast(-alpha), value);
    return select(x > 0.0, x, with_sign_of(bounded, x));
  }
};

// elu′(x) = 1 for x > 0, α·e^x otherwise; x < −660: from the tail.
template <>
struct kernel<"elu", double, direction::derivative> {
  double alpha;
  explicit kernel(const auto& elu) : alpha(elu.alpha()) {}
  static constexpr double tail_bound = -normal_exp_limit;
  static vd tail_argument(vd x) { return x; }
  long double tail(long double x) const { return static_cast<long double>(alpha) * std::exp(x); }
  static pair_and_input first(vd x) { return {exp_of_negative_magnitude(x), x}; }
  vd second(const pair_and_input& e) const {
    return select(e.x > 0.0, broadcast(1.0),
                  magnitude(mul_add(broadcast(alpha), e.value.hi, alpha * e.value.lo)));
  }
};

// selu(x) = scale·x for x > 0, scale·α·(e^x − 1) otherwise: elu's kernel with the constants as
// pairs (selu_constants), each product with its low parts folded into one fused operation.
template <>
struct kernel<"selu", double, direction::forward> {
  static pair_and_input first(vd x) { return kernel<"elu", double, direction::forward>::first(x); }
  static vd second(const pair_and_input& state) {
    using c = selu_constants;
    const word_pair<vd>& m = state.value;
    const vd x = state.x;
    const vd value = mul_add(broadcast(c::product), m.hi, c::product * m.lo + c::product_lo * m.hi);
    const vd bounded = select(m.hi + m.lo < -1.0, broadcast(-c::product), value);
    const vd positive = mul_add(x, broadcast(c::scale), x * c::scale_lo);
    return select(x > 0.0, positive, with_sign_of(bounded, x));
  }
};

// selu′(x) = scale for x > 0, scale·α·e^x otherwise; x < −660: from the tail.
template <>
struct kernel<"selu", double, direction::derivative> {
  static constexpr double tail_bound = -normal_exp_limit;
  static vd tail_argument(vd x) { return x; }
  static long double tail(long double x) {
    using c = selu_constants;
    return (static_cast<long double>(c::product) + static_cast<long double>(c::product_lo)) *
           std::exp(x);
  }
  static pair_and_input first(vd x) { return {exp_of_negative_magnitude(x), x}; }
  static vd second(const pair_and_input& e) {
    using c = selu_constants;
    const vd value = mul_add(broadcast(c::product), e.value.hi,
                             c::product * e.value.lo + c::product_lo * e.value.hi);
    return select(e.x > 0.0, broadcast(c::scale), magnitude(value));
  }
};

// selu′ from the output (see the float kernel): (y + hi) + lo, within 1 ULP.
template <>
struct kernel<"selu", double, direction::derivative_from_output> {
  vd operator()(vd y) const { return selu_slope_at_output(y); }
};

// celu has no double kernels: with α far from 1 (subnormal, or above 2^60) x/α leaves double's
// range where the scalar members' long double keeps it (the fuzzer found both); its double arrays
// run the scalar members.

// The stages of Op with the tail's lanes marked (see map_doubles_with_tail).
template <class Op>
struct marking_tail {
  Op op;
  vd lowest = vd{};  // the smallest tail_argument met so far, or 0
  struct state {
    decltype(op.first(vd{})) inner;
    vd x;
  };
  state first(vd x) {
    lowest = min_of(op.tail_argument(x), lowest);  // NaN: lowest stays
    return {op.first(x), x};
  }
  vd second(const state& s) const {
    return select(op.tail_argument(s.x) < Op::tail_bound, s.x, op.second(s.inner));
  }
};

// Lanes whose results fall below 2^−952 (see normal_exp_limit) are rare and computed one by one
// in long double, whose exponent range holds them, then rounded once more: within 0.5 ULP + 2^−11
// there. The vector pass writes x itself in those lanes, which no result can be mistaken for
// (tail_argument(result) < tail_bound holds for none: the results are ≥ 0), and keeps the
// smallest tail_argument it met; only if that is below the bound does a scalar pass replace the
// marked lanes. (A branch per block measured 30 % slower: the possible call spills registers.)
template <class Op>
inline void map_doubles_with_tail(const double* in, double* out, std::size_t n, Op op) {
  const vd lowest = map_blocks<vd, 2>(in, out, n, marking_tail<Op>{op}).lowest;
  if (any_below(lowest, Op::tail_bound)) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = out[i];
      if (op.tail_argument(x - vd{})[0] < Op::tail_bound) {
        out[i] = static_cast<double>(op.tail(static_cast<long double>(x)));
      }
    }
  }
}

// (hi + lo)/6 as hi·c + (lo·c + hi·c_lo), with c + c_lo = 1/6 to 2^−107: hi·c is exact inside
// the fused operation, so the result is the pair's sixth rounded once, plus terms 2^−50 below it.
inline vd sixth_of(const word_pair<vd>& pair) {
  constexpr double c = 1.0 / 6.0;
  constexpr double c_lo = 0x1.5555555555555p-57;  // 1/6 − c
  return mul_add(pair.hi, broadcast(c), mul_add(pair.hi, broadcast(c_lo), pair.lo * c));
}

// hardsigmoid(x) = (x + 3)/6 on x clamped to [−3, 3] (0 at −3, 1 at 3: the constant pieces), with
// x + 3 exact as a pair (Fast2Sum: 3 ≥ |x|): within ½ ULP and a small fraction.
template <>
struct kernel<"hardsigmoid", double, direction::forward> {
  vd operator()(vd x) const {
    const vd inside = clamp_to_three(x);
    return sixth_of(fast_two_sum(broadcast(3.0), inside));
  }
};

// hardswish′(x) = (2x + 3)/6 strictly inside (−3, 3), 2x + 3 exact as a pair.
template <>
struct kernel<"hardswish", double, direction::derivative> {
  vd operator()(vd x) const {
    const vd inside = clamp_to_three(x);
    const vd value = sixth_of(two_sum(inside + inside, broadcast(3.0)));
    return select(x <= -3.0, vd{}, select(x >= 3.0, broadcast(1.0), value));
  }
};

// hardswish(x) = x·(x + 3)/6 strictly inside (−3, 3): x + 3 = s + t exactly, x·s = p + e exactly
// (FMA), and x·(x + 3) = p + (e + x·t) to within 2^−100 of it, then divided by 6 as above. The
// magnitude's sign is x's, which keeps hardswish(±0) = ±0 where the pair's sum would give +0.
template <>
struct kernel<"hardswish", double, direction::forward> {
  vd operator()(vd x) const {
    const vd inside = clamp_to_three(x);
    const word_pair<vd> s = fast_two_sum(broadcast(3.0), inside);
    const auto [p, e] = two_product(inside, s.hi);
    const vd value = with_sign_of(sixth_of({p, mul_add(inside, s.lo, e)}), inside);
    return select(x <= -3.0, vd{}, select(x >= 3.0, x, value));
  }
};

// softsign(x) = |x|/(1 + |x|) with x's sign: 1 + |x| exact as a pair, one corrected quotient.
// |x| stops at 2^60, where every result has rounded to 1 (∞/∞ would be NaN).
template <>
struct kernel<"softsign", double, direction::forward> {
  vd operator()(vd x) const {
    const vd m = min_of(broadcast(0x1p60), magnitude(x));
    return with_sign_of(divide({m, vd{}}, two_sum(broadcast(1.0), m)), x);
  }
};

// softsign′(x) = r² with r = 1/(1 + |x|) as a pair: q = 1/d.hi and its residual (exact by FMA, with
// d.lo folded in) over d. Squaring r rather than dividing by d² keeps every intermediate in range:
// d² would overflow from |x| = 2^512 where the result is still a subnormal. |x| stops at 2^600,
// where r² < 2^−1200 has rounded to +0 (and ∞ would meet 0·∞ in the residual). The residual
// negates q, which can be NaN: the sign is set last (see above).
template <>
struct kernel<"softsign", double, direction::derivative> {
  vd operator()(vd x) const {
    const word_pair<vd> d = two_sum(broadcast(1.0), min_of(broadcast(0x1p600), magnitude(x)));
    const vd q = 1.0 / d.hi;
    const vd q_lo = (residual(broadcast(1.0), q, d.hi) - q * d.lo) * q;
    return magnitude(mul_add(q, q, (q + q) * q_lo));
  }
};

// The loop of the staged double kernels: two blocks per iteration (they hold some twenty
// constants in registers), with the tail's pass where the kernel has one.
template <class Map>
requires staged<Map, vd>
inline void run_loop(const Map& map, const double* in, double* out, std::size_t n) {
  if constexpr (requires { Map::tail_bound; }) {
    map_doubles_with_tail(in, out, n, map);
  } else {
    map_blocks<vd, 2>(in, out, n, map);
  }
}
