// The float array kernels, written once and compiled once per instruction set: instances.hpp
// includes this file inside a namespace per target (activ::detail::simd::avx2_fma, ::sse2,
// ::portable), under that target's code-generation options. Not a header of its own, hence no
// include guard; the including namespace must first define:
//   lanes               doubles per vector
//   vd, vf, vi64        vectors of `lanes` double / float / int64
//   wide_lanes, vfw     floats per full-width vector, and that vector (relu, leaky_relu)
//   vd mul_add(vd a, vd b, vd c)   a·b + c, fused where the target has FMA
//   vd max_of(vd bound, vd x)      bound > x ? bound : x (x86's maxpd: x where x is NaN)
//   vd min_of(vd bound, vd x)      bound < x ? bound : x
//   shifted_integer {vd k; vd shifted;} nearest_shifted(vd z, double factor, double shifter)
//                                  k = z·factor rounded to an integer, ties either way, whatever
//                                  the rounding mode (z·factor ≤ 0, |z·factor| < 2^31), and
//                                  shifted = k + shifter exactly
//   vd widen(vf), vf narrow(vd)    exact float → double, double → float rounded to nearest
//   double_kernels                 whether double_kernels.inl follows for this target
//   target_traits                  permutes_sixteen: whether the target has
//                                  vi64 permute_sixteen(vi64 index, vi64 lo, vi64 hi), lane i of
//                                  the 16 in lo and hi chosen by the low 4 bits of index[i];
//                                  fixes_up: whether it has V fix_up(V otherwise, V x, responses)
//                                  for V = vfw and vd, a value per class of x (AVX-512's
//                                  vfixupimm, see instances.hpp);
//                                  selects_bits: whether it has vd select_bits(vd mask, vd
//                                  if_set, vd if_clear), bit by bit, in one instruction
//
// Why double: a float result within 1 ULP needs the value before its last rounding to be within
// 2^−25 of it (relative); evaluated in double, every step but the polynomial costs 2^−53, and the
// polynomials are fitted to 2^−31.5 or better, so each result is the double value's correct
// rounding up to 2^−6 ULP: 0.51 ULP at worst, and the same code needs no FMA for its accuracy
// (the SSE2 and portable targets). The exhaustive checker (tests/exhaustive.cpp) measures every
// target.

// The kernel of the activation named Name for element type T in direction D (see kernel.hpp):
// each specialisation below is built from the functor (taking the parameters it needs) and is a
// map the loops below run over the arrays: a callable Block → Block, or two stages, first and
// second (see map_whole_blocks). run() at the end picks the loop.
template <fixed_name Name, class T, direction D>
struct kernel;
// The same for the fast tier (activ::fast_t): specialised where a kernel within its 3-ULP bound
// runs faster than the precise one; elsewhere the precise kernel serves both tiers.
template <fixed_name Name, class T, direction D>
struct fast_kernel;

using vm = decltype(vd{} < vd{});     // lane masks from double comparisons (all ones or zeros)
using vmw = decltype(vfw{} < vfw{});  // the same for full-width float vectors

// c − 0 is c for every c, −0 included (0 + c would turn −0 into +0).
inline vd broadcast(double c) { return c - vd{}; }
// The sign bit of every lane of a V, as its lane mask type.
template <class V = vd>
inline auto sign_bits() {
  using mask = decltype(V{} < V{});
  return mask{} + std::numeric_limits<std::remove_cvref_t<decltype(mask{}[0])>>::min();
}

// The vector conditional operator: a blend (AVX-512: one masked move, or the masked form of the
// operation that computes if_true), without branches. Where the pattern is a bound, max_of and
// min_of (from the prelude) are one instruction instead of a comparison and a blend.
inline vd select(vm mask, vd if_true, vd if_false) { return mask ? if_true : if_false; }
inline vfw select(vmw mask, vfw if_true, vfw if_false) { return mask ? if_true : if_false; }

// |v|, one bitwise and.
template <class V>
inline V magnitude(V v) {
  const auto sign = sign_bits<V>();
  return __builtin_bit_cast(V, __builtin_bit_cast(decltype(sign), v) & ~sign);
}
// −|x|, one bitwise or.
inline vd negative_magnitude(vd x) {
  return __builtin_bit_cast(vd, __builtin_bit_cast(vm, x) | sign_bits());
}
// |magnitude| with the sign of `sign`: one bitwise select. With AVX-512 it is asked for by name
// (one vpternlogq); written as and/or, GCC splits off sign & bits first, one operation more
// (measured 7 % on tanh).
// For V = vd or vfw, which fill the same register (the bitwise select works on either).
template <class V, class Target = target_traits>
inline V with_sign_of(V magnitude_value, V sign) {
  using mask = decltype(V{} < V{});
  const mask bits = sign_bits<V>();
  if constexpr (Target::selects_bits) {
    static_assert(sizeof(V) == sizeof(vd));
    return __builtin_bit_cast(
        V, Target::select_bits(__builtin_bit_cast(vd, bits), __builtin_bit_cast(vd, sign),
                               __builtin_bit_cast(vd, magnitude_value)));
  } else {
    return __builtin_bit_cast(V, (__builtin_bit_cast(mask, magnitude_value) & ~bits) |
                                     (__builtin_bit_cast(mask, sign) & bits));
  }
}
// value with the sign bit of `sign` or-ed in: −0 stays −0, a negative value stays as it is.
template <class V>
inline V or_sign_of(V value, V sign) {
  using mask = decltype(V{} < V{});
  return __builtin_bit_cast(
      V, __builtin_bit_cast(mask, value) | (__builtin_bit_cast(mask, sign) & sign_bits<V>()));
}

// −min(|x|, bound), NaN kept: the argument of every exponential below, which all take e^−|x| (or
// e^x for x ≤ 0), clamped where the result has settled. (AVX-512's vrangepd does this in one
// instruction, 3–9 % faster, but turns NaN into −bound.)
inline vd negative_magnitude_at_most(vd x, double bound) {
  return max_of(broadcast(-bound), negative_magnitude(x));
}

// e^z = scale·(1 + p) for z ∈ [−745, 0] (z = −0 included), with p within 3.2·10^−10 of the
// e^r − 1 it stands for, relative to it, and scale a normal double. Keeping 1 + p apart matters
// where the caller needs e^z − 1: near 0 that is p itself (scale = 1), accurate relative to its
// own size, which is what makes tanh and elu exact near 0.
//
// Two reductions, z = k·ln 2 + r or z = (k + j/16)·ln 2 + r, with k (and j) from the integer
// nearest z/ln 2 (z·16/ln 2), ties either way, whatever the rounding mode:
// - without a table: |r| ≤ ln(2)/2, scale = 2^k, and expm1(r) ≈ r + c2·r² + … + c7·r⁷;
// - where the target permutes a 16-entry table in one instruction (AVX-512's vpermt2q):
//   |r| ≤ ln(2)/32, scale = 2^k·2^(j/16), and a polynomial of degree 4 does, one operation and a
//   few cycles of latency fewer on every kernel (measured 7–11 % faster).
// r is z − n·(ln 2/N) in one fused step (two roundings without FMA), which for the |n| these
// kernels reach errs by less than 2^−42 relative to e^z. Both polynomials are Sollya fpminimax
// fits of the relative error (script in docs/kernels.sollya): 2.43·10^−10 (2^−31.9) and
// 3.17·10^−10 (2^−31.6); Estrin's scheme, the same operations as Horner's in a dependency chain
// half as long, which is what bounds the throughput here.
//
// tanh needs e^(2z). Forming 2z first would put one more operation on the critical path; instead
// the factor 2 goes into the reduction (n nearest 2z·N/ln 2, s = z − n·ln(2)/(2N), r = 2s) and
// into the coefficients (the polynomial in s, each coefficient times a power of two: exact); its
// leading term 2s = s + s is formed beside s², off the critical path.
//
// The callers finish with one fused operation and one addition: e^z − 1 = scale·p + (scale − 1),
// whose addition does not wait for p, and 1 + e^z = e^z + 1. Measured on an AVX-512 core that
// issues two FMA-class operations and two additions per cycle: every operation taken off the
// FMA side counts, even one that lengthens the chain (e + 1 after e rather than
// scale·p + (scale + 1) beside it: sigmoid 6 % faster). See docs/performance.md.
struct exp_parts {
  vd scale;  // 2^k (·2^(j/16))
  vd p;      // e^r − 1
};

// 2^(j/16) for j = 0…15 as bit patterns, each less j·2^48: adding n·2^48 (n = 16k + j, in two's
// complement) to entry j then adds k to the exponent field and cancels the j.
inline constexpr std::int64_t sixteenths[16] = {
    0x3ff0000000000000 - (0LL << 48),  0x3ff0b5586cf9890f - (1LL << 48),
    0x3ff172b83c7d517b - (2LL << 48),  0x3ff2387a6e756238 - (3LL << 48),
    0x3ff306fe0a31b715 - (4LL << 48),  0x3ff3dea64c123422 - (5LL << 48),
    0x3ff4bfdad5362a27 - (6LL << 48),  0x3ff5ab07dd485429 - (7LL << 48),
    0x3ff6a09e667f3bcd - (8LL << 48),  0x3ff7a11473eb0187 - (9LL << 48),
    0x3ff8ace5422aa0db - (10LL << 48), 0x3ff9c49182a3f090 - (11LL << 48),
    0x3ffae89f995ad3ad - (12LL << 48), 0x3ffc199bdd85529c - (13LL << 48),
    0x3ffd5818dcfba487 - (14LL << 48), 0x3ffea4afa2a490da - (15LL << 48),
};

