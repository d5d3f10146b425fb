// Instantiates every member of every configuration of every row of the registry
// (tests/registry.hpp) for float, double and long double, so that the strict warning set applied to
// this file (tests/CMakeLists.txt: -Wdouble-promotion, -Wfloat-equal and the project's -Wall
// -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror) reaches the template code in
// the headers, which merely including them does not. It is compiled, never run. Only the rows'
// functors and configurations are used: the rows' own references are test code, not held to this
// warning set.

#include <activ/activ.hpp>

#include <iterator>
#include <list>
#include <span>
#include <type_traits>
#include <vector>

#include "registry.hpp"

namespace activ_hardening {

// The scalar members, the span members, the iterator members over contiguous, bidirectional and
// output-only iterators, and the comparison of two spans for overlap.
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
  static_cast<void>(f.forward(T(1)));
  static_cast<void>(f.derivative(T(1)));
  // The training members, over spans, contiguous and other iterators, and scalars.
  const std::vector<T> gradient(8, T(2));
  f.backward(in, std::span<const T>(gradient), out);
  f.backward(values.begin(), values.end(), gradient.begin(), values.begin());
  f.backward(listed.begin(), listed.end(), gradient.begin(), std::back_inserter(appended));
  static_cast<void>(f.backward(T(1), T(2)));
  if constexpr (activ::output_determines_derivative<F>) {
    f.derivative_from_output(in, out);
    f.derivative_from_output(values.begin(), values.end(), values.begin());
    f.backward_from_output(in, std::span<const T>(gradient), out);
    f.backward_from_output(listed.begin(), listed.end(), gradient.begin(),
                           std::back_inserter(appended));
    static_cast<void>(f.derivative_from_output(T(0.5)));
    static_cast<void>(f.backward_from_output(T(0.5), T(2)));
  }
}

template <class T>
void exercise_all() {
  activ_test::for_each_row([]<class Row>() {
    using F = typename Row::template functor<T>;
    for (const F& f : Row::template configurations<T>()) exercise(f);
    if constexpr (std::is_default_constructible_v<F>) exercise(F{});
  });
}

void exercise_every_type() {
  exercise_all<float>();
  exercise_all<double>();
  exercise_all<long double>();
}

}  // namespace activ_hardening
