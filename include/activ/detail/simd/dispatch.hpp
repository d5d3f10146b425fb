#pragma once
// Which array kernels the span and contiguous-iterator members use: the best instruction set the
// running CPU has, detected once (x86-64: AVX-512, else AVX2 + FMA, else SSE2), or the scalar
// members where no kernels exist (another compiler, ACTIV_NO_SIMD defined, a type other than
// float).
//
// Tests and benchmarks switch the instruction set with select(); programs never need to.

#include <activ/concepts.hpp>
#include <activ/detail/simd/instances.hpp>
#include <activ/detail/simd/kernel_table.hpp>

#include <atomic>
#include <cstddef>

namespace activ {
template <real T>
class sigmoid;
template <real T>
class tanh;
template <real T>
class relu;
template <real T>
class leaky_relu;
template <real T>
class elu;
}  // namespace activ

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

namespace state {
// Detected on first use (thread-safe static initialisation), replaced only by select().
inline std::atomic<isa>& current() noexcept {
  static std::atomic<isa> set{best_available()};
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

inline const float_kernels* kernels_for([[maybe_unused]] isa set) noexcept {
  switch (set) {
#if defined(ACTIV_DETAIL_SIMD_X86)
    case isa::avx512:
      return &avx512::kernels;
    case isa::avx2_fma:
      return &avx2_fma::kernels;
    case isa::sse2:
      return &sse2::kernels;
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    case isa::portable:
      return &portable::kernels;
#endif
    default:
      return nullptr;
  }
}

// Which kernels serve which functor; no specialisation, no kernels.
template <class Activation>
struct kernels_of {
  static constexpr bool exists = false;
};

template <kernel_pair float_kernels::*Pair>
struct kernels_at {
  static constexpr bool exists = true;
  static constexpr kernel_pair float_kernels::*pair = Pair;
  template <class Activation>
  static float alpha(const Activation&) noexcept {
    return 0.0f;
  }
};
template <kernel_pair float_kernels::*Pair>
struct kernels_with_alpha : kernels_at<Pair> {
  template <class Activation>
  static float alpha(const Activation& f) noexcept {
    return f.alpha();
  }
};

template <>
struct kernels_of<sigmoid<float>> : kernels_at<&float_kernels::sigmoid> {};
template <>
struct kernels_of<tanh<float>> : kernels_at<&float_kernels::tanh> {};
template <>
struct kernels_of<relu<float>> : kernels_at<&float_kernels::relu> {};
template <>
struct kernels_of<leaky_relu<float>> : kernels_with_alpha<&float_kernels::leaky_relu> {};
template <>
struct kernels_of<elu<float>> : kernels_with_alpha<&float_kernels::elu> {};

template <class Activation>
inline constexpr bool has_kernels = kernels_of<Activation>::exists;

// Runs the active kernel for `f` over n elements; false where the scalar path must do it.
template <class Activation>
bool run(const Activation& f, bool derivative, const float* in, float* out, std::size_t n) {
  const float_kernels* table = kernels_for(active());
  if (table == nullptr) return false;
  const kernel_pair& pair = table->*kernels_of<Activation>::pair;
  (derivative ? pair.derivative : pair.forward)(in, out, n, kernels_of<Activation>::alpha(f));
  return true;
}

}  // namespace activ::detail::simd