//
// Halved: scale doubled and p halved, the same product scale·p, for tanh, which needs e^(2z) − 1
// = scale·p + (scale − 1) and can form scale − 1 as ½·scale − 1 in one fused operation: the
// coefficients d_i/2 are exact, the leading term is s itself, and the shifter's bias moves k up
// by one. One operation fewer.
template <int Factor, bool Halved = false, class Target = target_traits>
inline exp_parts scaled_exponential(vd z) {
  static_assert(Factor == 1 || Factor == 2);
  constexpr double f = Factor;
  constexpr double h = Halved ? 0.5 : 1.0;
  constexpr double log2_e = 0x1.71547652b82fep0;
  constexpr double ln2 = 0x1.62e42fefa39efp-1;
  if constexpr (Target::permutes_sixteen) {
    constexpr double c2 = 0x1.0000000231753p-1;
    constexpr double c3 = 0x1.555709d1b7a6ap-3;
    constexpr double c4 = 0x1.5554dcce60c05p-5;
    // In the variable s = r/Factor, e^r − 1 = Factor·s + d2·s² + … with d_i = c_i·Factor^i.
    // In the variable s, times h (exact).
    constexpr double d2 = c2 * f * f * h;
    constexpr double d3 = c3 * f * f * f * h;
    constexpr double d4 = c4 * f * f * f * f * h;
    // n + 1.5·2^52 holds n in its low mantissa bits, j in the lowest 4 (a bias of 16: k + 1).
    const shifted_integer n =
        nearest_shifted(z, 16.0 * f * log2_e, 0x1.8p52 + (Halved ? 16.0 : 0.0));
    const vd s = mul_add(n.k, broadcast(-ln2 / (16.0 * f)), z);
    const vd s2 = s * s;
    const vd leading = Factor == 2 && !Halved ? s + s : s;
    const vd q = mul_add(broadcast(d4), s2, mul_add(broadcast(d3), s, broadcast(d2)));
    const vi64 bits = __builtin_bit_cast(vi64, n.shifted);
    static_assert(Target::permutes_sixteen && sizeof(vi64) == sizeof sixteenths / 2);  // 2 × 8
    vi64 lo;
    vi64 hi;
    std::memcpy(&lo, sixteenths, sizeof lo);
    std::memcpy(&hi, sixteenths + 8, sizeof hi);
    const vi64 scale = Target::permute_sixteen(bits, lo, hi) + (bits << 48);
    return {__builtin_bit_cast(vd, scale), mul_add(q, s2, leading)};
  } else {
    constexpr double c2 = 0x1.0000002662023p-1;
    constexpr double c3 = 0x1.555554ee58deep-3;
    constexpr double c4 = 0x1.5554afe42c69ep-5;
    constexpr double c5 = 0x1.11118a5bcac97p-7;
    constexpr double c6 = 0x1.6d7355781bb22p-10;
    constexpr double c7 = 0x1.a032d63768465p-13;
    constexpr double d2 = c2 * f * f * h;
    constexpr double d3 = c3 * f * f * f * h;
    constexpr double d4 = c4 * f * f * f * f * h;
    constexpr double d5 = c5 * f * f * f * f * f * h;
    constexpr double d6 = c6 * f * f * f * f * f * f * h;
    constexpr double d7 = c7 * f * f * f * f * f * f * f * h;
    // k + 1.5·2^52 + 1023 holds k + 1023, the exponent field of 2^k, in its low mantissa bits
    // (+ 1024: 2^(k + 1)).
    const shifted_integer n = nearest_shifted(z, f * log2_e, 0x1.8p52 + (Halved ? 1024.0 : 1023.0));
    const vd s = mul_add(n.k, broadcast(-ln2 / f), z);
    const vd s2 = s * s;
    const vd leading = Factor == 2 && !Halved ? s + s : s;
    const vd q01 = mul_add(broadcast(d3), s, broadcast(d2));
    const vd q23 = mul_add(broadcast(d5), s, broadcast(d4));
    const vd q45 = mul_add(broadcast(d7), s, broadcast(d6));
    const vd q = mul_add(mul_add(q45, s2, q23), s2, q01);
    return {__builtin_bit_cast(vd, __builtin_bit_cast(vi64, n.shifted) << 52),
            mul_add(q, s2, leading)};
  }
}

inline exp_parts exponential(vd z) { return scaled_exponential<1>(z); }
inline exp_parts exponential_of_twice(vd z) { return scaled_exponential<2>(z); }

inline vd exp_value(const exp_parts& e) { return mul_add(e.scale, e.p, e.scale); }

// ----------------------------------------------------------------------------------------------
// One function object per kernel, in two stages (see map_whole_blocks): first(x) takes a vector
// of inputs (floats widened to double, exactly) through the exponential, second(state) from there
// to the results in double, which the loop rounds to float once. Each clamps its argument to
// where the result has settled, which also keeps 2^k a normal double.

// NaN: an operation on two NaNs returns the first one, and which one comes first is the
// compiler's choice, which may differ where a kernel is inlined twice (the pipelined loop and the
// blocks at the ends). Here every NaN input becomes −|x|, the same NaN for every operation that
// follows, and no kernel negates a value that can be NaN, so the result's bits do not depend on
// that choice: every element gets the same bits wherever it falls. (The double kernels negate
// values in their residuals, and end with a bitwise step that sets the sign instead.)

// What the second stage needs: the exponential's value, or e^z − 1, and x where it still matters.
struct value_and_input {
  vd value;
  vd x;
};

// x > 0 ? if_positive : otherwise, where if_positive is 1 or x itself. With AVX-512 one
// vfixupimm (see instances.hpp) instead of a comparison and a blend: classes positive, +1 and +∞
// take 1 (response 10) or x (1), all others (NaN, ±0, negatives, −∞) `otherwise` (0), which for
// NaN carries the kernel's own NaN (see above). 5 % faster on sigmoid.
inline constexpr std::uint32_t positive_to_one = 0xA0A0A000;
inline constexpr std::uint32_t positive_to_x = 0x10101000;
template <std::uint32_t Responses, class Target = target_traits>
inline vd if_positive(vd x, vd otherwise) {
  if constexpr (Target::fixes_up) {
    return Target::fix_up(otherwise, x, Responses);
  } else if constexpr (Responses == positive_to_one) {
    return select(x > 0.0, broadcast(1.0), otherwise);
  } else {
    static_assert(Responses == positive_to_x);
    return select(x > 0.0, x, otherwise);
  }
}

// σ(x) = 1/(1 + e^−x) for x > 0, e^x/(1 + e^x) otherwise: both in terms of e = e^−|x| ≤ 1, never
// overflowing, and the second keeps σ's relative accuracy as it decays into the subnormals. Below
// −110 (e^−110 < 2^−158) every result rounds to +0.
template <>
struct kernel<"sigmoid", float, direction::forward> {
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 110.0))), x};
  }
  static vd second(const value_and_input& e) {
    return if_positive<positive_to_one>(e.x, e.value) / (e.value + 1.0);
  }
};

// σ′(x) = e/(1 + e)² with e = e^−|x|: even, and free of σ(1 − σ)'s cancellation at large |x|.
// Capped at its maximum ¼, which the double value can pass by an ULP near 0; rounded upward that
// would leave σ′'s range. The argument stops at −200, where σ′ < 2^−288: backward multiplies it by
// a gradient below 2^128, and the product still rounds to 0 in float.
template <>
struct kernel<"sigmoid", float, direction::derivative> {
  static vd first(vd x) { return exp_value(exponential(negative_magnitude_at_most(x, 200.0))); }
  static vd second(vd e) {
    const vd d = e + 1.0;
    return min_of(broadcast(0.25), e / (d * d));
  }
};

// tanh|x| = −m/(2 + m) with m = e^−2|x| − 1 ∈ (−1, 0]: m carries full relative accuracy near 0
// (see scaled_exponential), and the quotient only doubles its error. The argument stops at
// −|x| = −18, where every result has rounded to ±1: there e^−2|x| and the scale are still
// ≥ 2^−52, so scale − 1 ≥ −1 + 2^−52 and m cannot pass −1 in any rounding mode. Odd by
// construction: the quotient m/(2 + m) ≤ 0 is −tanh|x|, and x's sign replaces its own.
template <>
struct kernel<"tanh", float, direction::forward> {
  static value_and_input first(vd x) {
    // e^−2|x| − 1 from the halved parts: scale·p + (½·scale − 1), the same bits as from the
    // others' scale·p + (scale − 1).
    const exp_parts parts = scaled_exponential<2, true>(negative_magnitude_at_most(x, 18.0));
    return {mul_add(parts.scale, parts.p, mul_add(parts.scale, broadcast(0.5), broadcast(-1.0))),
            x};
  }
  static vd second(const value_and_input& m) {
    return with_sign_of(m.value / (2.0 + m.value), m.x);
  }
};

// tanh′(x) = 4e/(1 + e)² = e/((1 + e)/2)² with e = e^−2|x|, not 1 − tanh², which loses every
// digit as tanh → 1. Capped at its maximum 1 for the reason σ′ is. The argument stops at −100
// (tanh′ < 2^−286), for the reason σ′'s stops at −200.
template <>
struct kernel<"tanh", float, direction::derivative> {
  static vd first(vd x) {
    return exp_value(exponential_of_twice(negative_magnitude_at_most(x, 100.0)));
  }
  static vd second(vd e) {
    const vd half_d = mul_add(e, broadcast(0.5), broadcast(0.5));
    return min_of(broadcast(1.0), e / (half_d * half_d));
  }
};

// elu(x) = x for x > 0, α·(e^x − 1) otherwise, with e^x − 1 = scale·(1 + p) − 1 in one rounding:
// exact near 0⁻ where e^x − 1 would cancel. The exponential takes −|x| (its value is discarded
// for x > 0), stopped at −36, where α·(e^x − 1) has rounded to −α for every α; there the scale is
// still ≥ 2^−52, so scale − 1 ≥ −1 + 2^−52 and the sum cannot pass −1 in any rounding mode. ±0
// keep α·x: the sign of x is or-ed into e^x − 1, which is +0 there.
template <>
struct kernel<"elu", float, direction::forward> {
  double alpha;
  explicit kernel(const auto& elu) : alpha(static_cast<double>(elu.alpha())) {}
  static value_and_input first(vd x) {
    const exp_parts parts = exponential(negative_magnitude_at_most(x, 36.0));
    return {mul_add(parts.scale, parts.p, parts.scale - 1.0), x};
  }
  vd second(const value_and_input& m) const {
    return if_positive<positive_to_x>(m.x, alpha * or_sign_of(m.value, m.x));
  }
};

// elu′(x) = 1 for x > 0, α·e^x otherwise (α at 0, as the scalar member), e^x from −|x| as above.
// Below −290, α·e^x times any float gradient rounds to 0 for every float α (e^−290 < 2^−418).
template <>
struct kernel<"elu", float, direction::derivative> {
  double alpha;
  explicit kernel(const auto& elu) : alpha(static_cast<double>(elu.alpha())) {}
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 290.0))), x};
  }
  vd second(const value_and_input& e) const {
    return if_positive<positive_to_one>(e.x, alpha * e.value);
  }
};

// silu(x) = x·σ(x) with σ as sigmoid's kernel computes it; x stops at −130, where every result
// has rounded to −0 (x·σ(x) < 2^−180), and the exponential's argument at −130 likewise. NaN lanes
// take −|x| (see above: x itself and the exponential's NaN differ in sign).
// result where x is a number, else x's NaN as every kernel here returns it (−|x|, see the NaN
// note above): the last step of the kernels whose result also depends on x itself.
inline vd number_or_nan(vd result, vd x) {
  const vm is_number = magnitude(x) <= std::numeric_limits<double>::infinity();
  return select(is_number, result, negative_magnitude(x));
}

