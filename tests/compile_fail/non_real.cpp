// Built three ways by tests/CMakeLists.txt: as it is, it must compile (the control); with
// ACTIV_TEST_REJECT_STRING or ACTIV_TEST_REJECT_INTEGER it must fail, with activ::real named in
// the diagnostic rather than an error from deep inside the implementation.

#include <activ/sigmoid.hpp>

#include <string>

#if defined(ACTIV_TEST_REJECT_STRING)
using scalar = std::string;
#elif defined(ACTIV_TEST_REJECT_INTEGER)
using scalar = int;
#else
using scalar = double;
#endif

int main() {
  const activ::sigmoid<scalar> sigmoid;
  return sigmoid.forward(scalar(0)) == scalar(0) ? 1 : 0;
}
