#pragma once

// activ::any_activation<T>: an activation chosen at run time, held by value.
// activ::parse<T>(text): one from PyTorch-style text, "elu(alpha=0.5)"; spec() writes it back.
// Their contracts open the class and the function, after the machinery in activ::detail.

#include <activ/celu.hpp>
#include <activ/concepts.hpp>
#include <activ/elu.hpp>
#include <activ/gelu.hpp>
#include <activ/hardsigmoid.hpp>
#include <activ/hardswish.hpp>
#include <activ/hardtanh.hpp>
#include <activ/leaky_relu.hpp>
#include <activ/log_sigmoid.hpp>
#include <activ/mish.hpp>
#include <activ/relu.hpp>
#include <activ/relu6.hpp>
#include <activ/selu.hpp>
#include <activ/sigmoid.hpp>
#include <activ/silu.hpp>
#include <activ/softplus.hpp>
#include <activ/softsign.hpp>
#include <activ/tanh.hpp>
#include <activ/tier.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace activ::detail {

// ---------------------------------------------------------------------------------------------
// The built-in activations: one row each.

// A parameter of a built-in: PyTorch's keyword for it and the functor's accessor that reads it.
template <class F>
struct parameter {
  std::string_view name;
  typename F::value_type (F::*get)() const;
};

// A parameter PyTorch has and activ does not, with the reason parse gives when it meets it.
struct refused_parameter {
  std::string_view name;
  std::string_view reason;
};

// A parameter PyTorch gives as a string among a few fixed values (gelu's approximate='none' or
// 'tanh'): its keyword, the functor's choice as an index into the spellings, and the functor made
// from an index. A row has numeric parameters or one such choice, not both.
template <class F>
struct choice_parameter {
  std::string_view name;
  std::size_t (*index)(const F&) = nullptr;
  F (*make)(std::size_t) = nullptr;
  std::array<std::string_view, 2> spellings{};
};

// A row: the functor and its parameters in the order its constructor takes them (PyTorch's), a
// second spelling parse accepts (PyTorch's module-derived name, where it differs), a PyTorch
// parameter it refuses, and its choice parameter if it has one.
template <class F, std::size_t N>
struct builtin {
  using functor = F;
  std::array<parameter<F>, N> parameters;
  std::string_view alias{};
  refused_parameter refused{};
  choice_parameter<F> choice{};

  [[nodiscard]] constexpr builtin also_named(std::string_view other) const noexcept {
    builtin result = *this;
    result.alias = other;
    return result;
  }
  [[nodiscard]] constexpr builtin refusing(refused_parameter r) const noexcept {
    builtin result = *this;
    result.refused = r;
    return result;
  }
  [[nodiscard]] constexpr builtin choosing(choice_parameter<F> c) const noexcept {
    builtin result = *this;
    result.choice = c;
    return result;
  }
};

template <class F>
constexpr builtin<F, 0> row() noexcept {
  return {};
}

template <class F, std::size_t N>
constexpr builtin<F, N> row(const parameter<F> (&parameters)[N]) noexcept {
  builtin<F, N> result{};
  std::copy(std::begin(parameters), std::end(parameters), result.parameters.begin());
  return result;
}

// The one list of what parse reads and spec writes, in the order messages list the names; the
// buffer of any_activation is sized from it. Adding an activation to activ is adding its row
// (and its #include above). Defaults are not repeated here: they are the functor's own, read
// from a default-constructed one.
template <class T>
inline constexpr std::tuple builtin_activations{
    row<activ::sigmoid<T>>(),
    row<activ::tanh<T>>(),
    row<activ::relu<T>>(),
    row<activ::leaky_relu<T>>({{"negative_slope", &activ::leaky_relu<T>::alpha}}),
    row<activ::elu<T>>({{"alpha", &activ::elu<T>::alpha}}),
    row<activ::selu<T>>(),
    row<activ::celu<T>>({{"alpha", &activ::celu<T>::alpha}}),
    row<activ::silu<T>>(),
    row<activ::gelu<T>>().choosing(
        {"approximate",
         [](const activ::gelu<T>& f) { return static_cast<std::size_t>(f.approximate()); },
         [](std::size_t i) { return activ::gelu<T>(static_cast<activ::gelu_approximation>(i)); },
         {"none", "tanh"}}),
    row<activ::mish<T>>(),
    row<activ::softplus<T>>({{"beta", &activ::softplus<T>::beta}})
        .refusing({"threshold",
                   "activ's softplus computes log(1 + exp(beta*x))/beta exactly for every x and "
                   "needs no threshold (PyTorch's switch to the identity above it is an "
                   "approximation)"}),
    row<activ::log_sigmoid<T>>().also_named("logsigmoid"),
    row<activ::hardtanh<T>>(
        {{"min_val", &activ::hardtanh<T>::min_val}, {"max_val", &activ::hardtanh<T>::max_val}}),
    row<activ::relu6<T>>(),
    row<activ::hardsigmoid<T>>(),
    row<activ::hardswish<T>>(),
    row<activ::softsign<T>>(),
};

template <class Table>
struct table_traits;

template <class... Rows>
struct table_traits<std::tuple<Rows...>> {
  static constexpr std::size_t size = std::max({sizeof(typename Rows::functor)...});
  static constexpr std::size_t align = std::max({alignof(typename Rows::functor)...});

  template <class F>
  static constexpr std::size_t index_of() noexcept {
    constexpr std::array<bool, sizeof...(Rows)> hits{std::is_same_v<F, typename Rows::functor>...};
    return static_cast<std::size_t>(std::find(hits.begin(), hits.end(), true) - hits.begin());
  }

  template <class F>
  static constexpr bool contains = index_of<F>() < sizeof...(Rows);
};

template <class T>
using builtins = table_traits<std::remove_cv_t<decltype(builtin_activations<T>)>>;

template <class F, class T = typename F::value_type>
constexpr const auto& row_of() noexcept {
  return std::get<builtins<T>::template index_of<F>()>(builtin_activations<T>);
}

// visit(row) for every row, in table order.
template <class T, class Visit>
constexpr void for_each_builtin(Visit&& visit) {
  std::apply([&visit](const auto&... entries) { (visit(entries), ...); }, builtin_activations<T>);
}

// ---------------------------------------------------------------------------------------------
// Type erasure: a table of function pointers per held type, filled at compile time.

