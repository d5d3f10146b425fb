// The float array kernels, written once and compiled once per instruction set: instances.hpp
// includes this file inside a namespace per target (activ::detail::simd::avx2_fma, ::sse2,
// ::portable), under that target's code-generation options. Not a header of its own, hence no
// include guard; the including namespace must first define:
//   lanes               doubles per vector
//   vd, vf, vi64        vectors of `lanes` double / float / int64
//   wide_lanes, vfw     floats per full-width vector, and that vector (relu, leaky_relu)
//   vd mul_add(vd a, vd b, vd c)   a·b + c, fused where the target has FMA
//   vd nearest_integer(vd x)       x rounded to an integer, ties either way, whatever the
//                                  rounding mode (x ≤ 0 and |x| < 2^31)
//   vd widen(vf), vf narrow(vd)    exact float → double, double → float rounded to nearest
//
// Why double: a float result within 1 ULP needs the value before its last rounding to be within
// 2^−25 of it (relative); evaluated in double, every step but the polynomial costs 2^−53, and the
// polynomial is fitted to 2^−31.9, so each result is the double value's correct rounding up to
// 2^−7 ULP: 0.51 ULP at worst, and the same code needs no FMA for its accuracy (the SSE2 and
// portable targets). The exhaustive checker (tests/exhaustive.cpp) measures every target.

using vm = decltype(vd{} < vd{});     // lane masks from double comparisons (all ones or zeros)
using vmw = decltype(vfw{} < vfw{});  // the same for full-width float vectors

// c − 0 is c for every c, −0 included (0 + c would turn −0 into +0).
inline vd broadcast(double c) { return c - vd{}; }
inline vfw broadcast_wide(float c) { return c - vfw{}; }
inline vm sign_bits() { return vm{} + std::numeric_limits<std::int64_t>::min(); }

// The vector conditional operator: a blend (AVX-512: one masked move, max and min where the
// pattern is one), without branches.
inline vd select(vm mask, vd if_true, vd if_false) { return mask ? if_true : if_false; }
inline vfw select(vmw mask, vfw if_true, vfw if_false) { return mask ? if_true : if_false; }

// x == 0 without ==, which -Wfloat-equal rejects.
inline vm is_zero(vd x) { return (x <= 0.0) & (x >= 0.0); }

inline vd magnitude(vd x) {
  return __builtin_bit_cast(vd, __builtin_bit_cast(vm, x) & ~sign_bits());
}
// −|x|, one bitwise or.
inline vd negative_magnitude(vd x) {
  return __builtin_bit_cast(vd, __builtin_bit_cast(vm, x) | sign_bits());
}
// |magnitude| with the sign of `sign`.
inline vd with_sign_of(vd magnitude_value, vd sign) {
  return __builtin_bit_cast(
      vd, __builtin_bit_cast(vm, magnitude_value) | (__builtin_bit_cast(vm, sign) & sign_bits()));
}
// max(x, lowest), NaN kept: NaN then flows through every kernel's arithmetic into its result.
inline vd at_least(vd x, double lowest) {
  const vd floor_value = broadcast(lowest);
  return select(x < floor_value, floor_value, x);
}

// e^z = scale·(1 + p) for z ∈ [−745, 0], with p within 2.5·10^−10 of e^r − 1 relative to it.
// z = k·ln 2 + r with k the integer nearest z/ln 2, whatever the rounding mode, and |r| ≤ ln(2)/2.
// r is z − k·ln 2 in one fused step (or two roundings without FMA): for |k| ≤ 1075 its error is
// below 2^−42 relative to e^z. Keeping 1 + p apart matters where the caller needs e^z − 1: for k =
// 0 that is p itself, accurate relative to its own size, which is what makes tanh and elu exact
// near 0.
struct exp_parts {
  vd scale;  // 2^k
  vd p;      // e^r − 1
};

inline exp_parts exponential(vd z) {
  constexpr double log2_e = 0x1.71547652b82fep0;
  constexpr double minus_ln2 = -0x1.62e42fefa39efp-1;
  // expm1(r) ≈ r + c2·r² + … + c7·r⁷ on |r| ≤ 1.002·ln(2)/2, relative error 2.43·10^−10 (2^−31.9):
  // fpminimax from Sollya, script in docs/kernels.sollya.
  constexpr double c2 = 0x1.0000002662023p-1;
  constexpr double c3 = 0x1.555554ee58deep-3;
  constexpr double c4 = 0x1.5554afe42c69ep-5;
  constexpr double c5 = 0x1.11118a5bcac97p-7;
  constexpr double c6 = 0x1.6d7355781bb22p-10;
  constexpr double c7 = 0x1.a032d63768465p-13;

  const vd k = nearest_integer(z * log2_e);
  const vd r = mul_add(k, broadcast(minus_ln2), z);
  // Estrin's scheme: the same operations as Horner's, in a dependency chain half as long, which
  // is what bounds the throughput here.
  const vd r2 = r * r;
  const vd q01 = mul_add(broadcast(c3), r, broadcast(c2));
  const vd q23 = mul_add(broadcast(c5), r, broadcast(c4));
  const vd q45 = mul_add(broadcast(c7), r, broadcast(c6));
  const vd q = mul_add(mul_add(q45, r2, q23), r2, q01);
  // 2^k from its bit pattern: k + 2^52 + 1023 holds k + 1023 in its low mantissa bits.
  const vi64 biased = __builtin_bit_cast(vi64, k + (0x1p52 + 1023.0));
  return {__builtin_bit_cast(vd, biased << 52), mul_add(q, r2, r)};
}

