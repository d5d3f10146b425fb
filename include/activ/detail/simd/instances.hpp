#pragma once
// The float kernels of float_kernels.inl, and the double kernels of double_kernels.inl where the
// target has FMA, compiled once per target this compiler can build:
//   x86-64: avx512 (AVX-512 F and DQ) and avx2_fma (AVX2 + FMA), chosen at run time, and sse2
//   (every x86-64 CPU);
//   elsewhere: portable (GCC/Clang vector extensions at 16 bytes, which the compiler maps to the
//   architecture's vectors, e.g. NEON).
// Each target lives in its own namespace, so the same inline functions exist once per target
// without clashing. Targets are switched with pragmas rather than global flags, so a build without
// any -march still gets the AVX2 code, and the rest of the program stays baseline.
// Compilers without GNU vector extensions (MSVC) get no kernels: arrays take the scalar path.

#include <activ/detail/math.hpp>
#include <activ/detail/simd/kernel.hpp>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__GNUC__) && !defined(ACTIV_NO_SIMD)

#if defined(__x86_64__)

#define ACTIV_DETAIL_SIMD_X86 1
// double kernels: on the targets with FMA, whose exact products their double-double arithmetic
// needs; not under -ffast-math, which may reassociate the error-free sums into zeros (the scalar
// members then serve doubles).
#if !defined(__FAST_MATH__)
#define ACTIV_DETAIL_SIMD_DOUBLE 1
#endif
namespace activ::detail::simd {
#if defined(ACTIV_DETAIL_SIMD_DOUBLE)
inline constexpr bool with_fma_double_kernels = true;
#else
inline constexpr bool with_fma_double_kernels = false;
#endif
}  // namespace activ::detail::simd

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,fma")
#endif

namespace activ::detail::simd::avx512 {

inline constexpr std::size_t lanes = 8;
inline constexpr bool double_kernels = with_fma_double_kernels;
inline constexpr std::size_t wide_lanes = 16;
using vd = double __attribute__((vector_size(64)));
using vf = float __attribute__((vector_size(32)));
using vi64 = std::int64_t __attribute__((vector_size(64)));
using vfw = float __attribute__((vector_size(64)));

// The builtins behind _mm512_fmadd_pd, _mm512_fmadd_round_pd, _mm512_max_pd, _mm512_min_pd and
// _mm512_cvtps_pd, on every lane (a mask of all ones, whose type GCC declares per builtin and Clang
// as unsigned char). Rounding argument 4: the current mode; 8: to nearest, exceptions suppressed.
inline constexpr unsigned char all_lanes = 0xff;
#if defined(__clang__)
inline constexpr unsigned char all_lanes_qi = 0xff;
inline constexpr unsigned short all_lanes_hi = 0xffff;
#else
inline constexpr char all_lanes_qi = -1;  // the type GCC declares for some builtins' masks
inline constexpr short all_lanes_hi = -1;
#endif
inline vd mul_add(vd a, vd b, vd c) {
  return __builtin_ia32_vfmaddpd512_mask(a, b, c, all_lanes, 4);
}
// bound > x ? bound : x and bound < x ? bound : x, one instruction each (x NaN: x).
#if defined(__clang__)
inline vd max_of(vd bound, vd x) { return __builtin_ia32_maxpd512(bound, x, 4); }
inline vd min_of(vd bound, vd x) { return __builtin_ia32_minpd512(bound, x, 4); }
inline vfw max_of(vfw bound, vfw x) { return __builtin_ia32_maxps512(bound, x, 4); }
inline vfw min_of(vfw bound, vfw x) { return __builtin_ia32_minps512(bound, x, 4); }
#else
inline vd max_of(vd bound, vd x) { return __builtin_ia32_maxpd512_mask(bound, x, x, all_lanes, 4); }
inline vd min_of(vd bound, vd x) { return __builtin_ia32_minpd512_mask(bound, x, x, all_lanes, 4); }
inline vfw max_of(vfw bound, vfw x) {
  return __builtin_ia32_maxps512_mask(bound, x, x, all_lanes_hi, 4);
}
inline vfw min_of(vfw bound, vfw x) {
  return __builtin_ia32_minps512_mask(bound, x, x, all_lanes_hi, 4);
}
#endif
// k = the integer nearest z·factor, and k + shifter (a multiple of 2^52 plus a small bias, so that
// its low mantissa bits hold k + bias): one fused multiply-add rounded to nearest whatever the
// current mode (AVX-512's embedded rounding), then one subtraction, exact.
using shifted_integer = shifted_integer_of<vd>;
inline shifted_integer nearest_shifted(vd z, double factor, double shifter) {
  const vd s = shifter - vd{};
  const vd shifted = __builtin_ia32_vfmaddpd512_mask(z, factor - vd{}, s, all_lanes, 8);
  return {shifted - s, shifted};
}
#if defined(__clang__)
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
#else
// GCC 12 splits __builtin_convertvector between these widths into halves.
inline vd widen(vf x) { return __builtin_ia32_cvtps2pd512_mask(x, vd{}, all_lanes_qi, 4); }
#endif
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }
// vpermt2q: a 16-entry table in two registers, one instruction (_mm512_permutex2var_epi64).
struct target_traits {
  static constexpr bool permutes_sixteen = true;
  static vi64 permute_sixteen(vi64 index, vi64 lo, vi64 hi) {
    using v8di = long long __attribute__((vector_size(64)));
#if defined(__clang__)
    return __builtin_bit_cast(vi64, __builtin_ia32_vpermi2varq512(__builtin_bit_cast(v8di, lo),
                                                                  __builtin_bit_cast(v8di, index),
                                                                  __builtin_bit_cast(v8di, hi)));
#else
    return __builtin_bit_cast(
        vi64, __builtin_ia32_vpermt2varq512_mask(__builtin_bit_cast(v8di, index),
                                                 __builtin_bit_cast(v8di, lo),
                                                 __builtin_bit_cast(v8di, hi), all_lanes));
#endif
  }