// What any_activation<T> can hold.
template <class F, class T>
concept holdable = activation<F> && std::same_as<typename F::value_type, T> &&
                   std::copy_constructible<F> && std::is_object_v<F> && !std::is_const_v<F> &&
                   requires {
  { F::name } -> std::convertible_to<std::string_view>;
};

// A functor any_activation<T> (Any) can hold, as any reference to it, but not an Any itself.
template <class F, class T, class Any>
concept holdable_argument =
    !std::same_as<std::remove_cvref_t<F>, Any> && holdable<std::remove_cvref_t<F>, T>;

// The gradient members, each used where the functor has it (a user-defined functor may lack them).
// A span member without its scalar one is not used (elementwise declares the span members for
// every activation, and their bodies call the scalar ones); a scalar member without its span one
// (a user-defined functor, or one whose constrained span member a compiler rejects) runs over the
// span in a loop, with the functors' checks on sizes and overlaps.
template <class F, class T = typename F::value_type>
concept has_scalar_backward = requires(const F& f, T x) {
  { f.backward(x, x) } -> std::same_as<T>;
};
template <class F, class T = typename F::value_type>
concept has_span_backward = requires(const F& f, std::span<const T> in, std::span<T> out) {
  f.backward(in, in, out);
};
template <class F, class T = typename F::value_type>
concept has_scalar_derivative_from_output = requires(const F& f, T y) {
  { f.derivative_from_output(y) } -> std::same_as<T>;
};
template <class F, class T = typename F::value_type>
concept has_span_derivative_from_output = requires(const F& f, std::span<const T> in,
                                                   std::span<T> out) {
  f.derivative_from_output(in, out);
};
template <class F, class T = typename F::value_type>
concept has_scalar_backward_from_output = requires(const F& f, T y) {
  { f.backward_from_output(y, y) } -> std::same_as<T>;
};
template <class F, class T = typename F::value_type>
concept has_span_backward_from_output = requires(const F& f, std::span<const T> in,
                                                 std::span<T> out) {
  f.backward_from_output(in, in, out);
};

// In place in any_activation's buffer: small enough, aligned enough, and movable without
// throwing, so that moving an any_activation never throws.
template <class F, class T>
inline constexpr bool stored_inline =
    sizeof(F) <= builtins<T>::size &&
    alignof(F) <= builtins<T>::align&& std::is_nothrow_move_constructible_v<F>;

template <class T>
inline constexpr bool builtins_stored_inline = std::apply(
    [](const auto&... entries) {
      return (stored_inline<typename std::remove_cvref_t<decltype(entries)>::functor, T> && ...);
    },
    builtin_activations<T>);

// Two parameters are the same when they are equal values with the same sign (−0 ≠ +0), or both
// NaN: equality stays reflexive.
template <class T>
bool same_parameter(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    // Neither is NaN here, so "neither is less" is equality (-Wfloat-equal would flag ==).
    return !(a < b) && !(b < a) && std::signbit(a) == std::signbit(b);
  } else {
    return static_cast<bool>(a == b);
  }
}

[[noreturn]] inline void throw_without_output_form(std::string_view activation,
                                                   std::string_view member) {
  throw std::invalid_argument(qualified_name("any_activation", member) + ": " +
                              std::string(activation) +
                              " cannot compute its derivative from its output");
}

template <std::floating_point T>
void append_number(std::string& text, T value) {
  // Shortest round trip: at most 1 + 21 digits + '.' + "e-4951" for long double.
  std::array<char, 64> digits{};
  const std::to_chars_result written =
      std::to_chars(digits.data(), digits.data() + digits.size(), value);
  text.append(digits.data(), written.ptr);
}

// An F made from args in `buffer` (stored inline) or on the heap. The pointer owns it: the
// any_activation holding it ends it with its vtable's destroy.
template <class F, class... Args>
void* make_held(void* buffer, Args&&... args) {
  if constexpr (stored_inline<F, typename F::value_type>) {
    return std::construct_at(static_cast<F*>(buffer), std::forward<Args>(args)...);
  } else {
    (void)buffer;
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): owned through a void*, as said above
    return std::make_unique<F>(std::forward<Args>(args)...).release();
  }
}

template <class T>
struct vtable {
  std::string_view name;
  bool from_output = false;
  T (*forward)(const void*, T) = nullptr;
  T (*derivative)(const void*, T) = nullptr;
  // The span members take the tier asked for (activ::precise_t::value or activ::fast_t::value).
  void (*forward_span)(const void*, std::span<const T>, std::span<T>, simd::tier) = nullptr;
  void (*derivative_span)(const void*, std::span<const T>, std::span<T>, simd::tier) = nullptr;
  T (*backward)(const void*, T, T) = nullptr;
  void (*backward_span)(const void*, std::span<const T>, std::span<const T>, std::span<T>,
                        simd::tier) = nullptr;
  T (*derivative_from_output)(const void*, T) = nullptr;
  void (*derivative_from_output_span)(const void*, std::span<const T>, std::span<T>,
                                      simd::tier) = nullptr;
  T (*backward_from_output)(const void*, T, T) = nullptr;
  void (*backward_from_output_span)(const void*, std::span<const T>, std::span<const T>,
                                    std::span<T>, simd::tier) = nullptr;
  bool (*equal)(const void*, const void*) = nullptr;
  std::string (*spec)(const void*) = nullptr;  // null: not a built-in, parse cannot read it back
  void* (*copy)(const void*, void* buffer) = nullptr;
  void* (*relocate)(void*, void* buffer) noexcept = nullptr;  // into buffer, or hands it over
  void (*destroy)(void*) noexcept = nullptr;
};

template <class F>
struct handler {
  using T = typename F::value_type;
  static constexpr bool is_inline = stored_inline<F, T>;
  static constexpr bool is_builtin = builtins<T>::template contains<F>;

  static const F& get(const void* object) noexcept { return *static_cast<const F*>(object); }

  static T forward(const void* f, T x) { return get(f).forward(x); }
  static T derivative(const void* f, T x) { return get(f).derivative(x); }
  // Calls `call` with the tag of tier t. A functor whose span members take no tag (a user-defined
  // one not derived from the built-ins' base) serves both tiers with its own.
  template <class Call>
  static void in_tier(simd::tier t, const Call& call) {
    if (t == simd::tier::fast) {
      call(activ::fast);
    } else {
      call(activ::precise);
    }
  }