inline vd exp_value(const exp_parts& e) { return mul_add(e.scale, e.p, e.scale); }
// e^z − 1 ≥ −1, but where 2^k − 1 rounds to −1 (k < −53) a negative p would take the sum below it
// under FE_DOWNWARD; −1 is the correctly rounded value there in every mode.
inline vd expm1_value(const exp_parts& e) {
  const vd m = mul_add(e.scale, e.p, e.scale - 1.0);
  return select(m < -1.0, broadcast(-1.0), m);
}

// ----------------------------------------------------------------------------------------------
// One function object per kernel: operator() maps a vector of inputs (floats widened to double,
// exactly) to the results in double, which the loop rounds to float once.

// σ(x) = 1/(1 + e^−x) for x > 0, e^x/(1 + e^x) otherwise: both in terms of e = e^−|x| ≤ 1, never
// overflowing, and the second keeps σ's relative accuracy as it decays into the subnormals. Below
// −110 (e^−110 < 2^−158) every result rounds to +0, so z is clamped there.
struct sigmoid_forward_op {
  vd operator()(vd x) const {
    const vd e = exp_value(exponential(at_least(negative_magnitude(x), -110.0)));
    const vd numerator = select(x > 0.0, broadcast(1.0), e);
    return numerator / (1.0 + e);
  }
};

// σ′(x) = e/(1 + e)² with e = e^−|x|: even, and free of σ(1 − σ)'s cancellation at large |x|.
// Capped at its maximum ¼, which the double value can pass by an ULP near 0; rounded upward that
// would leave σ′'s range.
struct sigmoid_derivative_op {
  vd operator()(vd x) const {
    const vd e = exp_value(exponential(at_least(negative_magnitude(x), -110.0)));
    const vd d = 1.0 + e;
    const vd slope = e / (d * d);
    return select(slope > 0.25, broadcast(0.25), slope);
  }
};

// tanh|x| = −m/(2 + m) with m = e^−2|x| − 1 ∈ (−1, 0]: m carries full relative accuracy near 0
// (see exponential), and the quotient only doubles its error. Odd by construction: the sign of x
// is put on |tanh|x||. From |x| = 20 on every result rounds to 1.
struct tanh_forward_op {
  vd operator()(vd x) const {
    const vd m = expm1_value(exponential(at_least(2.0 * negative_magnitude(x), -40.0)));
    const vd t = magnitude(-m / (2.0 + m));
    return with_sign_of(t, x);
  }
};

// tanh′(x) = 4e/(1 + e)² with e = e^−2|x|, not 1 − tanh², which loses every digit as tanh → 1.
// Capped at its maximum 1 for the reason σ′ is.
struct tanh_derivative_op {
  vd operator()(vd x) const {
    const vd e = exp_value(exponential(at_least(2.0 * negative_magnitude(x), -110.0)));
    const vd d = 1.0 + e;
    const vd slope = 4.0 * e / (d * d);
    return select(slope > 1.0, broadcast(1.0), slope);
  }
};

// elu(x) = x for x > 0, α·(e^x − 1) otherwise, with e^x − 1 from expm1_value: exact near 0⁻
// where e^x − 1 would cancel. Below −60, α·(e^x − 1) rounds to −α for every α. ±0 keep α·x.
struct elu_forward_op {
  double alpha;
  vd operator()(vd x) const {
    const vd negative = at_least(select(x > 0.0, vd{}, x), -60.0);
    const vd m = select(is_zero(x), x, expm1_value(exponential(negative)));
    return select(x > 0.0, x, alpha * m);
  }
};

// elu′(x) = 1 for x > 0, α·e^x otherwise (α at 0, as the scalar member). Below −200, α·e^x rounds
// to 0 for every float α (α·e^−200 < 2^−150).
struct elu_derivative_op {
  double alpha;
  vd operator()(vd x) const {
    const vd negative = at_least(select(x > 0.0, vd{}, x), -200.0);
    const vd slope = alpha * exp_value(exponential(negative));
    return select(x > 0.0, broadcast(1.0), slope);
  }
};

