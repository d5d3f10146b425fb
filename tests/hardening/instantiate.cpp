// Instantiates every member of every activation for float, double and long double, so that the
// strict warning set applied to this file (tests/CMakeLists.txt: -Wdouble-promotion,
// -Wfloat-equal and the project's -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion
// -Wshadow -Werror) reaches the template code in the headers, which merely including them does
// not. It is compiled, never run.

#include <activ/activ.hpp>

#include <iterator>
#include <list>
#include <span>
#include <vector>

template class activ::sigmoid<float>;
template class activ::sigmoid<double>;
template class activ::sigmoid<long double>;
template class activ::tanh<float>;
template class activ::tanh<double>;
template class activ::tanh<long double>;
template class activ::relu<float>;
template class activ::relu<double>;
template class activ::relu<long double>;
template class activ::leaky_relu<float>;
template class activ::leaky_relu<double>;
template class activ::leaky_relu<long double>;
template class activ::elu<float>;
template class activ::elu<double>;
template class activ::elu<long double>;

namespace activ_hardening {

// The span members, the iterator members over contiguous, bidirectional and output-only
// iterators, and the comparison of two spans for overlap.
template <class F>
void exercise(const F& f) {
  using T = typename F::value_type;
  std::vector<T> values(8, T(0.5));
  const std::span<const T> in(values);
  const std::span<T> out(values);
  f.forward(in, out);
  f.derivative(in, out);
  f.forward(values.begin(), values.end(), values.begin());
  const std::list<T> listed(values.begin(), values.end());
  std::vector<T> appended;
  f.derivative(listed.begin(), listed.end(), std::back_inserter(appended));
  const std::vector<int> integers(4, 1);
  f.forward(integers.begin(), integers.end(), values.begin());
  static_cast<void>(f(T(1)));
}

template <class T>
void exercise_all() {
  exercise(activ::sigmoid<T>{});
  exercise(activ::tanh<T>{});
  exercise(activ::relu<T>{});
  exercise(activ::leaky_relu<T>{T(0.2)});
  exercise(activ::elu<T>{T(0.5)});
}

void exercise_every_type() {
  exercise_all<float>();
  exercise_all<double>();
  exercise_all<long double>();
}

}  // namespace activ_hardening