  static void forward_span(const void* f, std::span<const T> in, std::span<T> out, simd::tier t) {
    in_tier(t, [&](auto tag) {
      if constexpr (requires { get(f).forward(tag, in, out); }) {
        get(f).forward(tag, in, out);
      } else {
        get(f).forward(in, out);
      }
    });
  }
  static void derivative_span(const void* f, std::span<const T> in, std::span<T> out,
                              simd::tier t) {
    in_tier(t, [&](auto tag) {
      if constexpr (requires { get(f).derivative(tag, in, out); }) {
        get(f).derivative(tag, in, out);
      } else {
        get(f).derivative(in, out);
      }
    });
  }

  static T backward(const void* f, T x, T g) {
    if constexpr (has_scalar_backward<F>) {
      return get(f).backward(x, g);
    } else {
      return g * get(f).derivative(x);
    }
  }

  static void backward_span(const void* f, std::span<const T> x, std::span<const T> g,
                            std::span<T> out, simd::tier t) {
    if constexpr (has_scalar_backward<F> && has_span_backward<F>) {
      in_tier(t, [&](auto tag) {
        if constexpr (requires { get(f).backward(tag, x, g, out); }) {
          get(f).backward(tag, x, g, out);
        } else {
          get(f).backward(x, g, out);
        }
      });
    } else {
      (void)t;
      // The same checks as the functors' span members, before anything is written; each element
      // is read before its result is stored, so out may be x or g itself.
      check_spans<T>(F::name, "backward", x, out);
      check_spans<T>(F::name, "backward", g, out);
      const F& held = get(f);
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = backward(&held, x[i], g[i]);
    }
  }

  static T derivative_from_output(const void* f, T y) {
    if constexpr (has_scalar_derivative_from_output<F>) {
      return get(f).derivative_from_output(y);
    } else {
      (void)f, (void)y;
      throw_without_output_form(F::name, "derivative_from_output");
    }
  }

  static void derivative_from_output_span(const void* f, std::span<const T> y, std::span<T> out,
                                          [[maybe_unused]] simd::tier t) {
    if constexpr (has_scalar_derivative_from_output<F> && has_span_derivative_from_output<F>) {
      in_tier(t, [&](auto tag) {
        if constexpr (requires { get(f).derivative_from_output(tag, y, out); }) {
          get(f).derivative_from_output(tag, y, out);
        } else {
          get(f).derivative_from_output(y, out);
        }
      });
    } else if constexpr (has_scalar_derivative_from_output<F>) {
      check_spans<T>(F::name, "derivative_from_output", y, out);
      const F& held = get(f);
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = held.derivative_from_output(y[i]);
    } else {
      (void)f, (void)y, (void)out;
      throw_without_output_form(F::name, "derivative_from_output");
    }
  }

  static T backward_from_output(const void* f, T y, T g) {
    if constexpr (has_scalar_backward_from_output<F>) {
      return get(f).backward_from_output(y, g);
    } else {
      (void)f, (void)y, (void)g;
      throw_without_output_form(F::name, "backward_from_output");
    }
  }

  static void backward_from_output_span(const void* f, std::span<const T> y, std::span<const T> g,
                                        std::span<T> out, [[maybe_unused]] simd::tier t) {
    if constexpr (has_scalar_backward_from_output<F> && has_span_backward_from_output<F>) {
      in_tier(t, [&](auto tag) {
        if constexpr (requires { get(f).backward_from_output(tag, y, g, out); }) {
          get(f).backward_from_output(tag, y, g, out);
        } else {
          get(f).backward_from_output(y, g, out);
        }
      });
    } else if constexpr (has_scalar_backward_from_output<F>) {
      check_spans<T>(F::name, "backward_from_output", y, out);
      check_spans<T>(F::name, "backward_from_output", g, out);
      const F& held = get(f);
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = held.backward_from_output(y[i], g[i]);
    } else {
      (void)f, (void)y, (void)g, (void)out;
      throw_without_output_form(F::name, "backward_from_output");
    }
  }

  static bool equal(const void* a, const void* b) {
    const F& f = get(a);
    const F& g = get(b);
    bool same = true;
    if constexpr (is_builtin) {
      for (const auto& p : row_of<F>().parameters) {
        same = same && same_parameter<T>((f.*p.get)(), (g.*p.get)());
      }
      if constexpr (constexpr auto choice = row_of<F>().choice; choice.index != nullptr) {
        same = same && choice.index(f) == choice.index(g);
      }
    } else {
      if constexpr (requires { T(f.alpha()); })
        same = same && same_parameter<T>(f.alpha(), g.alpha());
      if constexpr (requires { T(f.min_val()); }) {
        same = same && same_parameter<T>(f.min_val(), g.min_val());
      }
      if constexpr (requires { T(f.max_val()); }) {
        same = same && same_parameter<T>(f.max_val(), g.max_val());
      }
    }
    if constexpr (requires {
                    { f == g } -> std::convertible_to<bool>;
                  }) {
      same = same && static_cast<bool>(f == g);
    }
    return same;
  }

  static std::string spec(const void* object) {
    const F& f = get(object);
    std::string text(F::name);
    const auto& parameters = row_of<F>().parameters;
    if (!parameters.empty()) {
      text += '(';
      for (const auto& p : parameters) {
        if (&p != parameters.data()) text += ", ";
        text += p.name;
        text += '=';
        append_number(text, (f.*p.get)());
      }
      text += ')';
    }
    if constexpr (constexpr auto choice = row_of<F>().choice; choice.index != nullptr) {
      text += '(';
      text += choice.name;
      text += "='";
      text += choice.spellings[choice.index(f)];
      text += "')";
    }
    return text;
  }

  static void* copy(const void* from, void* buffer) { return make_held<F>(buffer, get(from)); }

  static void* relocate(void* from, void* buffer) noexcept {
    if constexpr (is_inline) {
      F* const source = static_cast<F*>(from);
      F* const moved = std::construct_at(static_cast<F*>(buffer), std::move(*source));
      std::destroy_at(source);
      return moved;
    } else {
      (void)buffer;
      return from;
    }
  }

  static void destroy(void* object) noexcept {
    if constexpr (is_inline) {
      std::destroy_at(static_cast<F*>(object));
    } else {
      std::default_delete<F>{}(static_cast<F*>(object));
    }
  }

  using spec_function = std::string (*)(const void*);

  static constexpr spec_function spec_or_null() noexcept {
    if constexpr (is_builtin && std::is_floating_point_v<T>) {
      return &spec;
    } else {
      return nullptr;
    }
  }
};