  static constexpr bool fixes_up = true;
  // vfixupimmps/pd (_mm512_fixupimm_ps/pd): each lane of x is classed (0 quiet NaN, 1 signalling
  // NaN, 2 ±0, 3 +1, 4 −∞, 5 +∞, 6 other negative, 7 other positive; a subnormal is ±0 under
  // DAZ, as comparisons see it) and replaced by what the class's 4 bits of `responses` say: 0 the
  // lane of `otherwise`, 1 x itself, 8 +0, 10 +1 (among others). Exception flags: none (imm8 0).
  static vfw fix_up(vfw otherwise, vfw x, std::uint32_t responses) {
    using v16si = int __attribute__((vector_size(64)));
    const v16si table = static_cast<int>(responses) - v16si{};
    return __builtin_ia32_fixupimmps512_mask(otherwise, x, table, 0, all_lanes_hi, 4);
  }
  static vd fix_up(vd otherwise, vd x, std::uint32_t responses) {
    using v8di = long long __attribute__((vector_size(64)));
    const v8di table = static_cast<long long>(responses) - v8di{};
    return __builtin_ia32_fixupimmpd512_mask(otherwise, x, table, 0, all_lanes_qi, 4);
  }

  static constexpr bool selects_bits = true;
  // vpternlogq (_mm512_ternarylogic_epi64) with the truth table of mask ? if_set : if_clear,
  // 0xD8: bits from if_set where mask has ones, from if_clear elsewhere.
  static vd select_bits(vd mask, vd if_set, vd if_clear) {
    using v8di = long long __attribute__((vector_size(64)));
    return __builtin_bit_cast(
        vd, __builtin_ia32_pternlogq512_mask(__builtin_bit_cast(v8di, if_clear),
                                             __builtin_bit_cast(v8di, if_set),
                                             __builtin_bit_cast(v8di, mask), 0xD8, all_lanes));
  }
};

// Whether any lane of v is below bound: one comparison into a mask register (predicate 0x11,
// less-than, ordered, quiet).
inline bool any_below(vd v, double bound) {
  return __builtin_ia32_cmppd512_mask(v, bound - vd{}, 0x11, all_lanes, 4) != 0;
}

// The fast tier's float operations (fast_kernels.inl), at full width.
using vi32w = std::int32_t __attribute__((vector_size(64)));
inline vfw mul_add(vfw a, vfw b, vfw c) {
  return __builtin_ia32_vfmaddps512_mask(a, b, c, all_lanes_hi, 4);
}
// k = the integer nearest z·factor whatever the rounding mode (embedded rounding to nearest), and
// k + shifter.
struct shifted_integer_wide {
  vfw k;
  vfw shifted;
};
inline shifted_integer_wide nearest_shifted(vfw z, float factor, float shifter) {
  const vfw s = shifter - vfw{};
  const vfw shifted = __builtin_ia32_vfmaddps512_mask(z, factor - vfw{}, s, all_lanes_hi, 8);
  return {shifted - s, shifted};
}
inline constexpr bool adds_to_nearest_in_every_mode = true;
inline vfw mul_add_to_nearest(vfw a, vfw b, vfw c) {
  return __builtin_ia32_vfmaddps512_mask(a, b, c, all_lanes_hi, 8);
}
// a·2^k rounded once (subnormal or 0 where it is that small), in one vscalefps
// (_mm512_scalef_ps(a, k)).
inline vfw times_power_of_two(vfw a, vfw k, vfw /*shifted*/) {
  return __builtin_ia32_scalefps512_mask(a, k, vfw{}, all_lanes_hi, 4);
}
// 1/b within 2^−14, relatively, for finite b in [1, 2^100]: vrcp14ps, which the kernels refine by
// a Newton step (fast_kernels.inl); on this core a product runs through a unit of its own while a
// division takes a fraction of the rate.
inline vfw reciprocal_estimate(vfw b) {
  return __builtin_ia32_rcp14ps512_mask(b, vfw{}, static_cast<unsigned short>(0xffff));
}

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
// The fast tier's kernels, on float_kernels.inl's helpers.
#include <activ/detail/simd/fast_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
#if defined(ACTIV_DETAIL_SIMD_DOUBLE)
#include <activ/detail/simd/double_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
#endif

}  // namespace activ::detail::simd::avx512

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