template <>
struct kernel<"silu", float, direction::forward> {
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 130.0))), x};
  }
  static vd second(const value_and_input& e) {
    const vd sigma = if_positive<positive_to_one>(e.x, e.value) / (e.value + 1.0);
    return number_or_nan(max_of(broadcast(-130.0), e.x) * sigma, e.x);
  }
};

// silu′(x) = (1 + e·(1 + x))/(1 + e)² for x ≥ 0 and e·(1 + x + e)/(1 + e)² for x < 0, e = e^−|x|
// (see silu.hpp). Both e and 1 + x + e come from one exponential of d = −|x| − x₀: e = E₀·e^d
// and, for x < 0, 1 + x + e = d + E₀·(e^d − 1), which keeps its relative accuracy through the zero
// of silu′ at x₀ where 1 + x + e would lose it to e's rounding. x stops at ±200 (silu′ within
// 2^−270 of its limits 0 and 1). NaN: every value derived from d carries −|x|'s NaN, and x itself
// is only compared.
// A slope computed from one exponential of d, an argument measured from the slope's zero x₀:
// e = E₀·e^d (the exponential the formula needs, e^−|x| here), m = e^d − 1 (accurate relative to
// itself near x₀), d, and the input x stopped where the slope has settled (silu, mish).
struct slope_from_root {
  vd e;
  vd m;
  vd d;
  vd x;
};
inline constexpr double silu_root = -0x1.474973c84120bp+0;  // x₀ = −1 − W(1/e), and the rest
inline constexpr double silu_root_lo = -0x1.f8d74bc9ac154p-54;
inline constexpr double silu_root_exp = 0x1.1d25cf210482ep-2;  // E₀ = e^x₀ = −1 − x₀
template <>
struct kernel<"silu", float, direction::derivative> {
  static slope_from_root first(vd x) {
    const vd t = min_of(broadcast(200.0), max_of(broadcast(-200.0), x));
    const vd d = (negative_magnitude(t) - silu_root) - silu_root_lo;
    const exp_parts parts = exponential(d);
    return {silu_root_exp * exp_value(parts), mul_add(parts.scale, parts.p, parts.scale - 1.0), d,
            t};
  }
  static vd second(const slope_from_root& s) {
    const vd positive = mul_add(s.e, 1.0 + s.x, broadcast(1.0));
    const vd negative = s.e * mul_add(broadcast(silu_root_exp), s.m, s.d);
    const vd denominator = s.e + 1.0;
    return select(s.x >= 0.0, positive, negative) / (denominator * denominator);
  }
};

// SELU's and CELU's constants and parameters, for their kernels here and in double_kernels.inl:
// PyTorch's SELU α, scale and their product scale·α as pairs of doubles (see selu.hpp).
struct selu_constants {
  static constexpr double alpha = 0x1.ac5afad782cf1p+0;
  static constexpr double scale = 0x1.0cfabd6a91132p+0;
  static constexpr double scale_lo = 0x1.6fc7d272f2695p-55;
  static constexpr double product = 0x1.c212cc640f031p+0;
  static constexpr double product_lo = 0x1.05161b045a1fep-56;
};
// CELU's α and 1/α in double (1/α rounded: x·(1/α) is within 2^−52 of x/α, which moves e^(x/α)
// by less than 2^−44 relative up to the −290 where its float kernels stop).
struct celu_parameters {
  double alpha;
  double inverse;
  explicit celu_parameters(const auto& celu)
      : alpha(static_cast<double>(celu.alpha())), inverse(1.0 / alpha) {}
};

// selu(x) = scale·elu(x) with PyTorch's α: elu's kernel, then the scale, one rounding more in
// double.
template <>
struct kernel<"selu", float, direction::forward> {
  static value_and_input first(vd x) { return kernel<"elu", float, direction::forward>::first(x); }
  static vd second(const value_and_input& m) {
    constexpr double alpha = selu_constants::alpha;
    return if_positive<positive_to_x>(m.x, alpha * or_sign_of(m.value, m.x)) *
           selu_constants::scale;
  }
};
template <>
struct kernel<"selu", float, direction::derivative> {
  static value_and_input first(vd x) {
    return kernel<"elu", float, direction::derivative>::first(x);
  }
  static vd second(const value_and_input& e) {
    return if_positive<positive_to_one>(e.x, selu_constants::alpha * e.value) *
           selu_constants::scale;
  }
};
// celu(x) = x for x > 0, α·(e^(x/α) − 1) otherwise: elu's kernel on x/α, which the clamp at −36
// bounds as it bounds x there.
template <>
struct kernel<"celu", float, direction::forward> : celu_parameters {
  using celu_parameters::celu_parameters;
  value_and_input first(vd x) const {
    const exp_parts parts = exponential(negative_magnitude_at_most(x * inverse, 36.0));
    return {mul_add(parts.scale, parts.p, parts.scale - 1.0), x};
  }
  vd second(const value_and_input& m) const {
    return if_positive<positive_to_x>(m.x, alpha * or_sign_of(m.value, m.x));
  }
};
template <>
struct kernel<"celu", float, direction::derivative> : celu_parameters {
  using celu_parameters::celu_parameters;
  value_and_input first(vd x) const {
    return {exp_value(exponential(negative_magnitude_at_most(x * inverse, 290.0))), x};
  }
  static vd second(const value_and_input& e) { return if_positive<positive_to_one>(e.x, e.value); }
};

// log(1 + e) for e ∈ [0, 1] (e^−|t|, never above 1): 2·atanh(s) with s = e/(2 + e) ∈ [0, 1/3],
// as 2s + 2s·w·q(w), w = s², where q of degree 5 approximates (atanh(s)/s − 1)/w on [0, 1/9]
// (Sollya's fpminimax, docs/kernels.sollya: log1p within 9.4·10^−12, 2^−36.6, relative). Small e
// keep their relative accuracy (log1p(e) ≈ 2s), which softplus's decay toward 0 needs. NaN passes.
inline vd log1p_of_decay(vd e) {
  constexpr double q0 = 0x1.55555553d3994p-2;
  constexpr double q1 = 0x1.9999a1199e9e2p-3;
  constexpr double q2 = 0x1.248f43ee3de5fp-3;
  constexpr double q3 = 0x1.c7ff17aeee7b9p-4;
  constexpr double q4 = 0x1.658553cb13fd2p-4;
  constexpr double q5 = 0x1.aa4b374ec0e74p-4;
  const vd s = e / (e + 2.0);
  const vd w = s * s;
  const vd w2 = w * w;
  const vd q01 = mul_add(broadcast(q1), w, broadcast(q0));
  const vd q23 = mul_add(broadcast(q3), w, broadcast(q2));
  const vd q45 = mul_add(broadcast(q5), w, broadcast(q4));
  const vd q = mul_add(mul_add(q45, w2, q23), w2, q01);
  const vd twice = s + s;
  return mul_add(twice * w, q, twice);
}

// softplus's β and 1/β in double: β·x is exact there (two floats' product), and the last
// division by β becomes a product within 2^−52 of it.
struct softplus_parameters {
  double beta;
  double inverse;
  explicit softplus_parameters(const auto& softplus)
      : beta(static_cast<double>(softplus.beta())), inverse(1.0 / beta) {}
};

// softplus(x) = max(x, 0) + log1p(e^−|βx|)/β. The argument stops at −700: e^−700/β is below the
// float range for every float β (β ≥ 2^−149), and for x > 0 far below x's last bit.
template <>
struct kernel<"softplus", float, direction::forward> : softplus_parameters {
  using softplus_parameters::softplus_parameters;
  value_and_input first(vd x) const {
    return {exp_value(exponential(negative_magnitude_at_most(x * beta, 700.0))), x};
  }
  vd second(const value_and_input& e) const {
    return if_positive<positive_to_x>(e.x, vd{}) + log1p_of_decay(e.value) * inverse;
  }
};
// softplus′(x) = σ(βx): sigmoid's kernel on t = βx, its argument stopped at −200 as the backward
// needs (see times_gradient).
template <>
struct kernel<"softplus", float, direction::derivative> : softplus_parameters {
  using softplus_parameters::softplus_parameters;
  value_and_input first(vd x) const {
    const vd t = x * beta;
    return {exp_value(exponential(negative_magnitude_at_most(t, 200.0))), t};
  }
  static vd second(const value_and_input& e) {
    return if_positive<positive_to_one>(e.x, e.value) / (e.value + 1.0);
  }
};

// log σ(x) = min(x, 0) − log1p(e^−|x|), the minimum as a selection so that NaN becomes 0 and the
// NaN of the logarithm, the kernel's own, is the result. Past −110 (e^−110 < 2^−158) the
// logarithm no longer reaches x's last bit, nor a float for x > 0.
template <>
struct kernel<"log_sigmoid", float, direction::forward> {
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 110.0))), x};
  }
  static vd second(const value_and_input& e) {
    return select(e.x < 0.0, e.x, vd{}) - log1p_of_decay(e.value);
  }
};
// (log σ)′(x) = σ(−x) = e/(1 + e) for x > 0, 1/(1 + e) otherwise, e = e^−|x| (stopped at −200
// for the backward).
template <>
struct kernel<"log_sigmoid", float, direction::derivative> {
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 200.0))), x};
  }
  static vd second(const value_and_input& e) {
    return select(e.x > 0.0, e.value, broadcast(1.0)) / (e.value + 1.0);
  }
};

// ----------------------------------------------------------------------------------------------
// Mish and GELU. Each derivative vanishes at the function's minimum x₀, where the plain formula
// cancels; as for silu′, the kernels take one exponential of an argument measured from x₀ and
// write the slope as a sum of terms that all have the sign of x − x₀ (see mish.hpp, gelu.hpp).

// mish(x) = x·t, t = tanh(log(1 + e^x)), from e = e^−|x|: for x ≥ 0 t = (1 + 2e)/(1 + 2e + 2e²),
// for x < 0 t = (e² + 2e)/(e² + 2e + 2); both a numerator 2e + (1 or e²) and a denominator that
// adds 2e² or 2 to it. The exponent stops at −130 and x at −130: below, x·e^x < 2^−180 rounds to
// −0, and above +130 t is 1 far below x's last bit.
template <>
struct kernel<"mish", float, direction::forward> {
  static value_and_input first(vd x) {
    return {exp_value(exponential(negative_magnitude_at_most(x, 130.0))), x};
  }
  static vd second(const value_and_input& e) {
    const vd square = e.value * e.value;
    const vm positive = e.x >= 0.0;
    const vd numerator = mul_add(e.value, broadcast(2.0), select(positive, broadcast(1.0), square));
    const vd denominator = numerator + select(positive, square + square, broadcast(2.0));
    return number_or_nan(max_of(broadcast(-130.0), e.x) * (numerator / denominator), e.x);
  }
};