// One table per held type; its address identifies the type (target<F>(), ==).
template <class F>
inline constexpr vtable<typename F::value_type> vtable_for{
    .name = F::name,
    .from_output = has_scalar_derivative_from_output<F>,
    .forward = &handler<F>::forward,
    .derivative = &handler<F>::derivative,
    .forward_span = &handler<F>::forward_span,
    .derivative_span = &handler<F>::derivative_span,
    .backward = &handler<F>::backward,
    .backward_span = &handler<F>::backward_span,
    .derivative_from_output = &handler<F>::derivative_from_output,
    .derivative_from_output_span = &handler<F>::derivative_from_output_span,
    .backward_from_output = &handler<F>::backward_from_output,
    .backward_from_output_span = &handler<F>::backward_from_output_span,
    .equal = &handler<F>::equal,
    .spec = handler<F>::spec_or_null(),
    .copy = &handler<F>::copy,
    .relocate = &handler<F>::relocate,
    .destroy = &handler<F>::destroy,
};

}  // namespace activ::detail

namespace activ {

/// An activation over T chosen at run time, held by value.
///
/// It holds one functor over T: a built-in (sigmoid, tanh, relu, leaky_relu, elu, selu, celu, silu,
/// gelu, mish, softplus, log_sigmoid, hardtanh, relu6, hardsigmoid, hardswish, softsign) or any
/// type F of the same shape: a model of activ::activation over T with a `static constexpr
/// std::string_view name`, copy-constructible.
///
///     calls       the members of the functors, each with one indirect call into the held
///                 functor: a span call runs the functor's own span member (its vector kernels)
///                 once, not a call per element. Results are the held functor's, bit for bit, its
///                 exceptions included (span size mismatch or partial overlap:
///                 std::invalid_argument).
///     backward    the functor's backward where it has one; otherwise g·f′(x) per element.
///     from output derivative_from_output and backward_from_output throw std::invalid_argument
///                 where the functor has no such members (silu, gelu, mish, hardswish);
///                 has_derivative_from_output() says which. leaky_relu with negative_slope < 0
///                 has them, and throws from them itself.
///     default     a default-constructed any_activation holds relu<T>, and so does one moved
///                 from: there is no empty state, and no call ever meets one.
///     storage     inline, in a buffer sized by the table of built-ins in this header, so that
///                 the built-ins never allocate (static_assert'ed for the floating-point types); a
///                 user-defined functor larger, more aligned or with a move that may throw goes
///                 on the heap.
///     ==          the same functor type and the same parameters: the built-ins' parameters as
///                 the table lists them, a user-defined functor's alpha(), min_val() and
///                 max_val() where it has them and its own == where it has one (a functor with
///                 none of these is compared by type alone). Parameters compare as values, except
///                 that −0 ≠ +0 (leaky_relu's −0 and +0 slopes give zeros of different signs) and
///                 NaN = NaN.
///     spec()      the built-in's text in canonical form, every parameter by keyword, numbers in
///                 std::to_chars' shortest round-trip form for T: "relu", "elu(alpha=0.5)",
///                 "hardtanh(min_val=-1, max_val=1)", "gelu(approximate='tanh')";
///                 parse<T>(a.spec()) == a for every built-in value, −0, subnormals and the
///                 extremes included. A user-defined functor has no text parse could read back:
///                 spec() throws std::invalid_argument (has_spec()).
template <real T>
class any_activation {
  static_assert(std::is_nothrow_default_constructible_v<relu<T>>,
                "the default and moved-from state, relu<T>, must be made without throwing");
  static_assert(!std::is_floating_point_v<T> || detail::builtins_stored_inline<T>,
                "every built-in activation must fit the inline buffer: none may allocate");

 public:
  /// The scalar type T, as the functors name it (activ::activation reads it).
  using value_type = T;

  /// Holds relu<T>.
  any_activation() noexcept { hold_relu(); }

  /// Holds a copy of (or moves in) the functor f, a built-in or a user-defined one.
  /// Implicit, as std::function's: a functor is an activation. The constraint leaves copies and
  /// moves of an any_activation to the copy and move constructors.
  template <detail::holdable_argument<T, any_activation> F>
  // NOLINTNEXTLINE(bugprone-forwarding-reference-overload,google-explicit-constructor)
  any_activation(F&& f)
      : vtable_(&detail::vtable_for<std::remove_cvref_t<F>>),
        object_(detail::make_held<std::remove_cvref_t<F>>(buffer_, std::forward<F>(f))) {}

  /// Holds an F constructed in place from args.
  template <class F, class... Args>
  requires detail::holdable<F, T> && std::constructible_from<F, Args...>
  explicit any_activation(std::in_place_type_t<F>, Args&&... args)
      : vtable_(&detail::vtable_for<F>),
        object_(detail::make_held<F>(buffer_, std::forward<Args>(args)...)) {}

  /// Holds a copy of other's functor, inline or on the heap as other holds it.
  any_activation(const any_activation& other)
      : vtable_(other.vtable_), object_(vtable_->copy(other.object_, buffer_)) {}

  /// Leaves other holding relu<T>.
  any_activation(any_activation&& other) noexcept
      : vtable_(other.vtable_), object_(vtable_->relocate(other.object_, buffer_)) {
    other.hold_relu();
  }

  /// Holds a copy of other's functor; if the copy throws, *this is left as it was.
  any_activation& operator=(const any_activation& other) {
    if (this != &other) *this = any_activation(other);  // strong guarantee: copy, then move
    return *this;
  }

  /// Leaves other holding relu<T>.
  any_activation& operator=(any_activation&& other) noexcept {
    if (this != &other) {
      vtable_->destroy(object_);
      vtable_ = other.vtable_;
      object_ = vtable_->relocate(other.object_, buffer_);
      other.hold_relu();
    }
    return *this;
  }

  ~any_activation() { vtable_->destroy(object_); }

  /// Exchanges the held functors, without throwing.
  friend void swap(any_activation& a, any_activation& b) noexcept {
    any_activation held(std::move(a));
    a = std::move(b);
    b = std::move(held);
  }

  // The calls are not noexcept: a user-defined functor may throw, and the built-ins' span members
  // do (sizes, overlaps), as do the from-output members where the functor has none.

  /// The held functor's forward(x).
  [[nodiscard]] T forward(T x) const { return vtable_->forward(object_, x); }
  /// Same as forward(x), as for the functors.
  [[nodiscard]] T operator()(T x) const { return vtable_->forward(object_, x); }
  /// The held functor's derivative(x).
  [[nodiscard]] T derivative(T x) const { return vtable_->derivative(object_, x); }
  /// forward(x) with a tier tag: the precise result, as the functors' scalar members give.
  template <tier_tag Tier>
  [[nodiscard]] T forward(Tier, T x) const {
    return vtable_->forward(object_, x);
  }
  /// derivative(x) with a tier tag: the precise result.
  template <tier_tag Tier>
  [[nodiscard]] T derivative(Tier, T x) const {
    return vtable_->derivative(object_, x);
  }

