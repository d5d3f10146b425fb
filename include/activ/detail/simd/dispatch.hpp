#pragma once
// Which array kernels the span and contiguous-iterator members use: the best instruction set the
// running CPU has, detected once (x86-64: AVX-512, else AVX2 + FMA, else SSE2), or the scalar
// members where no kernels exist (another compiler, ACTIV_NO_SIMD defined, a type other than
// float and double, double on SSE2 or under -ffast-math).
//
// The environment variable ACTIV_ISA, read once at that first use, names another set for the
// whole process: avx512, avx2_fma (or avx2), sse2, portable or scalar (the scalar members). That
// is how a test suite or a benchmark runs the kernels a machine without AVX-512 would run, on a
// machine that has it. A set the CPU or the build does not have, or a name not in that list,
// leaves the best available set in use (simd::active() says which). Tests and benchmarks also
// switch sets inside one process with select(); programs never need to.

#include <activ/detail/simd/instances.hpp>
#include <activ/detail/simd/kernel.hpp>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

namespace activ::detail::simd {

enum class isa : unsigned char {
  scalar,    // the scalar members, element by element (correctly rounded for float)
  portable,  // vector extensions, for architectures other than x86-64
  sse2,      // x86-64 baseline
  avx2_fma,  // x86-64 with AVX2 and FMA
  avx512,    // x86-64 with AVX-512 F and DQ
};

inline const char* name(isa set) noexcept {
  switch (set) {
    case isa::scalar:
      return "scalar";
    case isa::portable:
      return "portable";
    case isa::sse2:
      return "sse2";
    case isa::avx2_fma:
      return "avx2_fma";
    case isa::avx512:
      return "avx512";
  }
  return "unknown";
}

/// Whether this build has kernels for `set` and the running CPU can execute them.
inline bool available(isa set) noexcept {
  if (set == isa::scalar) return true;  // every build
  switch (set) {
#if defined(ACTIV_DETAIL_SIMD_X86)
    case isa::sse2:  // every x86-64 CPU
      return true;
    case isa::avx2_fma:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case isa::avx512:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    case isa::portable:
      return true;
#endif
    default:
      return false;
  }
}

inline isa best_available() noexcept {
  for (const isa set : {isa::avx512, isa::avx2_fma, isa::sse2, isa::portable}) {
    if (available(set)) return set;
  }
  return isa::scalar;
}

// The set ACTIV_ISA names, if it names one (see the top of this file).
inline std::optional<isa> named_in_environment() noexcept {
#if defined(_MSC_VER)
#pragma warning(suppress : 4996)  // getenv: read once, before any thread could set it
#endif
  const char* name = std::getenv("ACTIV_ISA");
  if (name == nullptr) return std::nullopt;
  const std::string_view text(name);
  for (const isa set : {isa::scalar, isa::portable, isa::sse2, isa::avx2_fma, isa::avx512}) {
    if (text == simd::name(set)) return set;
  }
  if (text == "avx2") return isa::avx2_fma;
  return std::nullopt;
}

// The set in use until select() changes it: ACTIV_ISA's where available, else the best.
inline isa initial() noexcept {
  const std::optional<isa> requested = named_in_environment();
  return requested && available(*requested) ? *requested : best_available();
}

namespace state {
// Decided on first use (thread-safe static initialisation), replaced only by select().
inline std::atomic<isa>& current() noexcept {
  static std::atomic<isa> set{initial()};
  return set;
}
}  // namespace state

/// The instruction set the array members use now.
inline isa active() noexcept { return state::current().load(std::memory_order_relaxed); }

/// Makes the array members use `set` from now on; false (and no change) if it is not available.
inline bool select(isa set) noexcept {
  if (!available(set)) return false;
  state::current().store(set, std::memory_order_relaxed);
  return true;
}

// Whether the target behind `set` has the kernel of Activation in direction D (Fast: a fast kernel
// of its own, beside the precise one).
template <class Activation, direction D, bool Fast = false>
inline bool has_kernel([[maybe_unused]] isa set) noexcept {
  switch (set) {
#if defined(ACTIV_DETAIL_SIMD_X86)
    case isa::avx512:
      return Fast ? avx512::has_fast_kernel<Activation, D> : avx512::has_kernel<Activation, D>;
    case isa::avx2_fma:
      return Fast ? avx2_fma::has_fast_kernel<Activation, D> : avx2_fma::has_kernel<Activation, D>;
    case isa::sse2:
      return Fast ? sse2::has_fast_kernel<Activation, D> : sse2::has_kernel<Activation, D>;
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    case isa::portable:
      return Fast ? portable::has_fast_kernel<Activation, D> : portable::has_kernel<Activation, D>;
#endif
    default:
      return false;
  }
}
template <class Activation, direction D>
inline bool has_fast_kernel(isa set) noexcept {
  return has_kernel<Activation, D, true>(set);
}

// Whether any target of this build has a kernel for Activation in any direction: if not, the
// array members need not look (the iterator members then skip their overlap test).
template <class Activation>
inline constexpr bool has_kernels =
#if defined(ACTIV_DETAIL_SIMD_X86) || defined(ACTIV_DETAIL_SIMD_KERNELS)
    []<std::size_t... I>(std::index_sequence<I...>) {
  return (false || ... ||
#if defined(ACTIV_DETAIL_SIMD_X86)
          (avx512::has_kernel<Activation, all_directions[I]> ||
           avx2_fma::has_kernel<Activation, all_directions[I]> ||
           sse2::has_kernel<Activation, all_directions[I]>)
#else
          portable::has_kernel<Activation, all_directions[I]>
#endif
  );
}
(std::make_index_sequence<std::size(all_directions)>{});
#else
    false;
#endif

// Whether any target of this build has a fast kernel of Activation in direction D: where none has,
// the array members ask for the precise kernel under either tag, so that no second copy of it is
// compiled for the fast tier.
template <class Activation, direction D>
inline constexpr bool has_fast_kernels =
#if defined(ACTIV_DETAIL_SIMD_X86)
    avx512::has_fast_kernel<Activation, D> || avx2_fma::has_fast_kernel<Activation, D> ||
    sse2::has_fast_kernel<Activation, D>;
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    portable::has_fast_kernel<Activation, D>;
#else
        false;
#endif

// The tier whose kernels serve a request for Tier: fast only where some target has a fast kernel.
template <class Activation, direction D, tier Tier>
inline constexpr tier serving_tier =
    Tier == tier::fast&& has_fast_kernels<Activation, D> ? tier::fast : tier::precise;

// Runs the active target's kernel for `f` in direction D and tier Tier over n elements, reading
// `streams` too (the gradient of the backward directions); false where there is none and the scalar
// members must serve.
//
// ACTIV_KERNELS_COMPILED_ELSEWHERE: this is only declared, so that a translation unit compiled
// with the macro generates no kernel code. A program that defines it in some of its translation
// units explicitly instantiates, in one other, every run<D, Tier>(f, in, out, n[, g]) those call
// (the test suite does, tests/compiled_kernels.hpp: its kernels are compiled once at the build's
// optimisation, not once per test program).
template <direction D, tier Tier, class Activation, class T, class... Streams>
bool run(const Activation& f, const T* in, T* out, std::size_t n, const Streams*... streams)
#if defined(ACTIV_KERNELS_COMPILED_ELSEWHERE)
    ;
#else
{
  switch (active()) {
#if defined(ACTIV_DETAIL_SIMD_X86)
    case isa::avx512:
      return avx512::run<D, Tier>(f, in, out, n, streams...);
    case isa::avx2_fma:
      return avx2_fma::run<D, Tier>(f, in, out, n, streams...);
    case isa::sse2:
      return sse2::run<D, Tier>(f, in, out, n, streams...);
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    case isa::portable:
      return portable::run<D, Tier>(f, in, out, n, streams...);
#endif
    default:
      (void)f, (void)in, (void)out, (void)n;
      ((void)streams, ...);
      return false;
  }
}
#endif

}  // namespace activ::detail::simd