// mish′(x) (see mish.hpp), from e = e^−|x| = E₀·e^d, d = −|x| − x₀. For x ≥ 0, N/D² with
// N = 1 + 4e + (a + 2)·e² + a·e³, a = 4x + 4, and D = 1 + 2e + 2e²: every term positive. For x < 0
// (d = x − x₀), e·g/r² with r = (n + 2)/2 = 1 + e·(1 + e/2), n = e·(e + 2), and
// g = (E₀/4)·m·(K + (e + E₀)·(e + 4)) + d·(1 + e), m = e^d − 1, K = 6 + 4x₀ + E₀² > 0: both terms
// of g have the sign of d, so g keeps its relative accuracy through the zero of mish′ at x₀, where
// the plain numerator a + (a + 2)·e + 4e² + e³ would lose it to e's rounding. (g and r are the
// formula of mish.hpp with the factor 4 of both taken out.) x stops at ±200, where mish′ is within
// 2^−280 of its limits 1 and 0. NaN: the result's NaN is −|x|'s.
inline constexpr double mish_root = -0x1.31432c0d12d84p+0;  // x₀ (mish.hpp's root)
inline constexpr double mish_root_lo = -0x1.bf319154da210p-55;
inline constexpr double mish_root_exp = 0x1.36c4202fc3eccp-2;  // E₀ = e^x₀
inline constexpr double mish_root_c = 0x1.3af34fcbb49efp+0;    // 6 + 4x₀
template <>
struct kernel<"mish", float, direction::derivative> {
  static slope_from_root first(vd x) {
    const vd t = min_of(broadcast(200.0), max_of(broadcast(-200.0), x));
    const vd d = (negative_magnitude(t) - mish_root) - mish_root_lo;
    const exp_parts parts = exponential(d);
    return {mish_root_exp * exp_value(parts), mul_add(parts.scale, parts.p, parts.scale - 1.0), d,
            t};
  }
  static vd second(const slope_from_root& s) {
    const vd e = s.e;
    // x ≥ 0
    const vd a = mul_add(broadcast(4.0), s.x, broadcast(4.0));
    const vd n_positive =
        mul_add(mul_add(mul_add(e, a, a + 2.0), e, broadcast(4.0)), e, broadcast(1.0));
    const vd d_positive = mul_add(e, mul_add(broadcast(2.0), e, broadcast(2.0)), broadcast(1.0));
    // x < 0
    constexpr double k = mish_root_c + mish_root_exp * mish_root_exp;
    const vd bracket = mul_add(e + mish_root_exp, e + 4.0, broadcast(k));
    const vd g = mul_add((0.25 * mish_root_exp) * s.m, bracket, s.d * (e + 1.0));
    const vd r = mul_add(e, mul_add(broadcast(0.5), e, broadcast(1.0)), broadcast(1.0));
    const vm positive = s.x >= 0.0;
    const vd numerator = select(positive, n_positive, e * g);
    const vd root = select(positive, d_positive, r);
    return number_or_nan(numerator / (root * root), s.x);
  }
};

// GELU's two forms, a kernel each in the functor's form (gelu_kernel below picks).
//
// erf form: with t = |x| ≤ 20 and E = e^(−t²/2) (t² is exact in double for a float x),
// Φ(−t) = E·s·P(s) and gelu′(−t) = E·(t₀ − t)·Q(s), s = 1/(1 + t/5) ∈ [1/5, 1], t₀ = 0.75179… the
// zero of gelu′ at −t₀; P and Q of degree 11 fitted by Sollya for relative error, 8.7·10^−11
// (2^−33.4) and 3.9·10^−11 (2^−34.6) (docs/kernels.sollya). For x ≥ 0, Φ(x) = 1 − Φ(−x) and
// gelu′(x) = 1 − gelu′(−x): one approximation serves both sides, without cancellation (Φ ≥ ½
// there; 1 − gelu′(−x) ≥ 1 − 0.17). t₀ − t is exact near t₀, so gelu′ keeps its relative accuracy
// through its zero. x stops at −20 (gelu′(−20) < 2^−285) and t at 20 (1 − Φ(20) < 2^−290).
inline constexpr double gelu_root = 0x1.80ead197f00b4p-1;  // t₀
inline constexpr double gelu_root_lo = -0x1.13e74c58cada8p-56;

// c[0] + c[1]·s + … + c[11]·s^11, by Estrin's scheme.
inline vd polynomial_of_degree_11(vd s, const double (&c)[12]) {
  const vd s2 = s * s;
  const vd s4 = s2 * s2;
  const vd s8 = s4 * s4;
  const auto pair = [s, &c](int i) { return mul_add(broadcast(c[i + 1]), s, broadcast(c[i])); };
  const vd low = mul_add(mul_add(pair(6), s2, pair(4)), s4, mul_add(pair(2), s2, pair(0)));
  return mul_add(mul_add(pair(10), s2, pair(8)), s8, low);
}

struct gelu_erf_state {
  vd e;  // e^(−t²/2)
  vd s;  // 1/(1 + t/5)
  vd t;  // min(|x|, 20)
  vd x;
};
inline gelu_erf_state gelu_erf_first(vd x) {
  const vd t = min_of(broadcast(20.0), magnitude(x));
  return {exp_value(exponential((t * t) * -0.5)), 5.0 / (t + 5.0), t, x};
}

struct gelu_erf_forward {
  static gelu_erf_state first(vd x) { return gelu_erf_first(x); }
  static vd second(const gelu_erf_state& g) {
    static constexpr double p[12] = {
        0x1.46ceb4483df61p-4,  0x1.46fd56b4d4015p-4, 0x1.3776eacb3e7dcp-4,  0x1.30f3c89041489p-4,
        0x1.462c895a174b8p-5,  0x1.f8233cd13a2e7p-4, -0x1.21771f2a2b61ap-3, 0x1.56e14814f2288p-2,
        -0x1.6c9a0368cd25fp-2, 0x1.340898ae325ap-2,  -0x1.1269afb00ec82p-3, 0x1.7447a1d3089dcp-6};
    const vd tail = (g.e * g.s) * polynomial_of_degree_11(g.s, p);  // Φ(−t)
    const vd phi = select(g.x < 0.0, tail, 1.0 - tail);
    return number_or_nan(max_of(broadcast(-20.0), g.x) * phi, g.x);
  }
};

struct gelu_erf_derivative {
  static gelu_erf_state first(vd x) { return gelu_erf_first(x); }
  static vd second(const gelu_erf_state& g) {
    static constexpr double q[12] = {
        0x1.988402c4e8687p-2,  0x1.eba93ccb9d342p-5, 0x1.af41b24b47412p-5,  0x1.88c9366264c4cp-5,
        0x1.78d2ba7eb13a1p-6,  0x1.25329f33e4134p-4, -0x1.4396a6bfd7dd3p-4, 0x1.5edf68cd4ce4dp-3,
        -0x1.57229d42b6ec5p-3, 0x1.0a9424f4bbc56p-3, -0x1.a824a79c7b9fbp-5, 0x1.fde80cfe316fep-8};
    const vd distance = (gelu_root - g.t) + gelu_root_lo;
    const vd slope = g.e * (distance * polynomial_of_degree_11(g.s, q));  // gelu′(−t)
    return number_or_nan(select(g.x < 0.0, slope, 1.0 - slope), g.x);
  }
};

// tanh form: x·σ(w), w = x·(A + B·x²), A = 2√(2/π), B = 0.08943·√(2/π) (gelu.hpp), in double:
// x² is exact and w within 2^−51 of itself, which e^w turns into 2^−44 at |w| = 130. As silu:
// σ(w) = 1/(1 + e) for w > 0 and e/(1 + e) otherwise, e = e^−|w|, the exponent stopped at −130.
// x stops at −20 (where |x|·σ(w) < 2^−180 rounds to −0), and inside w at +20 too (σ(w) is 1
// there to far below x's last bit).
inline constexpr double gelu_tanh_a = 0x1.9884533d43651p+0;
inline constexpr double gelu_tanh_b = 0x1.2444f2a4d8b4bp-4;
inline constexpr double gelu_tanh_3b = 0x1.b6676bf7450f0p-3;
inline constexpr double gelu_tanh_root = -0x1.81429f9e97e4dp-1;  // x₀
inline constexpr double gelu_tanh_root_lo = 0x1.4f523ed77dbdcp-55;
inline constexpr double gelu_tanh_root_exp = 0x1.2af64e9c485eep-2;  // E₀ = e^w(x₀)

struct gelu_tanh_state {
  vd e;  // e^−|w|
  vd w;
  vd x;  // max(x, −20)
};
struct gelu_tanh_forward {
  static gelu_tanh_state first(vd x) {
    const vd low = max_of(broadcast(-20.0), x);
    const vd t = min_of(broadcast(20.0), low);
    const vd w = t * mul_add(broadcast(gelu_tanh_b), t * t, broadcast(gelu_tanh_a));
    return {exp_value(exponential(negative_magnitude_at_most(w, 130.0))), w, low};
  }
  static vd second(const gelu_tanh_state& g) {
    const vd sigma = if_positive<positive_to_one>(g.w, g.e) / (g.e + 1.0);
    return number_or_nan(g.x * sigma, g.x);
  }
};

