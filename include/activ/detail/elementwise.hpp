#pragma once
// The span and iterator members every activation shares, written once. An activation derives from
// elementwise<Derived, T>, defines its scalar forward(T) and derivative(T), and pulls these
// overloads in with using-declarations.

#include <activ/concepts.hpp>
#include <activ/detail/simd/dispatch.hpp>
#include <activ/tier.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace activ::detail {

inline std::string qualified_name(std::string_view activation, std::string_view member) {
  std::string name = "activ::";
  name += activation;
  name += "::";
  name += member;
  return name;
}

// Whether [a, a + a_size) and [b, b + b_size) share an element without being the same range
// (same start and size): an overlap that an element-by-element loop would trip over.
template <class T>
constexpr bool overlaps_partially(const T* a, std::size_t a_size, const T* b, std::size_t b_size) {
  if (a == b && a_size == b_size) return false;  // the same range: in place
  if (a_size == 0 || b_size == 0) return false;
  if (a == b) return true;
  if (std::is_constant_evaluated()) {
    // Ordering pointers into different arrays is not a constant expression, but comparing them
    // for equality is: two ranges overlap when one starts inside the other.
    const auto starts_inside = [](const T* first, const T* begin, std::size_t size) {
      for (std::size_t i = 0; i < size; ++i) {
        if (begin + i == first) return true;
      }
      return false;
    };
    return starts_inside(b, a, a_size) || starts_inside(a, b, b_size);
  }
  // std::less gives a total order over pointers into different arrays, where < would not.
  const std::less<const T*> before;
  return before(a, b + b_size) && before(b, a + a_size);
}

// Throws unless `in` and `out` have the same size and are either the same span (in place) or
// disjoint. It runs before any element is written, so a caller whose call is rejected keeps its
// output untouched.
template <class T>
constexpr void check_spans(std::string_view activation, std::string_view member,
                           std::span<const T> in, std::span<T> out) {
  if (in.size() != out.size()) {
    throw std::invalid_argument(qualified_name(activation, member) + ": input has " +
                                std::to_string(in.size()) + " elements but output has " +
                                std::to_string(out.size()));
  }
  if (overlaps_partially<T>(in.data(), in.size(), out.data(), out.size())) {
    throw std::invalid_argument(qualified_name(activation, member) + ": input (" +
                                std::to_string(in.size()) + " elements) and output (" +
                                std::to_string(out.size()) +
                                " elements) overlap without being the same span");
  }
}

// The same for the two inputs of a backward member, `first` (x or y) and grad_out: all three the
// same size, and grad_in either one of the inputs itself or disjoint from it. The inputs may
// overlap each other: they are only read.
template <class T>
constexpr void check_spans(std::string_view activation, std::string_view member,
                           std::string_view first_name, std::span<const T> first,
                           std::span<const T> grad_out, std::span<T> grad_in) {
  if (first.size() != grad_out.size() || first.size() != grad_in.size()) {
    throw std::invalid_argument(qualified_name(activation, member) + ": " +
                                std::string(first_name) + " has " + std::to_string(first.size()) +
                                " elements, grad_out " + std::to_string(grad_out.size()) +
                                " and grad_in " + std::to_string(grad_in.size()));
  }
  const auto check = [&](std::string_view input_name, std::span<const T> input) {
    if (overlaps_partially<T>(input.data(), input.size(), grad_in.data(), grad_in.size())) {
      throw std::invalid_argument(qualified_name(activation, member) + ": " +
                                  std::string(input_name) + " (" + std::to_string(input.size()) +
                                  " elements) and grad_in (" + std::to_string(grad_in.size()) +
                                  " elements) overlap without being the same span");
    }
  };
  check(first_name, first);
  check("grad_out", grad_out);
}