  /// The held functor's span forward, its vector kernels included: one indirect call in all.
  void forward(std::span<const T> in, std::span<T> out) const { forward(precise, in, out); }
  /// The same in the tier asked for (tier.hpp); a held functor without tiers serves both.
  template <tier_tag Tier>
  void forward(Tier, std::span<const T> in, std::span<T> out) const {
    vtable_->forward_span(object_, in, out, Tier::value);
  }
  /// The held functor's span derivative.
  void derivative(std::span<const T> in, std::span<T> out) const { derivative(precise, in, out); }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  void derivative(Tier, std::span<const T> in, std::span<T> out) const {
    vtable_->derivative_span(object_, in, out, Tier::value);
  }

  /// g·f′(x), by the functor's own backward where it has one.
  [[nodiscard]] T backward(T x, T g) const { return vtable_->backward(object_, x, g); }
  /// The span backward: the functor's own where it has one, else g·f′(x) element by element.
  void backward(std::span<const T> x, std::span<const T> grad_out, std::span<T> grad_in) const {
    backward(precise, x, grad_out, grad_in);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  void backward(Tier, std::span<const T> x, std::span<const T> grad_out,
                std::span<T> grad_in) const {
    vtable_->backward_span(object_, x, grad_out, grad_in, Tier::value);
  }

  /// f′ from y = f(x); throws std::invalid_argument where the functor cannot (hardswish).
  [[nodiscard]] T derivative_from_output(T y) const {
    return vtable_->derivative_from_output(object_, y);
  }
  /// derivative_from_output over spans; throws std::invalid_argument where the functor has none.
  void derivative_from_output(std::span<const T> y, std::span<T> out) const {
    derivative_from_output(precise, y, out);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  void derivative_from_output(Tier, std::span<const T> y, std::span<T> out) const {
    vtable_->derivative_from_output_span(object_, y, out, Tier::value);
  }
  /// g·f′ from y = f(x); throws std::invalid_argument where the functor cannot (hardswish).
  [[nodiscard]] T backward_from_output(T y, T g) const {
    return vtable_->backward_from_output(object_, y, g);
  }
  /// backward_from_output over spans; throws std::invalid_argument where the functor has none.
  void backward_from_output(std::span<const T> y, std::span<const T> grad_out,
                            std::span<T> grad_in) const {
    backward_from_output(precise, y, grad_out, grad_in);
  }
  /// The same in the tier asked for.
  template <tier_tag Tier>
  void backward_from_output(Tier, std::span<const T> y, std::span<const T> grad_out,
                            std::span<T> grad_in) const {
    vtable_->backward_from_output_span(object_, y, grad_out, grad_in, Tier::value);
  }

  /// Whether the held functor has derivative_from_output and backward_from_output members.
  [[nodiscard]] bool has_derivative_from_output() const noexcept { return vtable_->from_output; }

  /// The held functor's `name`: "elu", or a user-defined functor's.
  [[nodiscard]] std::string_view name() const noexcept { return vtable_->name; }

  /// Whether spec() has a text for it: a built-in.
  [[nodiscard]] bool has_spec() const noexcept { return vtable_->spec != nullptr; }

  /// The canonical text that parse<T> reads back into an equal any_activation.
  [[nodiscard]] std::string spec() const requires std::floating_point<T> {
    if (vtable_->spec == nullptr) {
      throw std::invalid_argument("activ::any_activation::spec: " + std::string(name()) +
                                  " is not a built-in activation, which parse could read back");
    }
    return vtable_->spec(object_);
  }

  /// The held functor if it is an F, else null (like std::function::target).
  template <class F>
  [[nodiscard]] const F* target() const noexcept {
    if constexpr (detail::holdable<F, T>) {
      if (vtable_ == &detail::vtable_for<F>) return static_cast<const F*>(object_);
    }
    return nullptr;
  }

  /// The same functor type with the same parameters, −0 ≠ +0 and NaN = NaN among them.
  friend bool operator==(const any_activation& a, const any_activation& b) {
    return a.vtable_ == b.vtable_ && a.vtable_->equal(a.object_, b.object_);
  }

 private:
  // Over whatever was there, which the caller has destroyed or handed on.
  void hold_relu() noexcept {
    vtable_ = &detail::vtable_for<relu<T>>;
    object_ = detail::make_held<relu<T>>(buffer_);
  }

  // First: its initialiser runs before the constructors construct the held functor in it.
  alignas(detail::builtins<T>::align) std::byte buffer_[detail::builtins<T>::size]{};
  const detail::vtable<T>* vtable_ = nullptr;
  void* object_ = nullptr;  // into buffer_, or on the heap
};

}  // namespace activ

namespace activ::detail {

// ---------------------------------------------------------------------------------------------
// parse: a small recursive-descent reader of Python's call syntax.

template <class T>
constexpr std::string_view type_name() noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return "float";
  } else if constexpr (std::is_same_v<T, double>) {
    return "double";
  } else if constexpr (std::is_same_v<T, long double>) {
    return "long double";
  } else {
    return "T";
  }
}

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_identifier_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_identifier_char(char c) noexcept { return is_identifier_start(c) || is_digit(c); }
constexpr char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Optimal string alignment distance (insertions, deletions, substitutions and swaps of adjacent
// characters), letter case ignored when `fold` is set.
inline std::size_t edit_distance(std::string_view a, std::string_view b, bool fold) {
  const auto same = [fold](char x, char y) { return fold ? lower(x) == lower(y) : x == y; };
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  for (std::size_t i = 0; i <= a.size(); ++i) d[i * width] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
      std::size_t best = std::min({d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1,
                                   d[(i - 1) * width + j - 1] + cost});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
        best = std::min(best, d[(i - 2) * width + j - 2] + 1);
      }
      d[i * width + j] = best;
    }
  }
  return d.back();
}