// The derivative σ(w) + x·σ′(w)·w′, w′ = A + 3B·x², as in gelu.hpp: for x ≥ 0, with e = e^−w,
// (1 + e·(1 + x·w′))/(1 + e)², all terms positive; for x < 0, with e = e^w = E₀·e^z, z = w − w(x₀)
// = d·(A + B·q), d = x − x₀, q = x² + x·x₀ + x₀², e·h/(1 + e)² with h = E₀·(e^z − 1) + d·(A +
// 3B·q): both terms of h have the sign of d. One exponential, of z or −w. x stops at ±20, where the
// slope is within 2^−850 of its limits.
struct gelu_tanh_slope_state {
  vd e;  // e^−w for x ≥ 0, e^w for x < 0
  vd m;  // e^z − 1 (x < 0)
  vd d;  // x − x₀
  vd r;  // q for x < 0, x² for x ≥ 0: w′ = A + 3B·r there
  vd x;  // x stopped at ±20
};
struct gelu_tanh_derivative {
  static gelu_tanh_slope_state first(vd x) {
    const vd t = min_of(broadcast(20.0), max_of(broadcast(-20.0), x));
    const vd square = t * t;
    const vm negative = t < 0.0;
    const vd d = (t - gelu_tanh_root) - gelu_tanh_root_lo;
    const vd q = mul_add(t, broadcast(gelu_tanh_root), square + gelu_tanh_root * gelu_tanh_root);
    const vd w = t * mul_add(broadcast(gelu_tanh_b), square, broadcast(gelu_tanh_a));
    const vd z = d * mul_add(broadcast(gelu_tanh_b), q, broadcast(gelu_tanh_a));
    const exp_parts parts = exponential(select(negative, z, -w));
    const vd value = exp_value(parts);
    return {select(negative, gelu_tanh_root_exp * value, value),
            mul_add(parts.scale, parts.p, parts.scale - 1.0), d, select(negative, q, square), t};
  }
  static vd second(const gelu_tanh_slope_state& g) {
    const vd slope = mul_add(broadcast(gelu_tanh_3b), g.r, broadcast(gelu_tanh_a));  // w′
    const vd h = mul_add(broadcast(gelu_tanh_root_exp), g.m, g.d * slope);
    const vd positive = mul_add(g.e, mul_add(g.x, slope, broadcast(1.0)), broadcast(1.0));
    const vd denominator = g.e + 1.0;
    const vd numerator = select(g.x < 0.0, g.e * h, positive);
    return number_or_nan(numerator / (denominator * denominator), g.x);
  }
};

