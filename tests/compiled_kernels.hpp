#pragma once
// The array kernels of one registry row, compiled once for the whole test suite:
// tests/CMakeLists.txt generates a translation unit per row that expands
// ACTIV_TEST_COMPILE_KERNELS(<name>_row), at the build's own optimisation, and compiles the test
// programs with ACTIV_KERNELS_COMPILED_ELSEWHERE (include/activ/detail/simd/dispatch.hpp), so that
// each of them calls these instead of generating every kernel for every instruction set again. A
// test program that calls a kernel missing here fails to link, never silently runs something else.

#include "registry.hpp"

#include <cstddef>

// Every direction for float and double: run<D> of a direction the row's functor has no kernel for
// is instantiated too (it returns false), which costs nothing and needs no list of which exist.
// The fast tier's run<D, fast> only where a target has a fast kernel (elementwise.hpp asks for the
// precise one elsewhere): taking its address in a discarded-or-not branch instantiates it, and the
// implicit instantiation is a weak definition the test programs link to.
#define ACTIV_TEST_COMPILE_KERNEL(F, T, D, ...)                                                    \
  template bool                                                                                    \
  activ::detail::simd::run<activ::detail::simd::direction::D, activ::detail::simd::tier::precise>( \
      const F&, const T*, T*, std::size_t __VA_OPT__(, ) __VA_ARGS__);
#define ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, D, ...)                                            \
  if constexpr (activ::detail::simd::has_fast_kernels<F, activ::detail::simd::direction::D>) {  \
    using signature = bool (*)(const F&, const T*, T*, std::size_t __VA_OPT__(, ) __VA_ARGS__); \
    [[gnu::used]] static const signature fast =                                                 \
        &activ::detail::simd::run<activ::detail::simd::direction::D,                            \
                                  activ::detail::simd::tier::fast>;                             \
    static_cast<void>(fast);                                                                    \
  }
#define ACTIV_TEST_COMPILE_KERNELS_OF(F, T)                              \
  ACTIV_TEST_COMPILE_KERNEL(F, T, forward)                               \
  ACTIV_TEST_COMPILE_KERNEL(F, T, derivative)                            \
  ACTIV_TEST_COMPILE_KERNEL(F, T, backward, const T*)                    \
  ACTIV_TEST_COMPILE_KERNEL(F, T, derivative_from_output)                \
  ACTIV_TEST_COMPILE_KERNEL(F, T, backward_from_output, const T*)        \
  namespace activ_test::compiled {                                       \
  template <class>                                                       \
  void fast_kernels();                                                   \
  template <>                                                            \
  void fast_kernels<F>() {                                               \
    ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, forward)                        \
    ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, derivative)                     \
    ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, backward, const T*)             \
    ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, derivative_from_output)         \
    ACTIV_TEST_COMPILE_FAST_KERNEL(F, T, backward_from_output, const T*) \
  }                                                                      \
  }
#define ACTIV_TEST_COMPILE_KERNELS(Row)                                 \
  ACTIV_TEST_COMPILE_KERNELS_OF(activ_test::Row::functor<float>, float) \
  ACTIV_TEST_COMPILE_KERNELS_OF(activ_test::Row::functor<double>, double)