namespace activ::detail::simd::avx2_fma {

inline constexpr std::size_t lanes = 4;
inline constexpr bool double_kernels = with_fma_double_kernels;
inline constexpr std::size_t wide_lanes = 8;
using vd = double __attribute__((vector_size(32)));
using vf = float __attribute__((vector_size(16)));
using vi64 = std::int64_t __attribute__((vector_size(32)));
using vfw = float __attribute__((vector_size(32)));

// The builtins behind _mm256_fmadd_pd, _mm256_round_pd, _mm256_max_pd and _mm256_min_pd, which
// spare every includer <immintrin.h>. Rounding mode 8: to nearest, exceptions suppressed.
inline vd mul_add(vd a, vd b, vd c) { return __builtin_ia32_vfmaddpd256(a, b, c); }
inline vd max_of(vd bound, vd x) { return __builtin_ia32_maxpd256(bound, x); }
inline vd min_of(vd bound, vd x) { return __builtin_ia32_minpd256(bound, x); }
inline vfw max_of(vfw bound, vfw x) { return __builtin_ia32_maxps256(bound, x); }
inline vfw min_of(vfw bound, vfw x) { return __builtin_ia32_minps256(bound, x); }
using target_traits = without_table;
using shifted_integer = shifted_integer_of<vd>;
inline shifted_integer nearest_shifted(vd z, double factor, double shifter) {
  const vd k = __builtin_ia32_roundpd256(z * factor, 8);
  return {k, k + shifter};
}
#if defined(__clang__)
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }
#else
// GCC 12 splits __builtin_convertvector between these widths into halves.
inline vd widen(vf x) { return __builtin_ia32_cvtps2pd256(x); }
inline vf narrow(vd x) { return __builtin_ia32_cvtpd2ps256(x); }
#endif

inline bool any_below(vd v, double bound) {
  return __builtin_ia32_movmskpd256(__builtin_ia32_cmppd256(v, bound - vd{}, 0x11)) != 0;
}