// The candidate nearest to `word` (case folded first, then exact), if it is near enough to be
// what was meant: at most 2 edits, or a third of the word's length.
inline std::string_view nearest(std::string_view word, const std::vector<std::string_view>& names) {
  std::string_view best;
  std::pair<std::size_t, std::size_t> best_distance{std::numeric_limits<std::size_t>::max(), 0};
  for (const std::string_view name : names) {
    const std::pair<std::size_t, std::size_t> distance{edit_distance(word, name, true),
                                                       edit_distance(word, name, false)};
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best_distance.first <= std::max<std::size_t>(2, word.size() / 3) ? best
                                                                          : std::string_view{};
}

inline std::string listed(const std::vector<std::string_view>& names) {
  std::string text;
  for (const std::string_view name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

[[noreturn]] inline void parse_error(std::size_t at, const std::string& message) {
  throw std::invalid_argument("activ::parse: column " + std::to_string(at + 1) + ": " + message);
}

class spec_reader {
 public:
  explicit spec_reader(std::string_view text) noexcept : text_(text) {}

  [[nodiscard]] std::size_t position() const noexcept { return at_; }
  [[nodiscard]] bool at_end() const noexcept { return at_ >= text_.size(); }
  void rewind(std::size_t to) noexcept { at_ = to; }

  void skip_space() noexcept {
    while (!at_end() && is_space(text_[at_])) ++at_;
  }

  bool consume(char c) noexcept {
    if (at_end() || text_[at_] != c) return false;
    ++at_;
    return true;
  }

  [[nodiscard]] bool next_is(char c) const noexcept { return !at_end() && text_[at_] == c; }

  // The character here, '\0' at the end.
  [[nodiscard]] char peek() const noexcept { return at_end() ? '\0' : text_[at_]; }

  // A Python identifier (ASCII), or empty where none starts here.
  std::string_view identifier() noexcept {
    const std::size_t start = at_;
    if (!at_end() && is_identifier_start(text_[at_])) {
      while (!at_end() && is_identifier_char(text_[at_])) ++at_;
    }
    return text_.substr(start, at_ - start);
  }

  // The run of characters a number literal could be made of, malformed or not ("1e-5", "1_0",
  // "0x1f", "inf", "1.2.3"): digits, letters, '_', '.', and a sign right after an exponent's e.
  std::string_view number_token() noexcept {
    const std::size_t start = at_;
    const bool numeric = !at_end() && (is_digit(text_[at_]) || text_[at_] == '.');
    while (!at_end()) {
      const char c = text_[at_];
      const bool exponent_sign = numeric && (c == '+' || c == '-') && at_ > start &&
                                 (text_[at_ - 1] == 'e' || text_[at_ - 1] == 'E');
      if (!is_identifier_char(c) && c != '.' && !exponent_sign) break;
      ++at_;
    }
    return text_.substr(start, at_ - start);
  }

  // A Python string literal in single or double quotes, without escapes: its contents. Empty and
  // not consumed where none starts here; the end of the text before the closing quote fails.
  bool quoted(std::string_view& contents) {
    if (at_end() || (text_[at_] != '\'' && text_[at_] != '"')) return false;
    const char quote = text_[at_];
    const std::size_t close = text_.find(quote, at_ + 1);
    if (close == std::string_view::npos) fail("missing closing quote " + std::string(1, quote));
    contents = text_.substr(at_ + 1, close - at_ - 1);
    at_ = close + 1;
    return true;
  }

  // What stands here, for a message.
  [[nodiscard]] std::string found() const {
    if (at_end()) return "the end of the text";
    const char c = text_[at_];
    if (c >= ' ' && c <= '~') return std::string("'") + c + "'";
    constexpr std::string_view hex = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(c);
    return std::string("byte 0x") + hex[byte / 16] + hex[byte % 16];
  }

  [[noreturn]] void fail(const std::string& message) const { parse_error(at_, message); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

// Python's decimal float or integer literal, without sign: its digits without underscores, as
// from_chars reads them, and the same as an integer mantissa and a power of ten, for the fallback
// below. Empty `problem` when the token is one.
struct python_number {
  std::string text;
  std::string mantissa;
  long long exponent = 0;
  std::string problem;
};

inline python_number read_python_number(std::string_view token) {
  python_number number;
  std::size_t at = 0;
  // digitpart: digit (["_"] digit)*
  const auto digits = [&](std::string& into) {
    const std::size_t start = at;
    while (at < token.size()) {
      if (is_digit(token[at])) {
        into += token[at++];
      } else if (token[at] == '_' && at > start && at + 1 < token.size() &&
                 is_digit(token[at + 1])) {
        ++at;
      } else {
        break;
      }
    }
    return at > start;
  };
  std::string whole;
  std::string fraction;
  const bool has_whole = digits(whole);
  bool has_point = false;
  bool has_fraction = false;
  if (at < token.size() && token[at] == '.') {
    has_point = true;
    ++at;
    has_fraction = digits(fraction);
  }
  bool has_exponent = false;
  std::string exponent;
  bool negative_exponent = false;
  if ((has_whole || has_fraction) && at < token.size() && (token[at] == 'e' || token[at] == 'E')) {
    has_exponent = true;
    ++at;
    if (at < token.size() && (token[at] == '+' || token[at] == '-')) {
      negative_exponent = token[at] == '-';
      ++at;
    }
    if (!digits(exponent)) {
      number.problem = "the exponent has no digits";
      return number;
    }
  }
  if (!(has_whole || has_fraction) || at != token.size()) {
    if (token.size() > 1 && token[0] == '0' && lower(token[1]) == 'x') {
      number.problem = "only decimal numbers are read";
    } else {
      number.problem = "not a Python number";
    }
    return number;
  }
  if (!has_point && !has_exponent && whole.size() > 1 && whole[0] == '0' &&
      whole.find_first_not_of('0') != std::string::npos) {
    number.problem = "leading zeros in a decimal integer are not allowed, as in Python";
    return number;
  }
  number.text = whole;
  if (has_point) number.text += '.' + fraction;
  if (has_exponent) number.text += (negative_exponent ? "e-" : "e+") + exponent;
  number.mantissa = whole + fraction;
  // Saturated: beyond ±10^15 every type has long over- or underflowed.
  constexpr long long limit = 1'000'000'000'000'000;
  long long power = 0;
  for (const char c : exponent) power = std::min(limit, power * 10 + (c - '0'));
  number.exponent = (negative_exponent ? -power : power) - static_cast<long long>(fraction.size());
  return number;
}

// A number: unary signs (Python's unary + and −, spaces allowed between) and a literal, rounded
// correctly to T. `what` names the parameter for messages.
template <std::floating_point T>
T read_number(spec_reader& in, std::string_view what) {
  bool negative = false;
  in.skip_space();
  while (in.next_is('+') || in.next_is('-')) {
    negative = negative != in.next_is('-');
    in.consume(in.next_is('+') ? '+' : '-');
    in.skip_space();
  }
  const std::size_t at = in.position();
  const std::string_view token = in.number_token();
  if (token.empty()) {
    in.fail("expected a number for " + std::string(what) + ", found " + in.found());
  }
  if (is_identifier_start(token[0])) {
    std::string folded(token);
    std::transform(folded.begin(), folded.end(), folded.begin(), lower);
    if (folded == "inf" || folded == "infinity" || folded == "nan") {
      parse_error(at, "non-finite number '" + std::string(token) + "' for " + std::string(what) +
                          ": parameters must be finite");
    }
    parse_error(
        at, "expected a number for " + std::string(what) + ", found '" + std::string(token) + "'");
  }
  const python_number number = read_python_number(token);
  if (!number.problem.empty()) {
    parse_error(at, "malformed number '" + std::string(token) + "': " + number.problem);
  }
  T value{};
  const char* const first = number.text.data();
  const char* const last = first + number.text.size();
  const std::from_chars_result result =
      std::from_chars(first, last, value, std::chars_format::general);
  if (result.ec == std::errc::result_out_of_range) {
    // from_chars reports results that round to zero, and libstdc++ also long double subnormals,
    // as out of range. strtod's family rounds those correctly; written as a digit string and a
    // power of ten, the number has no decimal point that a locale could read differently.
    const std::string plain = number.mantissa + "e" + std::to_string(number.exponent);
    if constexpr (std::is_same_v<T, float>) {
      value = std::strtof(plain.c_str(), nullptr);
    } else if constexpr (std::is_same_v<T, double>) {
      value = std::strtod(plain.c_str(), nullptr);
    } else {
      value = static_cast<T>(std::strtold(plain.c_str(), nullptr));
    }
    if (std::isinf(value)) {
      std::string message = "number '" + std::string(token) + "' for " + std::string(what) +
                            " is too large for " + std::string(type_name<T>()) +
                            " (largest finite: ";
      append_number(message, std::numeric_limits<T>::max());
      parse_error(at, message + ")");
    }
  } else if (result.ec != std::errc{} || result.ptr != last) {
    parse_error(at, "malformed number '" + std::string(token) + "'");
  }
  return negative ? -value : value;
}

template <class F, std::size_t N, std::size_t... I>
F construct(const std::array<typename F::value_type, N>& values, std::index_sequence<I...>) {
  return F(values[I]...);
}

// The argument of a call to a row with a choice parameter (gelu), from just after its name, and the
// functor: nothing, or one string, by position or by keyword.
template <class F, std::size_t N>
F parse_choice_call(const builtin<F, N>& row, spec_reader& in) {
  const choice_parameter<F>& choice = row.choice;
  const std::string function(F::name);
  const std::string what = "'" + std::string(choice.name) + "'";
  std::vector<std::string_view> spellings(choice.spellings.begin(), choice.spellings.end());
  std::size_t index = choice.index(F{});
  in.skip_space();
  if (!in.consume('(')) return choice.make(index);
  in.skip_space();
  if (in.consume(')')) return choice.make(index);
  const std::size_t at = in.position();
  const std::string_view keyword = in.identifier();
  in.skip_space();
  if (!keyword.empty() && in.next_is('=')) {
    in.consume('=');
    if (keyword != choice.name) {
      std::string message = "unknown parameter '" + std::string(keyword) + "' of " + function;
      const std::vector<std::string_view> names{choice.name};
      if (const std::string_view guess = nearest(keyword, names); !guess.empty()) {
        message += "; did you mean '" + std::string(guess) + "'?";
      } else {
        message += " (its parameters: " + listed(names) + ")";
      }
      parse_error(at, message);
    }
    in.skip_space();
  } else {
    in.rewind(at);
  }
  const std::size_t value_at = in.position();
  std::string_view value;
  if (!in.quoted(value)) {
    in.fail("expected a string for " + what + " (" + listed(spellings) + "), found " + in.found());
  }
  const auto known = std::find(spellings.begin(), spellings.end(), value);
  if (known == spellings.end()) {
    std::string message = "unknown value '" + std::string(value) + "' for " + what + " of " +
                          function + " (" + listed(spellings) + ")";
    if (const std::string_view guess = nearest(value, spellings); !guess.empty()) {
      message += "; did you mean '" + std::string(guess) + "'?";
    }
    parse_error(value_at, message);
  }
  index = static_cast<std::size_t>(known - spellings.begin());
  in.skip_space();
  if (in.consume(',')) in.skip_space();
  if (!in.consume(')')) {
    if (in.at_end()) in.fail("missing ')' to close the arguments of " + function);
    in.fail("too many arguments: " + function + " takes at most 1 (" + std::string(choice.name) +
            ")");
  }
  return choice.make(index);
}

// The numeric arguments of a call to the row's functor, from just after its name, and the
// functor.
template <class F, std::size_t N>
F parse_numeric_call(const builtin<F, N>& row, spec_reader& in) {
  using T = typename F::value_type;
  constexpr std::size_t not_given = std::numeric_limits<std::size_t>::max();
  const F defaults{};
  std::array<T, N> values{};
  std::array<std::size_t, N> given_at{};  // column of each argument given, in order of appearance
  std::array<std::size_t, N> order{};
  std::size_t given = 0;
  for (std::size_t i = 0; i < N; ++i) {
    values[i] = (defaults.*row.parameters[i].get)();
    given_at[i] = not_given;
  }
  std::vector<std::string_view> names;
  for (const auto& p : row.parameters) names.push_back(p.name);
  const std::string function(F::name);

  in.skip_space();
  if (in.consume('(')) {
    bool keywords = false;
    std::size_t positional = 0;
    in.skip_space();
    while (!in.consume(')')) {
      if (in.at_end()) in.fail("missing ')' to close the arguments of " + function);
      const char next = in.peek();
      if (!is_identifier_start(next) && !is_digit(next) && next != '.' && next != '+' &&
          next != '-') {
        in.fail("expected an argument or ')' in the arguments of " + function + ", found " +
                in.found());
      }
      const std::size_t at = in.position();
      std::size_t index = N;
      const std::string_view keyword = in.identifier();
      in.skip_space();
      if (!keyword.empty() && in.next_is('=')) {
        in.consume('=');
        if (in.next_is('=')) in.fail("expected a number after '=', found '='");
        const auto known = std::find(names.begin(), names.end(), keyword);
        if (known == names.end() && !row.refused.name.empty() && keyword == row.refused.name) {
          parse_error(at, "parameter '" + std::string(keyword) + "' of " + function +
                              " is not supported: " + std::string(row.refused.reason));
        }
        if (known == names.end()) {
          std::string message = "unknown parameter '" + std::string(keyword) + "' of " + function;
          if (names.empty()) {
            message += ", which takes no arguments";
          } else if (const std::string_view guess = nearest(keyword, names); !guess.empty()) {
            message += "; did you mean '" + std::string(guess) + "'?";
          } else {
            message += " (its parameters: " + listed(names) + ")";
          }
          parse_error(at, message);
        }
        index = static_cast<std::size_t>(known - names.begin());
        if (given_at[index] != not_given) {
          parse_error(at, "repeated parameter '" + std::string(keyword) + "' of " + function +
                              ": already given at column " + std::to_string(given_at[index] + 1));
        }
        keywords = true;
      } else {
        in.rewind(at);
        if (keywords) parse_error(at, "positional argument after a keyword argument");
        if (positional == N) {
          std::string message = N == 0 ? function + " takes no arguments"
                                       : "too many arguments: " + function + " takes at most " +
                                             std::to_string(N) + " (" + listed(names) + ")";
          if (!row.refused.name.empty()) {
            message += "; PyTorch's '" + std::string(row.refused.name) +
                       "' is not supported: " + std::string(row.refused.reason);
          }
          parse_error(at, message);
        }
        index = positional++;
      }
      values[index] = read_number<T>(in, "'" + std::string(names[index]) + "'");
      given_at[index] = at;
      order[given++] = index;
      in.skip_space();
      if (in.consume(',')) {
        in.skip_space();
      } else if (!in.next_is(')')) {
        in.fail("expected ',' or ')' in the arguments of " + function + ", found " + in.found());
      }
    }
  }
  try {
    return construct<F>(values, std::make_index_sequence<N>{});
  } catch (const std::invalid_argument& rejected) {
    // The column of the first argument the constructor rejects with the other parameters at their
    // defaults, or else of the first argument given.
    std::size_t at = given > 0 ? given_at[order[0]] : 0;
    for (std::size_t k = 0; k < given; ++k) {
      std::array<T, N> alone{};
      for (std::size_t i = 0; i < N; ++i) alone[i] = (defaults.*row.parameters[i].get)();
      alone[order[k]] = values[order[k]];
      try {
        static_cast<void>(construct<F>(alone, std::make_index_sequence<N>{}));
      } catch (const std::invalid_argument&) {
        at = given_at[order[k]];
        break;
      }
    }
    parse_error(at, rejected.what());
  }
}

// The arguments of a call to the row's functor, from just after its name, and the functor. The
// choice is told apart at compile time: only gelu's row instantiates the string parsing.
template <class F, std::size_t N>
F parse_call(const builtin<F, N>& row, spec_reader& in) {
  if constexpr (row_of<F>().choice.index != nullptr) {
    return parse_choice_call(row, in);
  } else {
    return parse_numeric_call(row, in);
  }
}

}  // namespace activ::detail

namespace activ {

/// The activation that PyTorch-style text names, such as "elu(alpha=0.5)"; any_activation::spec()
/// writes such text back.
///
/// For T = float, double and long double, following Python's call syntax:
///
///     call        name [ "(" [ argument { "," argument } [","] ] ")" ], whitespace (space, tab,
///                 newline, CR, FF, VT) anywhere between tokens and around the whole
///     argument    value (positional, in the order of PyTorch's signature) | parameter "=" value;
///                 positional arguments come first, as in Python; a value is a number, or for
///                 gelu's approximate a string in single or double quotes, 'none' or 'tanh'
///     names       PyTorch's, case-sensitive as Python is: sigmoid, tanh, relu,
///                 leaky_relu(negative_slope=0.01), elu(alpha=1.0), selu, celu(alpha=1.0), silu,
///                 gelu(approximate='none'), mish, softplus(beta=1.0), log_sigmoid (also spelled
///                 logsigmoid, as in PyTorch's functional API; spec() writes log_sigmoid),
///                 hardtanh(min_val=-1.0, max_val=1.0), relu6, hardsigmoid, hardswish, softsign
///                 ("ReLU" is unknown, and the message suggests "relu"). PyTorch's `inplace` is
///                 not a property of the function: it is an unknown parameter here. softplus's
///                 `threshold` is refused with a message saying why: activ's softplus is exact
///                 everywhere and has no threshold.
///     numbers     Python's float and decimal integer literals after any unary signs: 1, +1, 1e-2,
///                 .5, 5., 1_000.5, "- 0.5"; rounded correctly to T (std::from_chars). A value too
///                 small for T rounds to its subnormals or to ±0, as Python's float does; one too
///                 large for T, and inf or nan, are rejected: parameters are finite.
///
/// Every error is a std::invalid_argument whose message starts "activ::parse: column N: " (N
/// counts bytes from 1) and names what was expected: an unknown function (with the nearest name
/// by edit distance), an unknown or repeated parameter, too many arguments, a positional argument
/// after a keyword, a malformed, non-finite or overflowing number, a missing ')', trailing
/// characters, or a value the constructor rejects (its own message, at the argument's column).
template <std::floating_point T>
any_activation<T> parse(std::string_view text) {
  detail::spec_reader in(text);
  in.skip_space();
  const std::size_t at = in.position();
  const std::string_view name = in.identifier();
  if (name.empty()) in.fail("expected the name of an activation function, found " + in.found());
  any_activation<T> result;
  bool found = false;
  std::vector<std::string_view> names;
  detail::for_each_builtin<T>([&](const auto& entry) {
    using F = typename std::remove_cvref_t<decltype(entry)>::functor;
    names.push_back(F::name);
    if (!found && (F::name == name || (!entry.alias.empty() && entry.alias == name))) {
      found = true;
      result = detail::parse_call(entry, in);
    }
  });
  if (!found) {
    std::string message = "unknown activation function '" + std::string(name) + "'";
    if (const std::string_view guess = detail::nearest(name, names); !guess.empty()) {
      message += "; did you mean '" + std::string(guess) + "'?";
    } else {
      message += " (known: " + detail::listed(names) + ")";
    }
    detail::parse_error(at, message);
  }
  in.skip_space();
  if (!in.at_end()) {
    in.fail("unexpected " + in.found() + " after the end of the activation");
  }
  return result;
}

}  // namespace activ
