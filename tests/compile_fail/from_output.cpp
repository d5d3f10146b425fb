// Built two ways by tests/CMakeLists.txt: as it is, it must compile (the control: sigmoid computes
// its derivative from its output); with ACTIV_TEST_REJECT_HARDSWISH it must fail, naming the
// concept activ::output_determines_derivative, since hardswish's output does not determine its
// derivative and the members do not exist.

#include <activ/hardswish.hpp>
#include <activ/sigmoid.hpp>

#include <span>

#if defined(ACTIV_TEST_REJECT_HARDSWISH)
using function = activ::hardswish<float>;
#else
using function = activ::sigmoid<float>;
#endif

int main() {
  const function f;
  float y[2] = {0.25F, 0.5F};
  float d[2] = {};
  f.derivative_from_output(std::span<const float>(y), std::span<float>(d));
  return d[0] > 0.0F ? 0 : 1;
}