// Applies `op` to n floats, `lanes` at a time; a short tail goes through a padded copy, so any
// length and any alignment work, and in == out is fine (each block is loaded before it is
// stored).
template <class Op>
inline void widened(const float* in, float* out, std::size_t n, Op op) {
  std::size_t i = 0;
  // Two blocks per iteration: independent chains for the out-of-order core, half the loop
  // overhead (four measured no faster).
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    vf first;
    vf second;
    std::memcpy(&first, in + i, sizeof first);
    std::memcpy(&second, in + i + lanes, sizeof second);
    first = narrow(op(widen(first)));
    second = narrow(op(widen(second)));
    std::memcpy(out + i, &first, sizeof first);
    std::memcpy(out + i + lanes, &second, sizeof second);
  }
  for (; i < n; i += lanes) {
    const std::size_t count = n - i < lanes ? n - i : lanes;
    vf block{};
    std::memcpy(&block, in + i, count * sizeof(float));
    block = narrow(op(widen(block)));
    std::memcpy(out + i, &block, count * sizeof(float));
  }
}

// relu and leaky_relu need no rounding beyond α·x in float, so they run at full float width and
// return what the scalar members return, bit for bit (same comparisons, same product).
struct relu_forward_op {
  vfw operator()(vfw x) const { return select(x <= 0.0f, vfw{}, x); }
};
struct relu_derivative_op {
  vfw operator()(vfw x) const {
    return select(x > 0.0f, broadcast_wide(1.0f), select(x <= 0.0f, vfw{}, x));
  }
};
struct leaky_relu_forward_op {
  float alpha;
  vfw operator()(vfw x) const { return select(x > 0.0f, x, alpha * x); }
};
// α = ±0: the limit −α for x < 0, not 0·(−∞) = NaN (see leaky_relu::forward).
struct leaky_relu_zero_alpha_forward_op {
  float alpha;
  vfw operator()(vfw x) const {
    return select(x > 0.0f, x, select(x < 0.0f, broadcast_wide(-alpha), alpha * x));
  }
};
struct leaky_relu_derivative_op {
  float alpha;
  vfw operator()(vfw x) const {
    return select(x > 0.0f, broadcast_wide(1.0f), select(x <= 0.0f, broadcast_wide(alpha), x));
  }
};

template <class Op>
inline void full_width(const float* in, float* out, std::size_t n, Op op) {
  std::size_t i = 0;
  // Two vectors per iteration: these kernels are a load, two or three operations and a store.
  for (; i + 2 * wide_lanes <= n; i += 2 * wide_lanes) {
    vfw first;
    vfw second;
    std::memcpy(&first, in + i, sizeof first);
    std::memcpy(&second, in + i + wide_lanes, sizeof second);
    first = op(first);
    second = op(second);
    std::memcpy(out + i, &first, sizeof first);
    std::memcpy(out + i + wide_lanes, &second, sizeof second);
  }
  for (; i < n; i += wide_lanes) {
    const std::size_t count = n - i < wide_lanes ? n - i : wide_lanes;
    vfw block{};
    std::memcpy(&block, in + i, count * sizeof(float));
    block = op(block);
    std::memcpy(out + i, &block, count * sizeof(float));
  }
}

inline void sigmoid_forward(const float* in, float* out, std::size_t n, float) noexcept {
  widened(in, out, n, sigmoid_forward_op{});
}
inline void sigmoid_derivative(const float* in, float* out, std::size_t n, float) noexcept {
  widened(in, out, n, sigmoid_derivative_op{});
}
inline void tanh_forward(const float* in, float* out, std::size_t n, float) noexcept {
  widened(in, out, n, tanh_forward_op{});
}
inline void tanh_derivative(const float* in, float* out, std::size_t n, float) noexcept {
  widened(in, out, n, tanh_derivative_op{});
}
inline void elu_forward(const float* in, float* out, std::size_t n, float alpha) noexcept {
  widened(in, out, n, elu_forward_op{static_cast<double>(alpha)});
}
inline void elu_derivative(const float* in, float* out, std::size_t n, float alpha) noexcept {
  widened(in, out, n, elu_derivative_op{static_cast<double>(alpha)});
}
inline void relu_forward(const float* in, float* out, std::size_t n, float) noexcept {
  full_width(in, out, n, relu_forward_op{});
}
inline void relu_derivative(const float* in, float* out, std::size_t n, float) noexcept {
  full_width(in, out, n, relu_derivative_op{});
}
inline void leaky_relu_forward(const float* in, float* out, std::size_t n, float alpha) noexcept {
  if (alpha < 0.0f || alpha > 0.0f) {
    full_width(in, out, n, leaky_relu_forward_op{alpha});
  } else {
    full_width(in, out, n, leaky_relu_zero_alpha_forward_op{alpha});
  }
}
inline void leaky_relu_derivative(const float* in, float* out, std::size_t n,
                                  float alpha) noexcept {
  full_width(in, out, n, leaky_relu_derivative_op{alpha});
}

inline constexpr float_kernels kernels{
    {sigmoid_forward, sigmoid_derivative}, {tanh_forward, tanh_derivative},
    {relu_forward, relu_derivative},       {leaky_relu_forward, leaky_relu_derivative},
    {elu_forward, elu_derivative},
};
