#pragma once
// The span and iterator members every activation shares, written once. An activation derives from
// elementwise<Derived, T>, defines its scalar forward(T) and derivative(T), and pulls these
// overloads in with using-declarations.

#include <activ/concepts.hpp>
#include <activ/detail/simd/dispatch.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace activ::detail {

inline std::string qualified_name(std::string_view activation, std::string_view member) {
  std::string name = "activ::";
  name += activation;
  name += "::";
  name += member;
  return name;
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
  const T* const in_first = in.data();
  const T* const out_first = out.data();
  bool overlap = false;
  if (in_first != out_first && !in.empty()) {
    if (std::is_constant_evaluated()) {
      // Ordering pointers into different arrays is not a constant expression, but comparing them
      // for equality is: two ranges overlap when one starts inside the other.
      const auto starts_inside = [](const T* first, const T* begin, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i) {
          if (begin + i == first) return true;
        }
        return false;
      };
      overlap = starts_inside(out_first, in_first, in.size()) ||
                starts_inside(in_first, out_first, out.size());
    } else {
      // std::less gives a total order over pointers into different arrays, where < would not.
      const std::less<const T*> before;
      overlap = before(in_first, out_first + out.size()) && before(out_first, in_first + in.size());
    }
  }
  if (overlap) {
    throw std::invalid_argument(qualified_name(activation, member) + ": input (" +
                                std::to_string(in.size()) + " elements) and output (" +
                                std::to_string(out.size()) +
                                " elements) overlap without being the same span");
  }
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

  /// out[i] = forward(in[i]). `out` may be `in` itself; any other overlap, or a size mismatch,
  /// throws std::invalid_argument before anything is written.
  constexpr void forward(std::span<const T> in, std::span<T> out) const {
    check_spans(Derived::name, "forward", in, out);
    if (!std::is_constant_evaluated() &&
        run_kernel<simd::direction::forward>(in.data(), out.data(), in.size()))
      return;
    apply(in, out, [f = self()](T x) { return f.forward(x); });
  }

  /// out[i] = derivative(in[i]), with the same rules as the span forward.
  constexpr void derivative(std::span<const T> in, std::span<T> out) const {
    check_spans(Derived::name, "derivative", in, out);
    if (!std::is_constant_evaluated() &&
        run_kernel<simd::direction::derivative>(in.data(), out.data(), in.size()))
      return;
    apply(in, out, [f = self()](T x) { return f.derivative(x); });
  }

  /// Like std::transform: writes forward(*it) for each element of [first, last) to d_first
  /// onwards and returns the output iterator past the last element written.
  template <std::input_iterator I, std::sentinel_for<I> S, std::weakly_incrementable O>
  requires std::convertible_to<std::iter_reference_t<I>, T> && std::indirectly_writable<O, T>
  constexpr O forward(I first, S last, O d_first) const {
    if constexpr (contiguous_pair<I, S, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel<simd::direction::forward>(first, last, d_first)) {
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
    if constexpr (contiguous_pair<I, S, O>) {
      if (!std::is_constant_evaluated() &&
          run_kernel<simd::direction::derivative>(first, last, d_first)) {
        return d_first + (last - first);
      }
    }
    return transform(std::move(first), std::move(last), std::move(d_first),
                     [f = self()](T x) { return f.derivative(x); });
  }

 private:
  [[nodiscard]] constexpr const Derived& self() const noexcept {
    return static_cast<const Derived&>(*this);
  }

  template <class I, class S, class O>
  static constexpr bool contiguous_pair =
      simd::has_kernels<Derived>&& contiguous_arrays_of<I, S, O, T>;

  // The array kernel for this activation, if it has one and the build and CPU provide one; false
  // where the scalar loop must run instead.
  template <simd::direction D>
  bool run_kernel(const T* in, T* out, std::size_t n) const {
    if constexpr (simd::has_kernels<Derived>) {
      return simd::run<D>(self(), in, out, n);
    } else {
      (void)in, (void)out, (void)n;
      return false;
    }
  }

  // Iterator ranges: the same, unless input and output overlap without coinciding, where
  // std::transform's element-by-element order is what the caller gets.
  template <simd::direction D, class I, class S, class O>
  bool run_kernel(const I& first, const S& last, const O& d_first) const {
    const auto n = static_cast<std::size_t>(last - first);
    if (n == 0) return false;
    const T* const in = std::to_address(first);
    T* const out = std::to_address(d_first);
    const std::less<const T*> before;
    if (in != out && before(in, out + n) && before(out, in + n)) return false;
    return run_kernel<D>(in, out, n);
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
};

}  // namespace activ::detail