// Loads a block from / stores it to memory of any alignment.
//
// g++ 12 at -O3 -march=native inlines a span member down to these loads, sees the size of the
// caller's allocation (a std::vector of 8 floats) but not that the loop reads a whole block only
// when n ≥ its width, and reports -Warray-bounds on the infeasible path; with -Werror that would
// break the user's build, so the warning is off for these two functions alone (map_blocks is what
// keeps every access in bounds; ASan and valgrind check it).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
template <class Block, class T>
inline Block load(const T* from) {
  Block block;
  std::memcpy(&block, from, sizeof block);
  return block;
}
template <class Block, class T>
inline void store(T* to, Block block) {
  std::memcpy(to, &block, sizeof block);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// A store that goes to memory without first reading the line into the caches (a non-temporal
// store); `to` must be aligned to the block's size. Non-temporal stores are ordered only by a
// fence: finish_streaming() after the last one, before the array is handed back.
template <class Block, class T>
inline void store_streaming(T* to, Block block) {
#if defined(__clang__)
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the builtin takes a Block*
  __builtin_nontemporal_store(block, reinterpret_cast<Block*>(to));
#elif defined(ACTIV_DETAIL_SIMD_X86)
  // g++ has no generic builtin: the ones behind _mm512_stream_ps and its kin, by size.
  using f16 = float __attribute__((vector_size(64)));
  using d8 = double __attribute__((vector_size(64)));
  using f8 = float __attribute__((vector_size(32)));
  using d4 = double __attribute__((vector_size(32)));
  using f4 = float __attribute__((vector_size(16)));
  using d2 = double __attribute__((vector_size(16)));
  if constexpr (std::is_same_v<T, float> && sizeof(Block) == 64) {
    __builtin_ia32_movntps512(to, __builtin_bit_cast(f16, block));
  } else if constexpr (std::is_same_v<T, double> && sizeof(Block) == 64) {
    __builtin_ia32_movntpd512(to, __builtin_bit_cast(d8, block));
  } else if constexpr (std::is_same_v<T, float> && sizeof(Block) == 32) {
    __builtin_ia32_movntps256(to, __builtin_bit_cast(f8, block));
  } else if constexpr (std::is_same_v<T, double> && sizeof(Block) == 32) {
    __builtin_ia32_movntpd256(to, __builtin_bit_cast(d4, block));
  } else if constexpr (std::is_same_v<T, float> && sizeof(Block) == 16) {
    __builtin_ia32_movntps(to, __builtin_bit_cast(f4, block));
  } else if constexpr (std::is_same_v<T, double> && sizeof(Block) == 16) {
    __builtin_ia32_movntpd(to, __builtin_bit_cast(d2, block));
  } else {
    store(to, block);  // SSE2's widened float kernels write 8 bytes a block
  }
#else
  store(to, block);
#endif
}
inline void finish_streaming() {
#if defined(ACTIV_DETAIL_SIMD_X86)
  __builtin_ia32_sfence();
#endif
}

// A map is a callable Block → Block, or a kernel in two stages: first(Block) → state and
// second(state) → Block (see map_blocks). A map may keep state of its own (first() may update
// it, as marking_tail does): map_blocks and map_whole_blocks take the map by value and return
// it, each caller going on with the returned one, and apply and map_consecutive work on that
// local by reference.
//
// A map may also read a second stream (the gradient g of a backward kernel): then it is a
// callable (Block x, Block g) → Block, or its second stage takes (state, Block g). The loops
// below take such streams as a pack of pointers, empty for a map of one stream.
template <class Map, class Block>
concept staged = requires(Map& map, Block block) {
  map.first(block);
};

template <class Block, class Map, class... Streams>
inline Block apply(Map& map, Block block, Streams... streams) {
  if constexpr (staged<Map, Block>) {
    return map.second(map.first(block), streams...);
  } else {
    return map(block, streams...);
  }
}

// How the main loop of map_blocks visits the blocks: by rising addresses, by falling ones (see
// map_blocks), or by rising ones with non-temporal stores (see map_blocks).
enum class walk { forward, backward, streaming };

template <walk Walk, class Block, class T>
inline void put(T* to, Block block) {
  if constexpr (Walk == walk::streaming) {
    store_streaming(to, block);
  } else {
    store(to, block);
  }
}

// Count consecutive blocks, loaded before any is stored, as independent chains for the
// out-of-order core.
template <class Block, std::size_t Count, walk Walk, class T, class Map, class... Streams>
inline void map_consecutive(const T* in, T* out, Map& map, const Streams*... streams) {
  constexpr std::size_t width = sizeof(Block) / sizeof(T);
  if constexpr (Count == 4) {
    const Block first = map(load<Block>(in), load<Block>(streams)...);
    const Block second = map(load<Block>(in + width), load<Block>(streams + width)...);
    const Block third = map(load<Block>(in + 2 * width), load<Block>(streams + 2 * width)...);
    const Block fourth = map(load<Block>(in + 3 * width), load<Block>(streams + 3 * width)...);
    put<Walk>(out, first);
    put<Walk>(out + width, second);
    put<Walk>(out + 2 * width, third);
    put<Walk>(out + 3 * width, fourth);
  } else if constexpr (Count == 2) {
    const Block first = map(load<Block>(in), load<Block>(streams)...);
    const Block second = map(load<Block>(in + width), load<Block>(streams + width)...);
    put<Walk>(out, first);
    put<Walk>(out + width, second);
  } else {
    static_assert(Count == 1);
    put<Walk>(out, apply<Block>(map, load<Block>(in), load<Block>(streams)...));
  }
}

// The main loop of map_blocks over `blocks` whole blocks from `from` to `to`, forward or
// backward, `Unroll` blocks per iteration. It returns the map, as std::for_each does: taken by
// value, a map's own state is a local that no store to `to` can alias, and stays in a register
// (through a reference or pointer, the compiler reloads and stores it around every block's store:
// marking_tail's running minimum did so, and the double kernels that mark ran 0–3 % slower).
//
// Staged maps are software-pipelined: each iteration runs the first stage of the next Unroll
// blocks and the second stage of the previous ones, whose inputs are then ready. Why: a kernel
// is a dependency chain of some 60 cycles; issued whole, its later operations wait in the
// scheduler for their inputs, and the scheduler's size, not the execution units, bounded the
// kernels. Measured with blocks of n dependent FMAs: 16 ran at 2.5 G floats/s, 20 at 0.6–1.5,
// and the same 20 in two stages across iterations at 2.1. The float kernels, split after their
// exponential, ran 8–19 % faster on AVX-512, and 7–12 % on AVX2 (elu forward −2 %) and 4–11 %
// on SSE2 with two blocks per iteration there (see widened for four).
template <class Block, std::size_t Unroll, walk Walk, class T, class Map, class... Streams>
inline Map map_whole_blocks(const T* from, T* to, std::size_t blocks, Map map,
                            const Streams*... streams) {
  constexpr std::size_t width = sizeof(Block) / sizeof(T);
  constexpr bool Backward = Walk == walk::backward;
  // Where the b-th block visited starts.
  const auto at = [blocks](std::size_t b) { return (Backward ? blocks - 1 - b : b) * width; };
  std::size_t b = 0;
  if constexpr (staged<Map, Block>) {
    using state = decltype(map.first(Block{}));
    if (blocks >= 2 * Unroll) {
      state pending[Unroll];
      for (std::size_t u = 0; u < Unroll; ++u) pending[u] = map.first(load<Block>(from + at(u)));
      for (b = Unroll; b + Unroll <= blocks; b += Unroll) {
        state next[Unroll];
        for (std::size_t u = 0; u < Unroll; ++u) next[u] = map.first(load<Block>(from + at(b + u)));
        for (std::size_t u = 0; u < Unroll; ++u) {
          const std::size_t done = at(b - Unroll + u);
          put<Walk>(to + done, map.second(pending[u], load<Block>(streams + done)...));
        }
        for (std::size_t u = 0; u < Unroll; ++u) pending[u] = next[u];
      }
      for (std::size_t u = 0; u < Unroll; ++u) {
        const std::size_t done = at(b - Unroll + u);
        put<Walk>(to + done, map.second(pending[u], load<Block>(streams + done)...));
      }
    }
  } else {
    // Unroll consecutive blocks from the lowest address of the group: the group's first block
    // visited walking forward, its last walking backward.
    for (; b + Unroll <= blocks; b += Unroll) {
      const std::size_t lowest = at(Backward ? b + Unroll - 1 : b);
      map_consecutive<Block, Unroll, Walk>(from + lowest, to + lowest, map, (streams + lowest)...);
    }
  }
  for (; b < blocks; ++b) {
    map_consecutive<Block, 1, Walk>(from + at(b), to + at(b), map, (streams + at(b))...);
  }
  if constexpr (Walk == walk::streaming) finish_streaming();
  return map;
}

// out[i] = map(in[i]) for i < n, a Block at a time, `Unroll` blocks per iteration of the main
// loop, whose stores start at the first multiple of the block's width in `out` (a store that
// straddles two cache lines costs two). The elements before that and after the last whole block
// are covered by one whole block at each end, overlapping the main loop's; both are computed from
// the inputs before the main loop stores anything and stored after it, so in == out is fine and
// every element gets the same bits wherever it falls. (A padded copy of the remainder costs a
// variable-length memcpy, slower than a whole block; it serves only arrays shorter than one.)
// Within the main loop every block is loaded before it is stored, and no two of its blocks
// overlap. Returns the map, with whatever state its first stage kept (see map_whole_blocks).
//
// Direction: a load whose address matches a pending store's in its low 12 bits waits for that
// store (4 KiB aliasing). Walking forward with out a little above in (modulo 4 KiB), every load
// meets the stores just issued: relu at 4 Ki floats ran at 20 G/s there and at 30–50 elsewhere.
// Walking backward then, as glibc's memmove does, the loads run ahead of the stores' addresses.
//
// Size: an output of at least streaming_threshold() bytes (kernel.hpp) is written with
// non-temporal stores, which skip reading each line before writing it (a third of the traffic of
// a one-input map, a quarter of a fused backward's) and leave the caches to the data that fits.
template <class Block, std::size_t Unroll, class T, class Map, class... Streams>
inline Map map_blocks(const T* in, T* out, std::size_t n, Map map, const Streams*... streams) {
  constexpr std::size_t width = sizeof(Block) / sizeof(T);
  if (n == 0) return map;  // an empty span may hold null pointers, which memcpy must not see
  if (n < width) {
    const auto partial = [n](const T* from) {
      Block block{};
      std::memcpy(&block, from, n * sizeof(T));
      return block;
    };
    const Block block = apply<Block>(map, partial(in), partial(streams)...);
    std::memcpy(out, &block, n * sizeof(T));
    return map;
  }
  const Block head = apply<Block>(map, load<Block>(in), load<Block>(streams)...);
  const Block tail =
      apply<Block>(map, load<Block>(in + n - width), load<Block>(streams + n - width)...);
  const std::uintptr_t out_address = std::bit_cast<std::uintptr_t>(out);
  const std::size_t misalignment = out_address % sizeof(Block);
  const std::size_t start = misalignment % sizeof(T) == 0 && misalignment != 0
                                ? (sizeof(Block) - misalignment) / sizeof(T)
                                : 0;
  const std::size_t blocks = (n - start) / width;
  const std::uintptr_t ahead = (out_address - std::bit_cast<std::uintptr_t>(in)) % 4096;
  // With a second input stream the walk is always forward: walking backward, the fused backward
  // kernels ran at half the bandwidth of a forward walk at 16 Mi floats (relu: 12.5 ms against
  // 6.8), where in turn no 4 KiB aliasing cost showed at 4 Ki.
  //
  // Non-temporal stores where memory bounds the loop: maps of one operation or so, and any map
  // with a second stream. Not for the one-stream staged (transcendental) kernels, which ran 0.8×
  // with them at 16 Mi floats (sigmoid and elu forward, AVX-512), where relu forward ran 1.35×,
  // hardtanh backward 1.68× and elu backward 1.29× (bench/activ_bench.cpp's streaming/ rows).
  constexpr bool may_stream = !staged<Map, Block> || sizeof...(Streams) > 0;
  const auto main_loop = [&]<walk Walk>() {
    return map_whole_blocks<Block, Unroll, Walk>(in + start, out + start, blocks, map,
                                                 (streams + start)...);
  };
  Map mapped = [&] {
    if constexpr (may_stream) {
      if (n * sizeof(T) >= streaming_threshold() && misalignment % sizeof(T) == 0) {
        return main_loop.template operator()<walk::streaming>();
      }
    }
    if (sizeof...(Streams) == 0 && ahead != 0 && ahead < 2048) {
      return main_loop.template operator()<walk::backward>();
    }
    return main_loop.template operator()<walk::forward>();
  }();
  store(out, head);
  store(out + n - width, tail);
  return mapped;
}

// Applies `op` to n floats, `lanes` at a time, widened to double, in op's two stages (see
// map_whole_blocks). Four independent blocks per iteration, in each stage, give the out-of-order
// core chains to overlap: measured 10 % faster than two on AVX-512 and on AVX2, 5 % on SSE2 (16
// registers hold the pipelined states without spilling).
template <class Op>
struct widened_stages {
  Op op;
  auto first(vf block) const { return op.first(widen(block)); }
  template <class State, class... Streams>
  vf second(const State& state, Streams... streams) const {
    return narrow(op.second(state, widen(streams)...));
  }
};
template <class Op, class... Streams>
inline void widened(const float* in, float* out, std::size_t n, Op op, const Streams*... streams) {
  map_blocks<vf, 4>(in, out, n, widened_stages<Op>{op}, streams...);
}

// relu and leaky_relu need no rounding beyond α·x in T itself, so they run at full width (the
// double kernels, double_kernels.inl, use the same ones on vd) and return what the scalar members
// return, bit for bit (same comparisons, same product).
//
// Their derivatives are a constant per class of x, NaN passed through: with AVX-512 one
// vfixupimm, without it two comparisons and two blends. The comparisons were the bottleneck
// (relu′ at 4 Ki floats ran at 0.7× a plain loop that returns 0 for NaN); the fix-up classes
// subnormals as the comparisons do, as ±0 under DAZ and by sign otherwise.
template <class T>
using full_vector = std::conditional_t<std::is_same_v<T, float>, vfw, vd>;

// Responses of fix_up per class, 4 bits each from class 0 up: x (1), +0 (8), +1 (10), or the
// `otherwise` lane (0). NaNs: x; ±0, −∞, negative: +0 or otherwise; +1, +∞, positive: +1.
inline constexpr std::uint32_t derivative_responses_to_zero = 0xA8A8A811;
inline constexpr std::uint32_t derivative_responses_to_otherwise = 0xA0A0A011;

// 1 for x > 0, `otherwise` for x ≤ 0, x itself for NaN.
template <std::uint32_t Responses, class V, class Target = target_traits>
inline V unit_step(V x, V otherwise) {
  if constexpr (Target::fixes_up) {
    return Target::fix_up(otherwise, x, Responses);
  } else {
    return select(x > 0, 1 - V{}, select(x <= 0, otherwise, x));
  }
}

// relu and leaky_relu for T = float and, on the targets with double kernels, double.
template <class T>
concept full_width_element = std::is_same_v<T, float> ||
    (std::is_same_v<T, double>&& double_kernels);

template <full_width_element T>
struct kernel<"relu", T, direction::forward> {
  using V = full_vector<T>;
  V operator()(V x) const { return select(x <= T(0), V{}, x); }
};
template <full_width_element T>
struct kernel<"relu", T, direction::derivative> {
  using V = full_vector<T>;
  V operator()(V x) const { return unit_step<derivative_responses_to_zero>(x, V{}); }
};
template <class T>
struct leaky_relu_forward_op {
  using V = full_vector<T>;
  T alpha;
  V operator()(V x) const { return select(x > T(0), x, alpha * x); }
};
// α = ±0: the limit −α for x < 0, not 0·(−∞) = NaN (see leaky_relu::forward).
template <class T>
struct leaky_relu_zero_alpha_forward_op {
  using V = full_vector<T>;
  T alpha;
  V operator()(V x) const { return select(x > T(0), x, select(x < T(0), -alpha - V{}, alpha * x)); }
};
// The map depends on α, chosen once per call rather than per block.
template <full_width_element T>
struct kernel<"leaky_relu", T, direction::forward> {
  T alpha;
  explicit kernel(const auto& leaky_relu) : alpha(leaky_relu.alpha()) {}
  void run(const T* in, T* out, std::size_t n) const {
    if (alpha < T(0) || alpha > T(0)) {
      map_blocks<full_vector<T>, 2>(in, out, n, leaky_relu_forward_op<T>{alpha});
    } else {
      map_blocks<full_vector<T>, 2>(in, out, n, leaky_relu_zero_alpha_forward_op<T>{alpha});
    }
  }
};
template <full_width_element T>
struct kernel<"leaky_relu", T, direction::derivative> {
  using V = full_vector<T>;
  T alpha;
  explicit kernel(const auto& leaky_relu) : alpha(leaky_relu.alpha()) {}
  V operator()(V x) const { return unit_step<derivative_responses_to_otherwise>(x, alpha - V{}); }
};

// The clamps and their slopes: exact in T, at full width, the scalar members' comparisons in the
// same order (x < low gives low, x > high gives high, anything else x itself: NaN and a zero of
// either sign inside the interval come out as they went in). max_of(low, x) is low > x ? low : x,
// one instruction, and so is min_of.
template <class V, class T>
inline V clamped(V x, T low, T high) {
  return min_of(high - V{}, max_of(low - V{}, x));
}

// `value` (a constant or a vector) in every lane but x's NaNs, which keep x: one vfixupimm
// (responses 1, x itself, for the two NaN classes, 0, the `value` lane, elsewhere), else a
// comparison and a blend.
inline constexpr std::uint32_t nan_responses_to_x = 0x11;
template <class V, class T, class Target = target_traits>
inline V value_or_nan(V x, T value) {
  if constexpr (Target::fixes_up) {
    return Target::fix_up(value - V{}, x, nan_responses_to_x);
  } else {
    return select(x == x, value - V{}, x);  // NOLINT(misc-redundant-expression): NaN ≠ NaN
  }
}

// `inside` (a constant, or a vector: the gradient) strictly inside (low, high), 0 elsewhere (bounds
// included), NaN passed through.
// Comparisons bound these kernels (AVX-512 issues one into a mask register per cycle): two here,
// none for NaN on AVX-512.
template <class V, class T, class Inside>
inline V clamp_slope(V x, T low, T high, Inside inside) {
  return select(x <= low || x >= high, V{}, value_or_nan(x, inside));
}

template <full_width_element T>
struct kernel<"hardtanh", T, direction::forward> {
  using V = full_vector<T>;
  T low;
  T high;
  explicit kernel(const auto& hardtanh) : low(hardtanh.min_val()), high(hardtanh.max_val()) {}
  V operator()(V x) const { return clamped(x, low, high); }
};
template <full_width_element T>
struct kernel<"hardtanh", T, direction::derivative> {
  using V = full_vector<T>;
  T low;
  T high;
  explicit kernel(const auto& hardtanh) : low(hardtanh.min_val()), high(hardtanh.max_val()) {}
  V operator()(V x) const { return clamp_slope(x, low, high, T(1)); }
};
template <full_width_element T>
struct kernel<"relu6", T, direction::forward> {
  using V = full_vector<T>;
  V operator()(V x) const { return clamped(x, T(0), T(6)); }
};
// relu′ (x > 0, one fix-up on AVX-512), then 0 from 6 up: one comparison.
template <full_width_element T>
struct kernel<"relu6", T, direction::derivative> {
  using V = full_vector<T>;
  V operator()(V x) const {
    return select(x >= T(6), V{}, unit_step<derivative_responses_to_zero>(x, V{}));
  }
};
// 1/6 rounded once to T, as the scalar member returns it; |x| < 3 in one comparison.
template <full_width_element T>
struct kernel<"hardsigmoid", T, direction::derivative> {
  using V = full_vector<T>;
  V operator()(V x) const {
    return select(magnitude(x) >= T(3), V{}, value_or_nan(x, T(1) / T(6)));
  }
};

// hardsigmoid and hardswish′ in double: each is s = x + 3 (or 2x + 3) over 6, and with x a float, s
// is exact in double for |x| ≥ 2^−27 (its bits run from 2^2 down to x's last, 2^(e−23), e ≥ −27). s
// times 1/6 rounded to double (6·c = 1 − 2^−54) is then within 1.5·2^−53 of s/6, relatively: less
// than the 2^−50/6 by which s/6 < 1 misses any midpoint between two floats it is not equal to (both
// s and 6·midpoint are multiples of 2^−50), and where s/6 is such a midpoint m, m·(1 − 2^−54)
// rounds back to m (m is no power of two), whose conversion to float breaks the tie as the exact
// value's would. (hardswish′ reaches 1.5 for x ≥ 1.5, where s is a multiple of 2^−22 and the
// gap to a midpoint at least 2^−23/6.) So s·c rounds to the correctly rounded float: the scalar
// members' result, bit for bit. For |x| < 2^−27 the value is within 2^−29 of ½ and both round to ½.
// The argument is clamped to [−3, 3] first (NaN kept), so that no lane computes with an infinity.
inline vd sixth_of(vd s) { return s * (1.0 / 6.0); }
inline vd clamp_to_three(vd x) { return min_of(broadcast(3.0), max_of(broadcast(-3.0), x)); }

// (x + 3)/6 on [−3, 3]: 0 at −3 (+0) and 1 at 3 (6·c rounds to 1), so the clamp also gives the
// constant pieces.
template <>
struct kernel<"hardsigmoid", float, direction::forward> {
  static vd first(vd x) { return clamp_to_three(x); }
  static vd second(vd x) { return sixth_of(x + 3.0); }
};

// x/3 + ½ = (2x + 3)/6 strictly inside (−3, 3), 0 at and below −3, 1 at and above 3.
template <>
struct kernel<"hardswish", float, direction::derivative> {
  static value_and_input first(vd x) {
    return {sixth_of(mul_add(x, broadcast(2.0), broadcast(3.0))), x};
  }
  static vd second(const value_and_input& v) {
    return select(v.x <= -3.0, vd{}, select(v.x >= 3.0, broadcast(1.0), v.value));
  }
};

// x·(x + 3)/6 strictly inside (−3, 3): x·s rounded (s = x + 3 exact as above), then times 1/6
// rounded, within 2^−51 of the exact value, relatively, so within ½ ULP + 2^−28 of float; +0 at
// and below −3, x at and above 3. Below |x| = 2^−30 the value is x/2 + x²/6, and x/2 is a float or,
// halving an odd subnormal or the smallest normals, exactly a midpoint between two, which the x²
// term (never enough to reach another midpoint) breaks upwards; the double value has lost it, so
// there x/2 is nudged up by 2^−40 of itself. Both are computed from x clamped to [−3, 3], so
// that no lane meets ∞ − ∞.
template <>
struct kernel<"hardswish", float, direction::forward> {
  static value_and_input first(vd x) {
    const vd inside = clamp_to_three(x);
    // x's sign set last: for x = −0 the sum is +0.
    const vd tiny =
        with_sign_of(mul_add(magnitude(inside), broadcast(0x1p-40), inside * 0.5), inside);
    const vd value = select(magnitude(inside) < 0x1p-30, tiny, sixth_of(inside * (inside + 3.0)));
    return {value, x};
  }
  static vd second(const value_and_input& v) {
    return select(v.x <= -3.0, vd{}, select(v.x >= 3.0, v.x, v.value));
  }
};

// softsign(x) = x/(1 + |x|): 1 + |x| and the quotient round once each in double, within 2^−52 of
// the exact value, relatively. |x| stops at 2^60, where every result has rounded to 1 (and ∞/∞
// would be NaN); x's sign is set last, so ±0 stay ±0.
template <>
struct kernel<"softsign", float, direction::forward> {
  static value_and_input first(vd x) { return {min_of(broadcast(0x1p60), magnitude(x)), x}; }
  static vd second(const value_and_input& m) {
    return with_sign_of(m.value / (m.value + 1.0), m.x);
  }
};

// softsign′(x) = 1/(1 + |x|)²: three roundings of double. No float input overflows the square
// (below 2^256), and ∞ gives 1/∞ = +0.
template <>
struct kernel<"softsign", float, direction::derivative> {
  static vd first(vd x) { return magnitude(x) + 1.0; }
  static vd second(vd d) { return 1.0 / (d * d); }
};

// ----------------------------------------------------------------------------------------------
// The training directions: backward, out = g·f′(x) with the gradient g as a second stream, and
// the derivative and backward from the output y = f(x). The piecewise functions are exact at full
// width in T, with the scalar members' selections (+0 on the flat pieces whatever g is, a NaN x
// kept); from the output they are the same kernels, since y keeps which piece x was on. The others
// are float kernels in double, rounded once to float: within ½ ULP and a small fraction.

template <full_width_element T>
struct kernel<"relu", T, direction::backward> {
  using V = full_vector<T>;
  V operator()(V x, V g) const {
    return select(x > T(0), g, unit_step<derivative_responses_to_zero>(x, V{}));
  }
};
template <full_width_element T>
struct kernel<"leaky_relu", T, direction::backward> {
  using V = full_vector<T>;
  T alpha;
  explicit kernel(const auto& leaky_relu) : alpha(leaky_relu.alpha()) {}
  V operator()(V x, V g) const { return select(x > T(0), g, value_or_nan(x, alpha * g)); }
};
template <full_width_element T>
struct kernel<"hardtanh", T, direction::backward> {
  using V = full_vector<T>;
  T low;
  T high;
  explicit kernel(const auto& hardtanh) : low(hardtanh.min_val()), high(hardtanh.max_val()) {}
  V operator()(V x, V g) const { return clamp_slope(x, low, high, g); }
};
template <full_width_element T>
struct kernel<"relu6", T, direction::backward> {
  using V = full_vector<T>;
  V operator()(V x, V g) const { return clamp_slope(x, T(0), T(6), g); }
};
// g/6 divided, not multiplied by 1/6 rounded: the exact g·(1/6) rounded once, as the scalar member.
template <full_width_element T>
struct kernel<"hardsigmoid", T, direction::backward> {
  using V = full_vector<T>;
  V operator()(V x, V g) const {
    return select(magnitude(x) >= T(3), V{}, value_or_nan(x, g / T(6)));
  }
};

// From the output: the same kernels where the pieces have the same bounds in y as in x (the output
// is on the same piece as the input).
template <fixed_name Name, class T>
requires(Name == fixed_name("relu") || Name == fixed_name("leaky_relu") ||
         Name == fixed_name("hardtanh") || Name == fixed_name("relu6")) &&
    full_width_element<T> struct kernel<Name, T, direction::derivative_from_output>
    : kernel<Name, T, direction::derivative> {
  using kernel<Name, T, direction::derivative>::kernel;
};
template <fixed_name Name, class T>
requires(Name == fixed_name("relu") || Name == fixed_name("leaky_relu") ||
         Name == fixed_name("hardtanh") || Name == fixed_name("relu6")) &&
    full_width_element<T> struct kernel<Name, T, direction::backward_from_output>
    : kernel<Name, T, direction::backward> {
  using kernel<Name, T, direction::backward>::kernel;
};
// hardsigmoid's output is strictly inside (0, 1) where its input is inside (−3, 3).
template <full_width_element T>
struct kernel<"hardsigmoid", T, direction::derivative_from_output> {
  using V = full_vector<T>;
  V operator()(V y) const { return clamp_slope(y, T(0), T(1), T(1) / T(6)); }
};
template <full_width_element T>
struct kernel<"hardsigmoid", T, direction::backward_from_output> {
  using V = full_vector<T>;
  V operator()(V y, V g) const { return clamp_slope(y, T(0), T(1), g / T(6)); }
};

// g·(2x + 3)/6 strictly inside (−3, 3): 2x + 3 exact in double (nearly, below |x| = 2^−27), then
// two roundings; +0 at and below −3, g at and above 3.
template <>
struct kernel<"hardswish", float, direction::backward> {
  static vd first(vd x) { return x; }
  static vd second(vd x, vd g) {
    const vd inside = g * sixth_of(mul_add(x, broadcast(2.0), broadcast(3.0)));
    return select(x <= -3.0, vd{}, select(x >= 3.0, g, inside));
  }
};

// 0 where x = ±∞, 1 elsewhere (NaN included): with AVX-512 one vfixupimm (classes −∞ and +∞
// respond +0), else a comparison and a blend.
template <class Target = target_traits>
inline vd one_unless_infinite(vd x) {
  if constexpr (Target::fixes_up) {
    return Target::fix_up(broadcast(1.0), x, 0x00880000);
  } else {
    return select(magnitude(x) > std::numeric_limits<double>::max(), vd{}, broadcast(1.0));
  }
}
// The exponential a derivative kernel's first stage returned, made 0 where x = ±∞, so that its
// second stage gives the slope's limit there: 0 for σ′, tanh′ and ELU′ at −∞ (ELU′ at +∞ is 1
// whatever the exponential). softsign′'s first stage is 1 + |x|, and its slope reaches 0 at ±∞ by
// itself: its kernel does not zero.
inline vd zero_at_infinity(vd e, vd x) { return e * one_unless_infinite(x); }
inline value_and_input zero_at_infinity(const value_and_input& e, vd x) {
  return {e.value * one_unless_infinite(x), e.x};
}
inline slope_from_root zero_at_infinity(const slope_from_root& s, vd x) {
  return {s.e * one_unless_infinite(x), s.m, s.d, s.x};
}

// The smooth functions' backward: their derivative kernel's double value times g, rounded once.
// Their derivative kernels stop the argument where the slope is below 2^−286, so that no product
// with a float gradient below 2^128 is lost. At x = ±∞ that would leave a tiny slope where the
// scalar members have the limit 0 (∞·0 = NaN for an infinite g, as IEEE says): the exponential is
// zeroed there first. Measured at 4 Ki floats, AVX-512: a select on x in the second stage instead
// ran 13 % slower than the two passes; this, within noise of them.
template <class Derivative, bool ZeroAtInfinity>
struct times_gradient {
  Derivative derivative;
  auto first(vd x) const {
    if constexpr (ZeroAtInfinity) {
      return zero_at_infinity(derivative.first(x), x);
    } else {
      return derivative.first(x);
    }
  }
  template <class State>
  vd second(const State& s, vd g) const {
    return derivative.second(s) * g;
  }
};
template <fixed_name Name>
requires(Name == fixed_name("sigmoid") || Name == fixed_name("tanh") || Name == fixed_name("elu") ||
         Name == fixed_name("selu") || Name == fixed_name("celu") || Name == fixed_name("silu") ||
         Name == fixed_name("softplus") || Name == fixed_name("log_sigmoid") ||
         Name == fixed_name("softsign") ||
         Name == fixed_name("mish")) struct kernel<Name, float, direction::backward>
    : times_gradient<kernel<Name, float, direction::derivative>,
                     !(Name == fixed_name("softsign"))> {
  using derivative_kernel = kernel<Name, float, direction::derivative>;
  explicit kernel(const auto& f)
      : times_gradient<derivative_kernel, !(Name == fixed_name("softsign"))>{make(f)} {}
  static derivative_kernel make(const auto& f) {
    if constexpr (std::is_constructible_v<derivative_kernel, decltype(f)>) {
      return derivative_kernel(f);
    } else {
      return derivative_kernel{};
    }
  }
};

inline gelu_erf_state zero_at_infinity(const gelu_erf_state& g, vd x) {
  return {g.e * one_unless_infinite(x), g.s, g.t, g.x};
}
inline gelu_tanh_slope_state zero_at_infinity(const gelu_tanh_slope_state& g, vd x) {
  return {g.e * one_unless_infinite(x), g.m, g.d, g.r, g.x};
}

// The kernels of gelu<float>: the form is the functor's, read once per call; each runs its own
// pipelined loop. The backward is times_gradient (above) over the form's derivative: the
// derivative kernels stop x where the slope is below 2^−285, and their exponential is zeroed at
// ±∞ so that an infinite g meets the slope's limit 0 as in the scalar members.
template <direction D>
struct gelu_kernel {
  bool tanh_form;
  explicit gelu_kernel(const auto& gelu)
      : tanh_form(gelu.approximate() == std::remove_cvref_t<decltype(gelu.approximate())>::tanh) {}
  template <class... Streams>
  void run(const float* in, float* out, std::size_t n, const Streams*... gradient) const {
    if constexpr (D == direction::forward) {
      tanh_form ? widened(in, out, n, gelu_tanh_forward{})
                : widened(in, out, n, gelu_erf_forward{});
    } else if constexpr (D == direction::derivative) {
      tanh_form ? widened(in, out, n, gelu_tanh_derivative{})
                : widened(in, out, n, gelu_erf_derivative{});
    } else {
      static_assert(D == direction::backward);
      tanh_form ? widened(in, out, n, times_gradient<gelu_tanh_derivative, true>{}, gradient...)
                : widened(in, out, n, times_gradient<gelu_erf_derivative, true>{}, gradient...);
    }
  }
};
template <>
struct kernel<"gelu", float, direction::forward> : gelu_kernel<direction::forward> {
  using gelu_kernel::gelu_kernel;
};
template <>
struct kernel<"gelu", float, direction::derivative> : gelu_kernel<direction::derivative> {
  using gelu_kernel::gelu_kernel;
};
template <>
struct kernel<"gelu", float, direction::backward> : gelu_kernel<direction::backward> {
  using gelu_kernel::gelu_kernel;
};

// From the output, in double: y² and 1 − |y| are exact there (y a float), so each closed form is
// one or two roundings before the last.
template <>
struct kernel<"sigmoid", float, direction::derivative_from_output> {
  static vd first(vd y) { return y; }
  static vd second(vd y) { return y - y * y; }
};
template <>
struct kernel<"sigmoid", float, direction::backward_from_output> {
  static vd first(vd y) { return y - y * y; }
  static vd second(vd slope, vd g) { return slope * g; }
};
template <>
struct kernel<"tanh", float, direction::derivative_from_output> {
  static vd first(vd y) { return y; }
  static vd second(vd y) { return 1.0 - y * y; }
};
template <>
struct kernel<"tanh", float, direction::backward_from_output> {
  static vd first(vd y) { return 1.0 - y * y; }
  static vd second(vd slope, vd g) { return slope * g; }
};
inline vd softsign_slope_at_output(vd y) {
  const vd d = 1.0 - magnitude(y);
  return d * d;
}
template <>
struct kernel<"softsign", float, direction::derivative_from_output> {
  static vd first(vd y) { return y; }
  static vd second(vd y) { return softsign_slope_at_output(y); }
};
template <>
struct kernel<"softsign", float, direction::backward_from_output> {
  static vd first(vd y) { return softsign_slope_at_output(y); }
  static vd second(vd slope, vd g) { return slope * g; }
};
// ELU: 1 for y > 0, y + α otherwise, one rounding in T; backward g·(y + α) in double.
template <full_width_element T>
struct kernel<"elu", T, direction::derivative_from_output> {
  using V = full_vector<T>;
  T alpha;
  explicit kernel(const auto& elu) : alpha(elu.alpha()) {}
  V operator()(V y) const { return select(y > T(0), 1 - V{}, y + alpha); }
};
// Backward from y in double: g·(y + α) with one rounding to float. (At full width in float, y + α
// as an exact pair by 2Sum and g·s + g·e in one fused operation would keep that accuracy, but ran
// slower still at 4 Ki: 0.56 µs against this form's 0.44 and the two passes' 0.33, AVX-512.)
template <>
struct kernel<"elu", float, direction::backward_from_output> {
  double alpha;
  explicit kernel(const auto& elu) : alpha(static_cast<double>(elu.alpha())) {}
  static vd first(vd y) { return y; }
  vd second(vd y, vd g) const { return select(y > 0.0, g, g * (y + alpha)); }
};

// SELU from the output: scale for y > 0, y + scale·α otherwise as (y + hi) + lo in double, where
// y + hi is exact near the saturation −scale·α and the difference keeps its accuracy; never
// below 0 (see selu.hpp). NaN passes the comparison and the maximum.
inline vd selu_slope_at_output(vd y) {
  const vd slope = max_of(vd{}, (y + selu_constants::product) + selu_constants::product_lo);
  return select(y > 0.0, broadcast(selu_constants::scale), slope);
}
template <>
struct kernel<"selu", float, direction::derivative_from_output> {
  static vd first(vd y) { return y; }
  static vd second(vd y) { return selu_slope_at_output(y); }
};
template <>
struct kernel<"selu", float, direction::backward_from_output> {
  static vd first(vd y) { return y; }
  static vd second(vd y, vd g) { return g * selu_slope_at_output(y); }
};
// CELU from the output: 1 for y > 0, (y + α)/α otherwise (y + α exact in double where it
// cancels), times 1/α.
template <>
struct kernel<"celu", float, direction::derivative_from_output> : celu_parameters {
  using celu_parameters::celu_parameters;
  static vd first(vd y) { return y; }
  vd second(vd y) const { return select(y > 0.0, broadcast(1.0), (y + alpha) * inverse); }
};
template <>
struct kernel<"celu", float, direction::backward_from_output> : celu_parameters {
  using celu_parameters::celu_parameters;
  static vd first(vd y) { return y; }
  vd second(vd y, vd g) const { return select(y > 0.0, g, g * ((y + alpha) * inverse)); }
};

// ----------------------------------------------------------------------------------------------
// Running a kernel.

// The loop for a map over T: float kernels in two stages run widened to double; a kernel that is
// a callable on full-width vectors (relu, leaky_relu) runs at full width, two vectors per
// iteration (these are a load, two or three operations and a store; four measured no faster).
// double_kernels.inl adds the loop of the staged double kernels.
template <class Map, class... Streams>
requires staged<Map, vd>
inline void run_loop(const Map& map, const float* in, float* out, std::size_t n,
                     const Streams*... streams) {
  widened(in, out, n, map, streams...);
}
template <class Map, class T, class... Streams>
requires(!staged<Map, vd>) inline void run_loop(const Map& map, const T* in, T* out, std::size_t n,
                                                const Streams*... streams) {
  map_blocks<full_vector<T>, 2>(in, out, n, map, streams...);
}

// A kernel's own run(), or the loop its shape calls for.
template <class K, class T, class... Streams>
inline void run_kernel(const K& k, const T* in, T* out, std::size_t n, const Streams*... streams) {
  if constexpr (requires { k.run(in, out, n, streams...); }) {
    k.run(in, out, n, streams...);
  } else {
    run_loop(k, in, out, n, streams...);
  }
}

template <class Activation, direction D>
using precise_kernel_of = kernel<name_of<Activation>, typename Activation::value_type, D>;
template <class Activation, direction D>
using fast_kernel_of = fast_kernel<name_of<Activation>, typename Activation::value_type, D>;

// The kernel that serves tier Tier: the fast one where there is one, else the precise one.
template <class Activation, direction D, tier Tier>
using kernel_of =
    std::conditional_t<Tier == tier::fast && defined<fast_kernel_of<Activation, D>>,
                       fast_kernel_of<Activation, D>, precise_kernel_of<Activation, D>>;

// Whether this target has the kernel of Activation in direction D (for either tier: a fast kernel
// comes with a precise one).
template <class Activation, direction D>
inline constexpr bool has_kernel = defined<precise_kernel_of<Activation, D>>;

// Whether this target has a fast kernel of Activation in direction D, distinct from the precise.
template <class Activation, direction D>
inline constexpr bool has_fast_kernel = defined<fast_kernel_of<Activation, D>>;

// Runs the kernel of `f` for tier Tier in direction D over n elements (the backward directions
// read the gradient too, as `streams`); false (and nothing written) where this target has none,
// and the scalar members must serve.
template <direction D, tier Tier, class Activation, class T, class... Streams>
inline bool run(const Activation& f, const T* in, T* out, std::size_t n,
                const Streams*... streams) {
  using K = kernel_of<Activation, D, Tier>;
  if constexpr (has_kernel<Activation, D>) {
    static_assert(defined<K>);
    if constexpr (std::is_constructible_v<K, const Activation&>) {
      run_kernel(K(f), in, out, n, streams...);
    } else {
      (void)f;
      run_kernel(K{}, in, out, n, streams...);
    }
    return true;
  } else {
    static_assert(!has_fast_kernel<Activation, D>, "a fast kernel needs a precise one beside it");
    (void)f, (void)in, (void)out, (void)n;
    ((void)streams, ...);
    return false;
  }
}
