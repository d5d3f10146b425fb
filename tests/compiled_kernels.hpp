#pragma once
// The array kernels of one registry row, compiled once for the whole test suite:
// tests/CMakeLists.txt generates a translation unit per row that expands
// ACTIV_TEST_COMPILE_KERNELS(<name>_row), at the build's own optimisation, and compiles the test
// programs with ACTIV_KERNELS_COMPILED_ELSEWHERE (include/activ/detail/simd/dispatch.hpp), so that
// each of them calls these instead of generating every kernel for every instruction set again. A
// test program that calls a kernel missing here fails to link, never silently runs something else.

#include "registry.hpp"

#include <cstddef>

// Every direction and tier for float and double: run<D, Tier> of a direction the row's functor has
// no kernel for is instantiated too (it returns false), which costs nothing and needs no list of
// which exist.
#define ACTIV_TEST_COMPILE_KERNEL_OF_TIER(F, T, D, Tier, ...)                                   \
  template bool                                                                                 \
  activ::detail::simd::run<activ::detail::simd::direction::D, activ::detail::simd::tier::Tier>( \
      const F&, const T*, T*, std::size_t __VA_OPT__(, ) __VA_ARGS__);
#define ACTIV_TEST_COMPILE_KERNEL(F, T, D, ...)                                  \
  ACTIV_TEST_COMPILE_KERNEL_OF_TIER(F, T, D, precise __VA_OPT__(, ) __VA_ARGS__) \
  ACTIV_TEST_COMPILE_KERNEL_OF_TIER(F, T, D, fast __VA_OPT__(, ) __VA_ARGS__)
#define ACTIV_TEST_COMPILE_KERNELS_OF(F, T)               \
  ACTIV_TEST_COMPILE_KERNEL(F, T, forward)                \
  ACTIV_TEST_COMPILE_KERNEL(F, T, derivative)             \
  ACTIV_TEST_COMPILE_KERNEL(F, T, backward, const T*)     \
  ACTIV_TEST_COMPILE_KERNEL(F, T, derivative_from_output) \
  ACTIV_TEST_COMPILE_KERNEL(F, T, backward_from_output, const T*)
#define ACTIV_TEST_COMPILE_KERNELS(Row)                                 \
  ACTIV_TEST_COMPILE_KERNELS_OF(activ_test::Row::functor<float>, float) \
  ACTIV_TEST_COMPILE_KERNELS_OF(activ_test::Row::functor<double>, double)