// The fast tier's float operations (fast_kernels.inl), at full width.
using vi32w = std::int32_t __attribute__((vector_size(32)));
inline vfw mul_add(vfw a, vfw b, vfw c) { return __builtin_ia32_vfmaddps256(a, b, c); }
struct shifted_integer_wide {
  vfw k;
  vfw shifted;
};
// k rounded to nearest whatever the mode (vroundps, mode 8), then k + shifter, exact.
inline shifted_integer_wide nearest_shifted(vfw z, float factor, float shifter) {
  const vfw k = __builtin_ia32_roundps256(z * factor, 8);
  return {k, k + shifter};
}
// a·2^k from the shifted integer, whose low bits hold k + 191 (fast_kernels.inl's shifter): moved
// into the exponent field, that is 2^(k + 64); a times it is exact for the kernels' a, and the
// product with 2^−64 is exact or, below 2^−126, the one rounding to a subnormal or zero.
inline vfw times_power_of_two(vfw a, vfw /*k*/, vfw shifted) {
  return a * __builtin_bit_cast(vfw, __builtin_bit_cast(vi32w, shifted) << 23) * 0x1p-64F;
}
// No embedded rounding: in a directed mode the sum rounds that way.
inline constexpr bool adds_to_nearest_in_every_mode = false;
inline vfw mul_add_to_nearest(vfw a, vfw b, vfw c) { return mul_add(a, b, c); }
// 1/b rounded once: vrcpps's estimate is within 1.5·2^−12 only, and a Newton step from it leaves
// too much of the fast tier's bound.
inline vfw reciprocal_estimate(vfw b) { return 1.0F / b; }

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
// The fast tier's kernels, on float_kernels.inl's helpers.
#include <activ/detail/simd/fast_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
#if defined(ACTIV_DETAIL_SIMD_DOUBLE)
#include <activ/detail/simd/double_kernels.inl>  // NOLINT(readability-duplicate-include): once per target
#endif

}  // namespace activ::detail::simd::avx2_fma

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace activ::detail::simd::sse2 {

inline constexpr std::size_t lanes = 2;
inline constexpr bool double_kernels = false;  // no FMA
inline constexpr std::size_t wide_lanes = 4;
using vd = double __attribute__((vector_size(16)));
using vf = float __attribute__((vector_size(8)));
using vi32 = std::int32_t __attribute__((vector_size(8)));
using vi64 = std::int64_t __attribute__((vector_size(16)));
using vfw = float __attribute__((vector_size(16)));

// No FMA before AVX2: two roundings, which the kernels' error budget allows for.
inline vd mul_add(vd a, vd b, vd c) { return a * b + c; }
inline vd max_of(vd bound, vd x) { return __builtin_ia32_maxpd(bound, x); }
inline vd min_of(vd bound, vd x) { return __builtin_ia32_minpd(bound, x); }
inline vfw max_of(vfw bound, vfw x) { return __builtin_ia32_maxps(bound, x); }
inline vfw min_of(vfw bound, vfw x) { return __builtin_ia32_minps(bound, x); }
using target_traits = without_table;
// The integer nearest z·factor: truncation toward zero ignores the rounding mode, and truncating
// z·factor + ½ with the sign of z·factor rounds to nearest (ties away from 0; for z·factor ≤ 0, as
// most kernels pass, that is z·factor − ½).
using shifted_integer = shifted_integer_of<vd>;
inline vd plus_signed_half(vd x) {
  const vi64 sign = __builtin_bit_cast(vi64, x) & std::numeric_limits<std::int64_t>::min();
  return x + __builtin_bit_cast(vd, sign | __builtin_bit_cast(vi64, 0.5 - vd{}));
}
#if defined(__clang__)
inline vd nearest_integer(vd x) {
  return __builtin_convertvector(__builtin_convertvector(plus_signed_half(x), vi32), vd);
}
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }
#else
// GCC 12 converts these 8-byte vectors lane by lane; the SSE2 instructions take the low half of
// a 16-byte register (cvtps2pd, cvttpd2dq, cvtdq2pd, cvtpd2ps, as the intrinsics' builtins).
using v4sf = float __attribute__((vector_size(16)));
using v4si = std::int32_t __attribute__((vector_size(16)));
inline vd nearest_integer(vd x) {
  return __builtin_ia32_cvtdq2pd(__builtin_ia32_cvttpd2dq(plus_signed_half(x)));
}
inline vd widen(vf x) {
  v4sf wide{};
  std::memcpy(&wide, &x, sizeof x);
  return __builtin_ia32_cvtps2pd(wide);
}
inline vf narrow(vd x) {
  const v4sf wide = __builtin_ia32_cvtpd2ps(x);
  vf result;
  std::memcpy(&result, &wide, sizeof result);
  return result;
}
#endif
inline shifted_integer nearest_shifted(vd z, double factor, double shifter) {
  const vd k = nearest_integer(z * factor);
  return {k, k + shifter};
}

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

}  // namespace activ::detail::simd::sse2

#else  // not x86-64

namespace activ::detail::simd::portable {

inline constexpr std::size_t lanes = 2;
inline constexpr bool double_kernels = false;  // no FMA
inline constexpr std::size_t wide_lanes = 4;
using vd = double __attribute__((vector_size(16)));
using vf = float __attribute__((vector_size(8)));
using vi32 = std::int32_t __attribute__((vector_size(8)));
using vi64 = std::int64_t __attribute__((vector_size(16)));
using vfw = float __attribute__((vector_size(16)));

inline vd mul_add(vd a, vd b, vd c) { return a * b + c; }
// bound > x ? bound : x (x NaN: x), as x86's maxpd; compilers map it to the target's own.
inline vd max_of(vd bound, vd x) { return bound > x ? bound : x; }
inline vd min_of(vd bound, vd x) { return bound < x ? bound : x; }
inline vfw max_of(vfw bound, vfw x) { return bound > x ? bound : x; }
inline vfw min_of(vfw bound, vfw x) { return bound < x ? bound : x; }
using target_traits = without_table;
// The integer nearest z·factor: truncation toward zero ignores the rounding mode, and truncating
// z·factor + ½ with the sign of z·factor rounds to nearest (ties away from 0).
using shifted_integer = shifted_integer_of<vd>;
inline shifted_integer nearest_shifted(vd z, double factor, double shifter) {
  const vd y = z * factor;
  const vi64 sign = __builtin_bit_cast(vi64, y) & std::numeric_limits<std::int64_t>::min();
  const vd half = __builtin_bit_cast(vd, sign | __builtin_bit_cast(vi64, 0.5 - vd{}));
  const vd k = __builtin_convertvector(__builtin_convertvector(y + half, vi32), vd);
  return {k, k + shifter};
}
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

}  // namespace activ::detail::simd::portable

#endif  // __x86_64__

#define ACTIV_DETAIL_SIMD_KERNELS 1

#endif  // __GNUC__ && !ACTIV_NO_SIMD
