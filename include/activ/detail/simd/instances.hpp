#pragma once
// The float kernels of float_kernels.inl, compiled once per target this compiler can build:
//   x86-64: avx512 (AVX-512 F and DQ) and avx2_fma (AVX2 + FMA), chosen at run time, and sse2
//   (every x86-64 CPU);
//   elsewhere: portable (GCC/Clang vector extensions at 16 bytes, which the compiler maps to the
//   architecture's vectors, e.g. NEON).
// Each target lives in its own namespace, so the same inline functions exist once per target
// without clashing. Targets are switched with pragmas rather than global flags, so a build without
// any -march still gets the AVX2 code, and the rest of the program stays baseline.
// Compilers without GNU vector extensions (MSVC) get no kernels: arrays take the scalar path.

#include <activ/detail/simd/kernel_table.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__GNUC__) && !defined(ACTIV_NO_SIMD)

#if defined(__x86_64__)

#define ACTIV_DETAIL_SIMD_X86 1

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,fma")
#endif

namespace activ::detail::simd::avx512 {

inline constexpr std::size_t lanes = 8;
inline constexpr std::size_t wide_lanes = 16;
using vd = double __attribute__((vector_size(64)));
using vf = float __attribute__((vector_size(32)));
using vi64 = std::int64_t __attribute__((vector_size(64)));
using vfw = float __attribute__((vector_size(64)));

// The builtins behind _mm512_fmadd_pd, _mm512_roundscale_pd and _mm512_cvtps_pd, on every lane
// (a mask of all ones, whose type GCC declares per builtin and Clang as unsigned char), with the
// current rounding; imm 8 rounds to nearest with exceptions suppressed.
inline constexpr unsigned char all_lanes = 0xff;
#if defined(__clang__)
inline constexpr unsigned char all_lanes_qi = 0xff;
#else
inline constexpr char all_lanes_qi = -1;
#endif
inline vd mul_add(vd a, vd b, vd c) {
  return __builtin_ia32_vfmaddpd512_mask(a, b, c, all_lanes, 4);
}
inline vd nearest_integer(vd x) { return __builtin_ia32_rndscalepd_mask(x, 8, x, all_lanes_qi, 4); }
#if defined(__clang__)
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
#else
// GCC 12 splits __builtin_convertvector between these widths into halves.
inline vd widen(vf x) { return __builtin_ia32_cvtps2pd512_mask(x, vd{}, all_lanes_qi, 4); }
#endif
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

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
inline constexpr std::size_t wide_lanes = 8;
using vd = double __attribute__((vector_size(32)));
using vf = float __attribute__((vector_size(16)));
using vi64 = std::int64_t __attribute__((vector_size(32)));
using vfw = float __attribute__((vector_size(32)));

// The builtins behind _mm256_fmadd_pd and _mm256_round_pd, which spare every includer
// <immintrin.h>. Rounding mode 8: to nearest, exceptions suppressed.
inline vd mul_add(vd a, vd b, vd c) { return __builtin_ia32_vfmaddpd256(a, b, c); }
inline vd nearest_integer(vd x) { return __builtin_ia32_roundpd256(x, 8); }
#if defined(__clang__)
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }
#else
// GCC 12 splits __builtin_convertvector between these widths into halves.
inline vd widen(vf x) { return __builtin_ia32_cvtps2pd256(x); }
inline vf narrow(vd x) { return __builtin_ia32_cvtpd2ps256(x); }
#endif

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

}  // namespace activ::detail::simd::avx2_fma

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace activ::detail::simd::sse2 {

inline constexpr std::size_t lanes = 2;
inline constexpr std::size_t wide_lanes = 4;
using vd = double __attribute__((vector_size(16)));
using vf = float __attribute__((vector_size(8)));
using vi32 = std::int32_t __attribute__((vector_size(8)));
using vi64 = std::int64_t __attribute__((vector_size(16)));
using vfw = float __attribute__((vector_size(16)));

// No FMA before AVX2: two roundings, which the kernels' error budget allows for.
inline vd mul_add(vd a, vd b, vd c) { return a * b + c; }
// nearest_integer: truncation toward zero ignores the rounding mode, and for x ≤ 0 truncating
// x − ½ rounds to nearest.
#if defined(__clang__)
inline vd nearest_integer(vd x) {
  return __builtin_convertvector(__builtin_convertvector(x - 0.5, vi32), vd);
}
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }
#else
// GCC 12 converts these 8-byte vectors lane by lane; the SSE2 instructions take the low half of
// a 16-byte register (cvtps2pd, cvttpd2dq, cvtdq2pd, cvtpd2ps, as the intrinsics' builtins).
using v4sf = float __attribute__((vector_size(16)));
using v4si = std::int32_t __attribute__((vector_size(16)));
inline vd nearest_integer(vd x) {
  return __builtin_ia32_cvtdq2pd(__builtin_ia32_cvttpd2dq(x - 0.5));
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

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

}  // namespace activ::detail::simd::sse2

#else  // not x86-64

namespace activ::detail::simd::portable {

inline constexpr std::size_t lanes = 2;
inline constexpr std::size_t wide_lanes = 4;
using vd = double __attribute__((vector_size(16)));
using vf = float __attribute__((vector_size(8)));
using vi32 = std::int32_t __attribute__((vector_size(8)));
using vi64 = std::int64_t __attribute__((vector_size(16)));
using vfw = float __attribute__((vector_size(16)));

inline vd mul_add(vd a, vd b, vd c) { return a * b + c; }
// Truncation toward zero ignores the rounding mode; for x ≤ 0, truncating x − ½ rounds to nearest.
inline vd nearest_integer(vd x) {
  return __builtin_convertvector(__builtin_convertvector(x - 0.5, vi32), vd);
}
inline vd widen(vf x) { return __builtin_convertvector(x, vd); }
inline vf narrow(vd x) { return __builtin_convertvector(x, vf); }

#include <activ/detail/simd/float_kernels.inl>  // NOLINT(readability-duplicate-include): once per target

}  // namespace activ::detail::simd::portable

#endif  // __x86_64__

#define ACTIV_DETAIL_SIMD_KERNELS 1

#endif  // __GNUC__ && !ACTIV_NO_SIMD