// Arrays of T stored contiguously on both sides, which the array kernels can take as pointers.
template <class I, class S, class O, class T>
concept contiguous_arrays_of =
    std::contiguous_iterator<I> && std::sized_sentinel_for<S, I> && std::contiguous_iterator<O> &&
    std::same_as<std::iter_value_t<I>, T> && std::same_as<std::iter_value_t<O>, T>;

template <class Derived, class T>
class elementwise {
 public:
  using value_type = T;

  /// Same as `forward(x)`, so the functor plugs into std::transform and std::views::transform.
  [[nodiscard]] constexpr T operator()(T x) const noexcept(nothrow_real<T>) {
    return self().forward(x);
  }

  /// forward(x) for either tier: the scalar members give the precise result.
  template <tier_tag Tier, class D = Derived>
  [[nodiscard]] constexpr T forward(Tier, T x) const
      noexcept(noexcept(std::declval<const D&>().forward(x))) {
    return self().forward(x);
  }
  /// derivative(x) for either tier (the precise result).
  template <tier_tag Tier, class D = Derived>
  [[nodiscard]] constexpr T derivative(Tier, T x) const
      noexcept(noexcept(std::declval<const D&>().derivative(x))) {
    return self().derivative(x);
  }
  /// backward(x, g) for either tier (the precise result).
  template <tier_tag Tier, class D = Derived>
  [[nodiscard]] constexpr T backward(Tier, T x, T g) const
      noexcept(noexcept(std::declval<const D&>().backward(x, g))) {
    return self().backward(x, g);
  }
  /// derivative_from_output(y) for either tier (the precise result).
  template <tier_tag Tier, class D = Derived>
  requires output_determines_derivative<D>
  [[nodiscard]] constexpr T derivative_from_output(Tier, T y) const
      noexcept(noexcept(std::declval<const D&>().derivative_from_output(y))) {
    return self().derivative_from_output(y);
  }
  /// backward_from_output(y, g) for either tier (the precise result).
  template <tier_tag Tier, class D = Derived>
  requires output_determines_derivative<D>
  [[nodiscard]] constexpr T backward_from_output(Tier, T y, T g) const
      noexcept(noexcept(std::declval<const D&>().backward_from_output(y, g))) {
    return self().backward_from_output(y, g);
  }

  /// out[i] = forward(in[i]). `out` may be `in` itself; any other overlap, or a size mismatch,
  /// throws std::invalid_argument before anything is written.
  constexpr void forward(std::span<const T> in, std::span<T> out) const {
    forward(precise, in, out);
  }
  /// The same in the tier asked for (activ::precise or activ::fast, see tier.hpp).
  template <tier_tag Tier>
  constexpr void forward(Tier, std::span<const T> in, std::span<T> out) const {
    check_spans(Derived::name, "forward", in, out);
    if (!std::is_constant_evaluated() &&
        run_kernel<simd::direction::forward, Tier>(in.data(), out.data(), in.size()))
      return;
    apply(in, out, [f = self()](T x) { return f.forward(x); });
  }

