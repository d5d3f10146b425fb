#pragma once
// Which array kernels the span and contiguous-iterator members use: the best instruction set the
// running CPU has, detected once (x86-64: AVX-512, else AVX2 + FMA, else SSE2), or the scalar
// members where no kernels exist (another compiler, ACTIV_NO_SIMD defined, a type other than
// float and double, double on SSE2 or under -ffast-math).
//
// Tests and benchmarks switch the instruction set with select(); programs never need to.

#include <activ/concepts.hpp>
#include <activ/detail/simd/instances.hpp>
#include <activ/detail/simd/kernel_table.hpp>

#include <atomic>
#include <cstddef>
#include <type_traits>

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

// The kernels of `set` for element type T, or null where there are none.
template <class T>
inline const kernel_set<T>* kernels_for(isa) noexcept {
  return nullptr;
}

template <>
inline const kernel_set<float>* kernels_for<float>([[maybe_unused]] isa set) noexcept {
  switch (set) {
#if defined(ACTIV_DETAIL_SIMD_X86)
    case isa::avx512:
      return &avx512::float_set;
    case isa::avx2_fma:
      return &avx2_fma::float_set;
    case isa::sse2:
      return &sse2::float_set;
#elif defined(ACTIV_DETAIL_SIMD_KERNELS)
    case isa::portable:
      return &portable::float_set;
#endif
    default:
      return nullptr;
  }
}

template <>
inline const kernel_set<double>* kernels_for<double>([[maybe_unused]] isa set) noexcept {
  switch (set) {
#if defined(ACTIV_DETAIL_SIMD_DOUBLE)
    case isa::avx512:
      return &avx512::double_set;
    case isa::avx2_fma:
      return &avx2_fma::double_set;
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

template <class T, kernel_pair<T> kernel_set<T>::*Pair>
struct kernels_at {
  static constexpr bool exists = true;
  static constexpr kernel_pair<T> kernel_set<T>::*pair = Pair;
  template <class Activation>
  static T alpha(const Activation&) noexcept {
    return T(0);
  }
};
template <class T, kernel_pair<T> kernel_set<T>::*Pair>
struct kernels_with_alpha : kernels_at<T, Pair> {
  template <class Activation>
  static T alpha(const Activation& f) noexcept {
    return f.alpha();
  }
};

template <class T>
struct kernels_of<sigmoid<T>> : kernels_at<T, &kernel_set<T>::sigmoid> {};
template <class T>
struct kernels_of<tanh<T>> : kernels_at<T, &kernel_set<T>::tanh> {};
template <class T>
struct kernels_of<relu<T>> : kernels_at<T, &kernel_set<T>::relu> {};
template <class T>
struct kernels_of<leaky_relu<T>> : kernels_with_alpha<T, &kernel_set<T>::leaky_relu> {};
template <class T>
struct kernels_of<elu<T>> : kernels_with_alpha<T, &kernel_set<T>::elu> {};

// Kernels exist for float and double only.
template <class Activation>
inline constexpr bool has_kernels = kernels_of<Activation>::exists &&
                                    (std::is_same_v<typename Activation::value_type, float> ||
                                     std::is_same_v<typename Activation::value_type, double>);

// Runs the active kernel for `f` over n elements; false where the scalar path must do it.
template <class Activation, class T>
bool run(const Activation& f, bool derivative, const T* in, T* out, std::size_t n) {
  const kernel_set<T>* table = kernels_for<T>(active());
  if (table == nullptr) return false;
  const kernel_pair<T>& pair = table->*kernels_of<Activation>::pair;
  (derivative ? pair.derivative : pair.forward)(in, out, n, kernels_of<Activation>::alpha(f));
  return true;
}

}  // namespace activ::detail::simd
