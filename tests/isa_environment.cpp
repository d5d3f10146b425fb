// ACTIV_ISA: the instruction set the array members start with, for the whole process. CTest runs
// this program once without it and once per value below (tests/CMakeLists.txt); each run checks
// the set in use against what the variable asks for, before anything selects another.

#include <doctest/doctest.h>

#include <activ/activ.hpp>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using activ::detail::simd::isa;

// What a run under ACTIV_ISA = `text` must start with: the named set where the CPU and the build
// have it, else the best available one.
isa expected_for(std::string_view text) {
  using activ::detail::simd::available;
  using activ::detail::simd::best_available;
  for (const isa set : {isa::scalar, isa::portable, isa::sse2, isa::avx2_fma, isa::avx512}) {
    if (text == activ::detail::simd::name(set)) return available(set) ? set : best_available();
  }
  if (text == "avx2") return available(isa::avx2_fma) ? isa::avx2_fma : best_available();
  return best_available();
}

}  // namespace

TEST_CASE("ACTIV_ISA picks the instruction set the array members start with") {
  const isa in_use = activ::detail::simd::active();  // the first use: decided now
  const char* text = std::getenv("ACTIV_ISA");
  INFO("ACTIV_ISA=" << (text != nullptr ? text : "(not set)") << ", in use "
                    << activ::detail::simd::name(in_use));
  CHECK(in_use == expected_for(text != nullptr ? text : ""));
  // And the array members run it: a span of 100 sigmoid values gives the same results as the
  // kernel of that set selected explicitly.
  std::vector<float> x(100);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = -10.0f + 0.2f * static_cast<float>(i);
  std::vector<float> first(x.size());
  std::vector<float> again(x.size());
  const activ::sigmoid<float> sigmoid;
  sigmoid.forward(x, first);
  REQUIRE(activ::detail::simd::select(in_use));
  sigmoid.forward(x, again);
  CHECK(first == again);
}