  /// out[i] = derivative(in[i]), with the same rules as the span forward.
  constexpr void derivative(std::span<const T> in, std::span<T> out) const {
    derivative(precise, in, out);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  constexpr void derivative(Tier, std::span<const T> in, std::span<T> out) const {
    check_spans(Derived::name, "derivative", in, out);
    if (!std::is_constant_evaluated() &&
        run_kernel<simd::direction::derivative, Tier>(in.data(), out.data(), in.size()))
      return;
    apply(in, out, [f = self()](T x) { return f.derivative(x); });
  }

  /// Like std::transform: writes forward(*it) for each element of [first, last) to d_first
  /// onwards and returns the output iterator past the last element written.
  template <std::input_iterator I, std::sentinel_for<I> S, std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> && std::indirectly_writable<O, T>
  constexpr O forward(I first, S last, O d_first) const {
    return forward(precise, std::move(first), std::move(last), std::move(d_first));
  }
  /// The same in the tier asked for (contiguous ranges of T run its kernels).
  template <tier_tag Tier, std::input_iterator I, std::sentinel_for<I> S,
            std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> && std::indirectly_writable<O, T>
  constexpr O forward(Tier, I first, S last, O d_first) const {
    if constexpr (contiguous_pair<I, S, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel_on_range<simd::direction::forward, Tier>(first, last, d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(d_first),
                     [f = self()](T x) { return f.forward(x); });
  }

  /// Like std::transform, with derivative(*it).
  template <std::input_iterator I, std::sentinel_for<I> S, std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> && std::indirectly_writable<O, T>
  constexpr O derivative(I first, S last, O d_first) const {
    return derivative(precise, std::move(first), std::move(last), std::move(d_first));
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, std::input_iterator I, std::sentinel_for<I> S,
            std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> && std::indirectly_writable<O, T>
  constexpr O derivative(Tier, I first, S last, O d_first) const {
    if constexpr (contiguous_pair<I, S, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel_on_range<simd::direction::derivative, Tier>(first, last, d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(d_first),
                     [f = self()](T x) { return f.derivative(x); });
  }

  /// grad_in[i] = backward(x[i], grad_out[i]): the gradient through the activation, in one pass.
  /// grad_in may be x or grad_out itself (in place); any other overlap with either, or sizes that
  /// differ, throw std::invalid_argument before anything is written.
  constexpr void backward(std::span<const T> x, std::span<const T> grad_out,
                          std::span<T> grad_in) const {
    backward(precise, x, grad_out, grad_in);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  constexpr void backward(Tier, std::span<const T> x, std::span<const T> grad_out,
                          std::span<T> grad_in) const {
    check_spans(Derived::name, "backward", "x", x, grad_out, grad_in);
    if (!std::is_constant_evaluated() && run_kernel<simd::direction::backward, Tier>(
                                             x.data(), grad_in.data(), x.size(), grad_out.data()))
      return;
    apply(x, grad_out, grad_in, [f = self()](T a, T g) { return f.backward(a, g); });
  }

  /// Like std::transform with two inputs: writes backward(*x, *g) for each x in [first, last) and
  /// the gradient g at the same position from g_first on, to d_first onwards; returns the output
  /// iterator past the last element written.
  template <std::input_iterator I, std::sentinel_for<I> S, std::input_iterator G,
            std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> &&
      std::convertible_to<std::iter_reference_t<G>, T> && std::indirectly_writable<O, T>
  constexpr O backward(I first, S last, G g_first, O d_first) const {
    return backward(precise, std::move(first), std::move(last), std::move(g_first),
                    std::move(d_first));
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, std::input_iterator I, std::sentinel_for<I> S, std::input_iterator G,
            std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> &&
      std::convertible_to<std::iter_reference_t<G>, T> && std::indirectly_writable<O, T>
  constexpr O backward(Tier, I first, S last, G g_first, O d_first) const {
    if constexpr (contiguous_triple<I, S, G, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel_on_range<simd::direction::backward, Tier>(first, last, g_first, d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(g_first), std::move(d_first),
                     [f = self()](T a, T g) { return f.backward(a, g); });
  }

  /// out[i] = derivative_from_output(y[i]), where y = forward(x) is what the layer kept; with the
  /// span forward's rules.
  // The members from the output are templates over D = Derived, so that their constraint is checked
  // at the call, once Derived is complete: Clang 14 checks a constraint on Derived alone while
  // Derived is still being defined, and keeps the (false) answer.
  template <class D = Derived>
  requires output_determines_derivative<D>
  constexpr void derivative_from_output(std::span<const T> y, std::span<T> out) const {
    derivative_from_output(precise, y, out);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, class D = Derived>
  requires output_determines_derivative<D>
  constexpr void derivative_from_output(Tier, std::span<const T> y, std::span<T> out) const {
    self().require_output_determines_derivative("derivative_from_output");
    check_spans(Derived::name, "derivative_from_output", y, out);
    if (!std::is_constant_evaluated() &&
        run_kernel<simd::direction::derivative_from_output, Tier>(y.data(), out.data(), y.size()))
      return;
    apply(y, out, [f = self()](T v) { return f.derivative_from_output(v); });
  }

  /// Like std::transform, with derivative_from_output(*it).
  template <std::input_iterator I, std::sentinel_for<I> S, std::weakly_incrementable O,
            class D = Derived>
  requires output_determines_derivative<D> && std::convertible_to<std::iter_reference_t<I>, T> &&
      std::indirectly_writable<O, T>
  constexpr O derivative_from_output(I first, S last, O d_first) const {
    return derivative_from_output(precise, std::move(first), std::move(last), std::move(d_first));
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, std::input_iterator I, std::sentinel_for<I> S,
            std::weakly_incrementable O, class D = Derived>
  requires output_determines_derivative<D> && std::convertible_to<std::iter_reference_t<I>, T> &&
      std::indirectly_writable<O, T>
  constexpr O derivative_from_output(Tier, I first, S last, O d_first) const {
    self().require_output_determines_derivative("derivative_from_output");
    if constexpr (contiguous_pair<I, S, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel_on_range<simd::direction::derivative_from_output, Tier>(first, last,
                                                                             d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(d_first),
                     [f = self()](T v) { return f.derivative_from_output(v); });
  }

  /// grad_in[i] = backward_from_output(y[i], grad_out[i]), with the span backward's rules.
  template <class D = Derived>
  requires output_determines_derivative<D>
  constexpr void backward_from_output(std::span<const T> y, std::span<const T> grad_out,
                                      std::span<T> grad_in) const {
    backward_from_output(precise, y, grad_out, grad_in);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, class D = Derived>
  requires output_determines_derivative<D>
  constexpr void backward_from_output(Tier, std::span<const T> y, std::span<const T> grad_out,
                                      std::span<T> grad_in) const {
    self().require_output_determines_derivative("backward_from_output");
    check_spans(Derived::name, "backward_from_output", "y", y, grad_out, grad_in);
    if (!std::is_constant_evaluated() && run_kernel<simd::direction::backward_from_output, Tier>(
                                             y.data(), grad_in.data(), y.size(), grad_out.data()))
      return;
    apply(y, grad_out, grad_in, [f = self()](T v, T g) { return f.backward_from_output(v, g); });
  }

  /// Like std::transform with two inputs, with backward_from_output(*y, *g).
  template <std::input_iterator I, std::sentinel_for<I> S, std::input_iterator G,
            std::weakly_incrementable O, class D = Derived>
  requires output_determines_derivative<D> && std::convertible_to<std::iter_reference_t<I>, T> &&
      std::convertible_to<std::iter_reference_t<G>, T> && std::indirectly_writable<O, T>
  constexpr O backward_from_output(I first, S last, G g_first, O d_first) const {
    return backward_from_output(precise, std::move(first), std::move(last), std::move(g_first),
                                std::move(d_first));
  }
  /// The same in the tier asked for.
  template <tier_tag Tier, std::input_iterator I, std::sentinel_for<I> S, std::input_iterator G,
            std::weakly_incrementable O, class D = Derived>
  requires output_determines_derivative<D> && std::convertible_to<std::iter_reference_t<I>, T> &&
      std::convertible_to<std::iter_reference_t<G>, T> && std::indirectly_writable<O, T>
  constexpr O backward_from_output(Tier, I first, S last, G g_first, O d_first) const {
    self().require_output_determines_derivative("backward_from_output");
    if constexpr (contiguous_triple<I, S, G, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel_on_range<simd::direction::backward_from_output, Tier>(first, last, g_first,
                                                                           d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(g_first), std::move(d_first),
                     [f = self()](T v, T g) { return f.backward_from_output(v, g); });
  }

 protected:
  // An activation whose output determines its derivative only for some parameters (leaky_relu:
  // α ≥ 0) hides this with a check that throws std::invalid_argument, naming `member`.
  constexpr void require_output_determines_derivative(std::string_view member) const {
    (void)member;
  }

 private:
  [[nodiscard]] constexpr const Derived& self() const noexcept {
    return static_cast<const Derived&>(*this);
  }

  template <class I, class S, class O>
  static constexpr bool contiguous_pair =
      simd::has_kernels<Derived>&& contiguous_arrays_of<I, S, O, T>;
  template <class I, class S, class G, class O>
  static constexpr bool contiguous_triple = contiguous_pair<I, S, O>&& std::contiguous_iterator<G>&&
      std::same_as<std::iter_value_t<G>, T>;

  // The array kernel for this activation, if it has one and the build and CPU provide one; false
  // where the scalar loop must run instead.
  template <simd::direction D, class Tier, class... Streams>
  bool run_kernel(const T* in, T* out, std::size_t n, const Streams*... streams) const {
    if constexpr (simd::has_kernels<Derived>) {
      return simd::run<D, simd::serving_tier<Derived, D, Tier::value>>(self(), in, out, n,
                                                                       streams...);
    } else {
      (void)in, (void)out, (void)n;
      ((void)streams, ...);
      return false;
    }
  }

  // Iterator ranges: the same, unless input and output overlap without coinciding, where
  // std::transform's element-by-element order is what the caller gets.
  template <simd::direction D, class Tier, class I, class S, class O>
  bool run_kernel_on_range(const I& first, const S& last, const O& d_first) const {
    const auto n = static_cast<std::size_t>(last - first);
    if (n == 0) return false;
    const T* const in = std::to_address(first);
    T* const out = std::to_address(d_first);
    const std::less<const T*> before;
    if (in != out && before(in, out + n) && before(out, in + n)) return false;
    return run_kernel<D, Tier>(in, out, n);
  }

  // Two input ranges (x or y, and the gradient): the output may coincide with either.
  template <simd::direction D, class Tier, class I, class S, class G, class O>
  bool run_kernel_on_range(const I& first, const S& last, const G& g_first,
                           const O& d_first) const {
    const auto n = static_cast<std::size_t>(last - first);
    if (n == 0) return false;
    const T* const in = std::to_address(first);
    const T* const grad = std::to_address(g_first);
    T* const out = std::to_address(d_first);
    if (overlaps_partially<T>(in, n, out, n) || overlaps_partially<T>(grad, n, out, n)) {
      return false;
    }
    return run_kernel<D, Tier>(in, out, n, grad);
  }

  // The loops run on a copy of the functor (an α at most): read through `this`, a parameter could
  // alias the output, forcing a reload per element and blocking vectorisation.
  template <class F>
  static constexpr void apply(std::span<const T> in, std::span<T> out, F f) {
    const std::size_t n = in.size();
    const T* const src = in.data();
    T* const dst = out.data();
    for (std::size_t i = 0; i < n; ++i) dst[i] = f(src[i]);
  }

  template <class I, class S, class O, class F>
  static constexpr O transform(I first, S last, O d_first, F f) {
    for (; first != last; ++first, (void)++d_first) *d_first = f(static_cast<T>(*first));
    return d_first;
  }

  // Two inputs: each result is computed from both elements before it is stored, so grad_in may be
  // either input itself.
  template <class F>
  static constexpr void apply(std::span<const T> first, std::span<const T> second, std::span<T> out,
                              F f) {
    const std::size_t n = first.size();
    const T* const a = first.data();
    const T* const b = second.data();
    T* const dst = out.data();
    for (std::size_t i = 0; i < n; ++i) dst[i] = f(a[i], b[i]);
  }

  template <class I, class S, class G, class O, class F>
  static constexpr O transform(I first, S last, G g_first, O d_first, F f) {
    for (; first != last; ++first, (void)++g_first, (void)++d_first) {
      *d_first = f(static_cast<T>(*first), static_cast<T>(*g_first));
    }
    return d_first;
  }
};

}  // namespace activ::detail
