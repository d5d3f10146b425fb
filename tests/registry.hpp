#pragma once
// The test registry: one row per activation, which the value and path tests, the exhaustive float
// sweep, the sampled double sweep, the MPFR accuracy test, the fuzzer, the -ffast-math and
// floating-point-environment tests and the benchmark all iterate. Adding an activation to activ
// adds one row here; no test lists the activations by hand or compares name strings.
//
// A row is a type with
//   name                          the functor's `name`
//   functor<T>                    the functor template
//   configurations<T>()           the parameter sets every test runs (α = 1 and 0.5, ...)
//   make<T>(a, b)                 a functor from up to two raw parameters (the fuzzer's), which
//                                 throws std::invalid_argument where the functor's constructor does
//   forward, derivative           one direction each (below)
//   specials<T>(f)                exact values at kinks, zeros, infinities and NaN
//   backward_selects              whether backward gives +0 on the flat-zero pieces whatever the
//                                 gradient (PyTorch's relu, hardtanh, hardsigmoid, hardswish), or
//                                 the IEEE product of gradient and derivative everywhere
//   from_output                   (where y = f(x) determines f′) exact(d, y, f): f′ in terms of y
//                                 in MPFR, and same_as_from_input: whether the members from y give
//                                 the members from x bit for bit; absent where the functor has no
//                                 derivative_from_output
// and each direction (a nested struct) with
//   reference<R>(x, f)            a closed form in a wider type R (double for float results, long
//                                 double for double results), written from the mathematics
//                                 independently of activ's formulas, within a few ULPs of R
//   tie_side(x, y, f)             (optional) where the float reference y is exactly a midpoint
//                                 between two floats (near 0: y = x/2), the sign of the exact value
//                                 minus y from the next term of the series, or 0 to leave it to
//                                 MPFR
//   exact(y, x, f)                the same at 256 bits in MPFR (where MPFR is found)
//   textbook<T>(x, f)             the naive formula a user would write, measured for comparison
//   in_range(y, f)                whether a result lies in the function's range
//   turning_points(f)             every x ≠ 0 where the function stops being monotone (a turning
//                                 point, or a jump that reverses direction): between two of them,
//                                 and 0, it is monotone, which the exhaustive sweep relies on
//   monotone                      non-decreasing over the whole line (checked across inputs)
//   shape                         a symmetry the paths must keep (odd, even, σ(−x) = 1 − σ(x))
//   error                         the worst errors in ULPs allowed per type and path
// References take the functor and read its parameters through its accessors (alpha(), ...), never
// its formulas. A row of a function without parameters inherits functor, configurations and make
// from without_parameters<F>; a direction without turning points inherits turning_points from
// without_turning_points.

#include <activ/activ.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if __has_include(<mpfr.h>)
#include "mpfr_reference.hpp"
#define ACTIV_TEST_HAS_MPFR 1
#endif

namespace activ_test {

enum class symmetry {
  none,
  odd,       // f(−x) = −f(x), bit for bit
  even,      // f(−x) = f(x), bit for bit
  logistic,  // f(−x) = 1 − f(x), to the error of each path
};

// Worst errors allowed, in ULPs of the result type. float scalar results are always correctly
// rounded (the exhaustive sweep proves it); float arrays within float_array on every input.
struct error_bounds {
  double float_array = 1.0;
  double double_scalar = 1.0;
  double double_array = 1.0;
  double long_double = 2.0;
  // Where long double is x87's extended format and activ evaluates it itself rather than with
  // the libm's function that long_double allows for (the same bound unless a row says otherwise).
  double x87_long_double = long_double;
};

// One exact expectation: f(x) and f′(x), rounded to T. Zeros and infinities are compared with
// their sign; NaN must give NaN.
template <class T>
struct special {
  T x;
  T forward;
  T derivative;
};

// How a reference reads a parameter: as stored in the functor, converted exactly to R.
template <class R, class T>
R wide(T parameter) {
  return static_cast<R>(parameter);
}

// Beyond |x| = saturated<R> every transcendental reference is within e^−200 (double, for float
// results) or e^−800 (long double, for double results) of its limit, relatively, far below the
// last bit of the type under test, so the limit is returned and libm's slow overflow and
// underflow paths skipped.
template <class R>
constexpr R saturated = sizeof(R) > sizeof(double) ? R(800) : R(200);

// The next T after v, away from 0. For float and double one bit pattern further, a constant
// expression: the range checks below run at every input of the exhaustive sweep, where
// std::nextafter, a call into libm, cost 5 % of a row.
template <class T>
constexpr T away_from_zero(T v) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    using bits = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
    return std::bit_cast<T>(static_cast<bits>(std::bit_cast<bits>(v) + 1));
  } else {
    return std::nextafter(v, std::signbit(v) ? -std::numeric_limits<T>::infinity()
                                             : std::numeric_limits<T>::infinity());
  }
}

// A bound of a range (a nonzero double within half an ULP of it), rounded to T away from 0: under
// a directed rounding the results may reach the bound's own rounding on the far side.
template <class T>
constexpr T outward(double bound) {
  return away_from_zero(static_cast<T>(bound));
}

// What most rows share, inherited so that a row says only what is its own.

// A function without parameters: the one configuration is the default functor, and the fuzzer's
// raw parameters are ignored.
template <template <class> class Functor>
struct without_parameters {
  template <class T>
  using functor = Functor<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{}};
  }
  template <class T>
  static functor<T> make(T, T) {
    return {};
  }
};

// A direction monotone between 0 and each infinity: no turning points.
struct without_turning_points {
  template <class F>
  static std::vector<double> turning_points(const F&) {
    return {};
  }
};

// from_output of a piecewise-linear function whose output lies in a piece with slope 1 exactly
// when its input does (relu, leaky_relu with α ≥ 0, hardtanh, relu6): f′(f(x)) = f′(x), so f′
// from y is the derivative's own exact value at y, and the members from y give the members from
// x bit for bit.
template <class Derivative>
struct derivative_at_output {
  static constexpr bool same_as_from_input = true;
#if defined(ACTIV_TEST_HAS_MPFR)
  template <class F>
  static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
    Derivative::exact(d, y, f);
  }
#endif
};

// ---------------------------------------------------------------------------------------------

struct sigmoid_row : without_parameters<activ::sigmoid> {
  static constexpr std::string_view name = "sigmoid";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      (void)f;
      mpfr_ui_sub(d, 1, y, MPFR_RNDN);  // y·(1 − y)
      mpfr_mul(d, d, y, MPFR_RNDN);
    }
#endif
  };

  struct forward : without_turning_points {
    // σ(x) = 1/(1 + e^−x) on both signs: in R and within ±saturated<R>, e^−x neither overflows
    // nor loses relative accuracy in 1 + e^−x (activ instead branches on the sign).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::fabs(x) > saturated<R>) return x > 0 ? R(1) : R(0);
      return R(1) / (R(1) + std::exp(-x));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return T(1) / (T(1) + std::exp(-x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    // e^−x overflows MPFR only for |x| near T's max, where 1/∞ = 0 is the right limit.
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_neg(y, x, MPFR_RNDN);
      mpfr_exp(y, y, MPFR_RNDN);
      mpfr_add_ui(y, y, 1, MPFR_RNDN);
      mpfr_ui_div(y, 1, y, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::logistic;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 2.0};
  };

  struct derivative : without_turning_points {
    // σ′(x) = ¼ sech²(x/2).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::fabs(x) > saturated<R>) return R(0);
      const R c = std::cosh(x / 2);
      return R(0.25) / c / c;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      const T s = forward::textbook(x, f);
      return s * (T(1) - s);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    // e^−|x| / (1 + e^−|x|)²: σ′ is even, and at |x| e^−x cannot overflow to ∞/∞.
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr::mp denominator;
      mpfr_abs(y, x, MPFR_RNDN);
      mpfr_neg(y, y, MPFR_RNDN);
      mpfr_exp(y, y, MPFR_RNDN);
      mpfr_add_ui(denominator.get(), y, 1, MPFR_RNDN);
      mpfr_sqr(denominator.get(), denominator.get(), MPFR_RNDN);
      mpfr_div(y, y, denominator.get(), MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(0.25);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::even;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0.5), T(0.25)},
            {-T(0), T(0.5), T(0.25)},
            {limits::infinity(), T(1), T(0)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct tanh_row : without_parameters<activ::tanh> {
  static constexpr std::string_view name = "tanh";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      (void)f;
      mpfr_sqr(d, y, MPFR_RNDN);  // 1 − y²
      mpfr_ui_sub(d, 1, d, MPFR_RNDN);
    }
#endif
  };

  struct forward : without_turning_points {
    // tanh x = −m/(2 + m) with m = expm1(−2|x|), odd.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::fabs(x) > saturated<R>) return std::copysign(R(1), x);
      const R m = std::expm1(-2 * std::fabs(x));
      return std::copysign(-m / (2 + m), x);
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return std::tanh(x);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_tanh(y, x, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(-1) && y <= T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::odd;
    // long double: glibc's tanhl is 2.71 ULPs off on x87 (2.14 where long double is double);
    // on x87, activ's own evaluation (detail/tanh_extended.hpp) is within 0.72 in a random search.
    static constexpr error_bounds error{1.0, 1.0, 1.0, 3.0, 1.0};
    // Under FE_UPWARD and FE_DOWNWARD the AVX2 double kernel moves by 2 ULPs from its
    // round-to-nearest result near |x| = 0.1 (x = −0x1.951b079ac02edp−4, −0x1.f7450307f956ap−4;
    // 2^21 sampled inputs, ACTIV_ISA=avx2_fma); the AVX-512 and scalar paths by 1, the default.
    static constexpr double directed_rounding_avx2_double = 2.0;
  };

  struct derivative : without_turning_points {
    // tanh′(x) = sech² x.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::fabs(x) > saturated<R>) return R(0);
      const R sech = R(1) / std::cosh(x);
      return sech * sech;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T t = std::tanh(x);
      return T(1) - t * t;
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_sech(y, x, MPFR_RNDN);
      mpfr_sqr(y, y, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::even;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(1)},
            {-T(0), -T(0), T(1)},
            {limits::infinity(), T(1), T(0)},
            {-limits::infinity(), T(-1), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct relu_row : without_parameters<activ::relu> {
  static constexpr std::string_view name = "relu";
  static constexpr bool backward_selects = true;

  struct forward : without_turning_points {
    template <class R, class F>
    static R reference(R x, const F&) {
      return x > 0 ? x : (x <= 0 ? R(0) : x);
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x > 0 ? x : T(0);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        mpfr_set_zero(y, 1);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && !std::signbit(y);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  struct derivative : without_turning_points {
    // relu′(0) = 0, as PyTorch.
    template <class R, class F>
    static R reference(R x, const F&) {
      return x > 0 ? R(1) : (x <= 0 ? R(0) : x);
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x > 0 ? T(1) : T(0);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_set_ui(y, mpfr_sgn(x) > 0 ? 1 : 0, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y == T(0) || y == T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  using from_output = derivative_at_output<derivative>;

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(0)},
            {-T(0), T(0), T(0)},
            {T(-2), T(0), T(0)},
            {limits::denorm_min(), limits::denorm_min(), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct leaky_relu_row {
  static constexpr std::string_view name = "leaky_relu";
  static constexpr bool backward_selects = false;

  template <class T>
  using functor = activ::leaky_relu<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{T(0.01)}, functor<T>{T(0.2)}};
  }
  template <class T>
  static functor<T> make(T alpha, T) {
    return functor<T>{alpha};
  }

  struct forward {
    // α·x is exact in R: a product of two values of the type under test fits.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R alpha = wide<R>(f.alpha());
      if (x > 0) return x;
      if (!(alpha < 0) && !(alpha > 0) && x < 0) return -alpha;  // α = ±0: the limit, not 0·∞
      return alpha * x;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? x : f.alpha() * x;
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        mpfr::set_exact(y, f.alpha());
        mpfr_mul(y, y, x, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T, const F&) {
      return true;
    }
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {};  // every configuration has α > 0
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.5, 0.5, 0.5, 0.5};
  };

  struct derivative : without_turning_points {
    // leaky′(0) = α, as PyTorch.
    template <class R, class F>
    static R reference(R x, const F& f) {
      return x > 0 ? R(1) : (x <= 0 ? wide<R>(f.alpha()) : x);
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? T(1) : f.alpha();
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
      } else {
        mpfr::set_exact(y, f.alpha());
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      return y == T(1) || y == f.alpha();
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  using from_output = derivative_at_output<derivative>;

  template <class T>
  static std::vector<special<T>> specials(const functor<T>& f) {
    using limits = std::numeric_limits<T>;
    const T alpha = f.alpha();
    return {{T(0), T(0), alpha},
            {-T(0), -T(0), alpha},
            {T(1), T(1), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -limits::infinity(), alpha},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct elu_row {
  static constexpr std::string_view name = "elu";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      if (mpfr_sgn(y) > 0) {
        mpfr_set_ui(d, 1, MPFR_RNDN);
      } else {
        mpfr::set_exact(d, f.alpha());  // α·e^x = y + α
        mpfr_add(d, d, y, MPFR_RNDN);
      }
    }
#endif
  };
  template <class T>
  using functor = activ::elu<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{T(1)}, functor<T>{T(0.5)}};
  }
  template <class T>
  static functor<T> make(T alpha, T) {
    return functor<T>{alpha};
  }

  struct forward : without_turning_points {
    // e^x − 1 = 2t/(1 − t) with t = tanh(x/2), 1 − t ∈ [1, 2] for x ≤ 0.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R alpha = wide<R>(f.alpha());
      if (x > 0) return x;
      if (x < -saturated<R>) return -alpha;
      const R t = std::tanh(x / 2);
      return alpha * (2 * t / (1 - t));
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? x : f.alpha() * (std::exp(x) - T(1));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        mpfr::mp alpha;
        mpfr::set_exact(alpha.get(), f.alpha());
        mpfr_expm1(y, x, MPFR_RNDN);
        mpfr_mul(y, y, alpha.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      return y >= -f.alpha();
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 2.0};
  };

  struct derivative : without_turning_points {
    // e^x = 1/e^−x; elu′(0) = α, as PyTorch.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R alpha = wide<R>(f.alpha());
      if (x < -saturated<R>) return R(0);
      return x > 0 ? R(1) : alpha / std::exp(-x);
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? T(1) : f.alpha() * std::exp(x);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
      } else {
        mpfr::mp alpha;
        mpfr::set_exact(alpha.get(), f.alpha());
        mpfr_exp(y, x, MPFR_RNDN);
        mpfr_mul(y, y, alpha.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      return y >= T(0) && y <= (f.alpha() > T(1) ? f.alpha() : T(1));
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>& f) {
    using limits = std::numeric_limits<T>;
    const T alpha = f.alpha();
    return {{T(0), T(0), alpha},
            {-T(0), -T(0), alpha},
            {T(2.5), T(2.5), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -alpha, T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

// PyTorch's SELU constants, as decimals (the function's definition) and as R: long double
// literals, rounded once to R.
namespace selu_constants {
inline constexpr const char* alpha_text = "1.6732632423543772848170429916717";
inline constexpr const char* scale_text = "1.0507009873554804934193349852946";
template <class R>
constexpr R scale = static_cast<R>(1.0507009873554804934193349852946L);
template <class R>
constexpr R product = static_cast<R>(1.75809934084737685994021752081231934L);  // scale·α
// The bound of selu's range and selu′'s, scale·α, rounded away from 0: under a directed rounding
// the results may reach it (the nearest R lies below scale·α for float and double).
template <class T>
constexpr T product_outward() {
  return away_from_zero(product<T>);
}
#if defined(ACTIV_TEST_HAS_MPFR)
// scale and scale·α at reference precision.
inline void set_scale(mpfr_ptr y) { mpfr_set_str(y, scale_text, 10, MPFR_RNDN); }
inline void set_product(mpfr_ptr y) {
  mpfr::mp alpha;
  mpfr_set_str(alpha.get(), alpha_text, 10, MPFR_RNDN);
  mpfr_set_str(y, scale_text, 10, MPFR_RNDN);
  mpfr_mul(y, y, alpha.get(), MPFR_RNDN);
}
#endif
}  // namespace selu_constants

struct selu_row : without_parameters<activ::selu> {
  static constexpr std::string_view name = "selu";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F&) {
      if (mpfr_sgn(y) > 0) {
        selu_constants::set_scale(d);
      } else {
        selu_constants::set_product(d);  // scale·α·e^x = y + scale·α, and never below 0 (a
        mpfr_add(d, d, y, MPFR_RNDN);    // y below −scale·α, rounded past it, gives 0)
        if (mpfr_sgn(d) < 0) mpfr_set_zero(d, 1);
      }
    }
#endif
  };

  struct forward : without_turning_points {
    // e^x − 1 = 2t/(1 − t) with t = tanh(x/2), as for elu.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > 0) return selu_constants::scale<R> * x;
      if (x < -saturated<R>) return -selu_constants::product<R>;
      const R t = std::tanh(x / 2);
      return selu_constants::product<R> * (2 * t / (1 - t));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T scale = T(1.0507009873554804934193349852946L);
      const T alpha = T(1.6732632423543772848170429916717L);
      return x > 0 ? scale * x : scale * alpha * (std::exp(x) - T(1));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr::mp factor;
      if (mpfr_sgn(x) > 0) {
        selu_constants::set_scale(factor.get());
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        selu_constants::set_product(factor.get());
        mpfr_expm1(y, x, MPFR_RNDN);
      }
      mpfr_mul(y, y, factor.get(), MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= -selu_constants::product_outward<T>();
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 3.0};  // long double: glibc's expm1l
    // Under a directed rounding mode the double kernel's products with the constants' low parts
    // round away from 0 where the result is subnormal (x·scale_lo below 2^−1074): 3 ULP from its
    // round-to-nearest result there.
    static constexpr error_bounds directed_rounding{1.0, 1.0, 3.0, 4.0};
  };

  struct derivative : without_turning_points {
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > 0) return selu_constants::scale<R>;
      if (x < -saturated<R>) return R(0);
      return selu_constants::product<R> / std::exp(-x);
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T scale = T(1.0507009873554804934193349852946L);
      const T alpha = T(1.6732632423543772848170429916717L);
      return x > 0 ? scale : scale * alpha * std::exp(x);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_sgn(x) > 0) {
        selu_constants::set_scale(y);
      } else {
        mpfr::mp factor;
        selu_constants::set_product(factor.get());
        mpfr_exp(y, x, MPFR_RNDN);
        mpfr_mul(y, y, factor.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= selu_constants::product_outward<T>();
    }
    static constexpr bool monotone = false;  // jumps down from scale·α to scale at 0
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    const T product = selu_constants::product<T>;
    const T scale = selu_constants::scale<T>;
    return {{T(0), T(0), product},
            {-T(0), -T(0), product},
            {T(2), T(2) * scale, scale},  // 2·scale: exact, a power of two times T's scale
            {limits::infinity(), limits::infinity(), scale},
            {-limits::infinity(), -product, T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct celu_row {
  static constexpr std::string_view name = "celu";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      if (mpfr_sgn(y) > 0) {
        mpfr_set_ui(d, 1, MPFR_RNDN);
      } else {
        mpfr::mp alpha;
        mpfr::set_exact(alpha.get(), f.alpha());  // e^(x/α) = y/α + 1
        mpfr_div(d, y, alpha.get(), MPFR_RNDN);
        mpfr_add_ui(d, d, 1, MPFR_RNDN);
      }
    }
#endif
  };
  template <class T>
  using functor = activ::celu<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{T(1)}, functor<T>{T(0.5)}};
  }
  template <class T>
  static functor<T> make(T alpha, T) {
    return functor<T>{alpha};
  }

  struct forward : without_turning_points {
    // e^z − 1 = 2t/(1 − t) with t = tanh(z/2), z = x/α.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R alpha = wide<R>(f.alpha());
      if (x > 0) return x;
      const R z = x / alpha;
      if (z < -saturated<R>) return -alpha;
      const R t = std::tanh(z / 2);
      return alpha * (2 * t / (1 - t));
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? x : f.alpha() * (std::exp(x / f.alpha()) - T(1));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        mpfr::mp alpha;
        mpfr::set_exact(alpha.get(), f.alpha());
        mpfr_div(y, x, alpha.get(), MPFR_RNDN);
        mpfr_expm1(y, y, MPFR_RNDN);
        mpfr_mul(y, y, alpha.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      return y >= -f.alpha();
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 2.0};
  };

  struct derivative : without_turning_points {
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R alpha = wide<R>(f.alpha());
      if (x > 0) return R(1);
      const R z = x / alpha;
      if (z < -saturated<R>) return R(0);
      return R(1) / std::exp(-z);
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > 0 ? T(1) : std::exp(x / f.alpha());
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_sgn(x) > 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
      } else {
        mpfr::mp alpha;
        mpfr::set_exact(alpha.get(), f.alpha());
        mpfr_div(y, x, alpha.get(), MPFR_RNDN);
        mpfr_exp(y, y, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = true;  // e^(x/α) rises to 1 at 0 and stays there
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>& f) {
    using limits = std::numeric_limits<T>;
    const T alpha = f.alpha();
    return {{T(0), T(0), T(1)},
            {-T(0), -T(0), T(1)},
            {T(2.5), T(2.5), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -alpha, T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

// silu: x₀, the zero of silu′ (silu's minimum), to 2^−160, and E₀ = e^x₀ = −1 − x₀; the turning
// points of silu′, ±2.3993572805154677 (x·tanh(x/2) = 2); the bounds of both ranges, rounded
// outward.
namespace silu_constants {
inline constexpr long double root_hi = -0x1.474973c84120bp+0L;
inline constexpr long double root_lo = -0x1.f8d74bc9ac154p-54L;
inline constexpr long double root_lo2 = -0x1.44a50180ba780p-108L;
inline constexpr double slope_turning_point = 2.3993572805154676678;
inline constexpr double lowest = -0.27846454276107379511;         // silu(x₀)
inline constexpr double lowest_slope = -0.099839320128866916958;  // silu′(−2.39935…)
inline constexpr double highest_slope = 1.0998393201288669170;    // silu′(2.39935…)
}  // namespace silu_constants

struct silu_row : without_parameters<activ::silu> {
  static constexpr std::string_view name = "silu";
  static constexpr bool backward_selects = false;

  struct forward {
    // x/(1 + e^−x) for x ≥ 0, x·e^x/(1 + e^x) below, in long double.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > saturated<R>) return x;
      if (x < -saturated<R>) return -R(0);
      const auto w = static_cast<long double>(x);
      if (w >= 0) return static_cast<R>(w / (1 + std::exp(-w)));
      const long double e = std::exp(w);
      return static_cast<R>(w * e / (1 + e));
    }
    // Near 0, silu(x) = x/2 + x²/4 + O(x⁴): where the reference is x/2 itself, the exact value
    // lies above it (the exhaustive sweep's tie rule).
    template <class F>
    static int tie_side(float x, double y, const F&) {
      const double half = 0.5 * static_cast<double>(x);
      return std::fabs(x) < 0x1p-60F && !(y < half) && !(y > half) ? 1 : 0;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x / (T(1) + std::exp(-x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x) != 0) {  // +∞ and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set(y, x, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp e;  // x/(1 + e^−x)
      mpfr_neg(e.get(), x, MPFR_RNDN);
      mpfr_exp(e.get(), e.get(), MPFR_RNDN);
      mpfr_add_ui(e.get(), e.get(), 1, MPFR_RNDN);
      mpfr_div(y, x, e.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {static_cast<double>(silu_constants::root_hi)};
    }
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= outward<T>(silu_constants::lowest);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 3.0};  // long double: x·expl(x)
    // Under a directed rounding mode long double carries glibc's expl and the products' directed
    // roundings: up to 5 ULP from its round-to-nearest result (measured).
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 6.0};
  };

  struct derivative {
    // σ(x)·(1 + x·σ(−x)) in long double, but near x₀, where 1 + x·σ(−x) vanishes, σ(x)·(1 + x +
    // e^x)/(1 + e^x) with 1 + x + e^x = d + E₀·(e^d − 1), d = x − x₀, E₀ = −1 − x₀: an identity
    // (E₀ = e^x₀), in which nothing cancels.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > saturated<R>) return R(1);
      if (x < -saturated<R>) return -R(0);
      const auto w = static_cast<long double>(x);
      const long double sigma = w >= 0 ? 1 / (1 + std::exp(-w)) : std::exp(w) / (1 + std::exp(w));
      const long double d =
          ((w - silu_constants::root_hi) - silu_constants::root_lo) - silu_constants::root_lo2;
      if (std::fabs(d) < 0.25L) {
        const long double root_exp = -1 - (silu_constants::root_hi + silu_constants::root_lo);
        return static_cast<R>(sigma * (d + root_exp * std::expm1(d)) / (1 + std::exp(w)));
      }
      return static_cast<R>(sigma * (1 + w * (1 - sigma)));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T sigma = T(1) / (T(1) + std::exp(-x));
      return sigma * (T(1) + x * (T(1) - sigma));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x) != 0) {  // 1 and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set_ui(y, 1, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp sigma;  // σ(x)·(1 + x·(1 − σ(x)))
      mpfr::mp t;
      mpfr_neg(t.get(), x, MPFR_RNDN);
      mpfr_exp(t.get(), t.get(), MPFR_RNDN);
      mpfr_add_ui(t.get(), t.get(), 1, MPFR_RNDN);
      mpfr_ui_div(sigma.get(), 1, t.get(), MPFR_RNDN);
      mpfr_ui_sub(t.get(), 1, sigma.get(), MPFR_RNDN);
      mpfr_mul(t.get(), t.get(), x, MPFR_RNDN);
      mpfr_add_ui(t.get(), t.get(), 1, MPFR_RNDN);
      mpfr_mul(y, sigma.get(), t.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {-silu_constants::slope_turning_point, silu_constants::slope_turning_point};
    }
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= outward<T>(silu_constants::lowest_slope) &&
             y <= outward<T>(silu_constants::highest_slope);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 4.0};
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 8.0};  // as the forward: 7
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(0.5)},
            {-T(0), -T(0), T(0.5)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -T(0), -T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

// softplus: β·x in R with its rounding error (a fused multiply-add, exact), which the long double
// reference for double results must not lose: e^t's relative error would be |t|·2^−64.
template <class R>
struct scaled_argument {
  R hi;
  R lo;
};
template <class R, class T>
scaled_argument<R> scaled(R x, T beta) {
  const R b = wide<R>(beta);
  const R hi = b * x;
  return {hi, std::isfinite(hi) ? std::fma(b, x, -hi) : R(0)};
}

struct softplus_row {
  static constexpr std::string_view name = "softplus";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      mpfr::mp beta;  // σ(βx) = 1 − e^(−βy)
      mpfr::set_exact(beta.get(), f.beta());
      mpfr_mul(d, y, beta.get(), MPFR_RNDN);
      mpfr_neg(d, d, MPFR_RNDN);
      mpfr_expm1(d, d, MPFR_RNDN);
      mpfr_neg(d, d, MPFR_RNDN);
    }
#endif
  };
  template <class T>
  using functor = activ::softplus<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{T(1)}, functor<T>{T(10)}};
  }
  template <class T>
  static functor<T> make(T beta, T) {
    return functor<T>{beta};
  }

  struct forward : without_turning_points {
    // max(t, 0) + log(1 + u) with u = e^−|t|, the logarithm as 2·atanh(u/(2 + u)), over β.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const auto [t, t_error] = scaled(x, f.beta());
      if (t > saturated<R>) return x;
      if (t < -saturated<R> * 4) return R(0);
      const R u = std::exp(-std::fabs(t)) * (1 + (t > 0 ? -t_error : t_error));
      const R tail = 2 * std::atanh(u / (2 + u)) / wide<R>(f.beta());
      return t > 0 ? x + tail : tail;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return std::log(T(1) + std::exp(f.beta() * x)) / f.beta();
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_inf_p(x) != 0) {  // +∞ and +0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set(y, x, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, 1);
        }
        return;
      }
      mpfr::mp beta;  // max(x, 0) + log1p(e^−|βx|)/β
      mpfr::mp t;
      mpfr::set_exact(beta.get(), f.beta());
      mpfr_mul(t.get(), x, beta.get(), MPFR_RNDN);
      mpfr_abs(t.get(), t.get(), MPFR_RNDN);
      mpfr_neg(t.get(), t.get(), MPFR_RNDN);
      mpfr_exp(t.get(), t.get(), MPFR_RNDN);
      mpfr_log1p(t.get(), t.get(), MPFR_RNDN);
      mpfr_div(t.get(), t.get(), beta.get(), MPFR_RNDN);
      if (mpfr_sgn(x) > 0) {
        mpfr_add(y, x, t.get(), MPFR_RNDN);
      } else {
        mpfr_set(y, t.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 6.0};  // long double: glibc's log1pl
    // Under a directed rounding mode long double carries the directed roundings of glibc's expl
    // and log1pl, of the division by β and of x + the tail: up to 7 ULP from its round-to-nearest
    // result (measured, β = 10).
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 8.0};
  };

  struct derivative : without_turning_points {
    // σ(t) = 1/(1 + e^−t), with t's rounding error δ as σ(t)·(1 − σ(t))·δ.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const auto [t, t_error] = scaled(x, f.beta());
      if (std::fabs(t) > saturated<R>) return t > 0 ? R(1) : R(0);
      const R s = R(1) / (R(1) + std::exp(-t));
      return s + s * (1 - s) * t_error;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return T(1) / (T(1) + std::exp(-f.beta() * x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      mpfr::mp beta;
      mpfr::set_exact(beta.get(), f.beta());
      mpfr_mul(y, x, beta.get(), MPFR_RNDN);
      mpfr_neg(y, y, MPFR_RNDN);
      mpfr_exp(y, y, MPFR_RNDN);
      mpfr_add_ui(y, y, 1, MPFR_RNDN);
      mpfr_ui_div(y, 1, y, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::logistic;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 2.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>& f) {
    using limits = std::numeric_limits<T>;
    const T log2_over_beta = static_cast<T>(0.693147180559945309417232121458176568L /
                                            static_cast<long double>(f.beta()));
    return {{T(0), log2_over_beta, T(0.5)},
            {-T(0), log2_over_beta, T(0.5)},
            {T(100), T(100), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct log_sigmoid_row : without_parameters<activ::log_sigmoid> {
  static constexpr std::string_view name = "log_sigmoid";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      (void)f;
      mpfr_expm1(d, y, MPFR_RNDN);  // σ(−x) = 1 − e^y
      mpfr_neg(d, d, MPFR_RNDN);
    }
#endif
  };

  struct forward : without_turning_points {
    // min(x, 0) − log(1 + u) with u = e^−|x|, the logarithm as 2·atanh(u/(2 + u)).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > saturated<R>) return -R(0);
      if (x < -saturated<R>) return x;
      const R u = std::exp(-std::fabs(x));
      return (x < 0 ? x : R(0)) - 2 * std::atanh(u / (2 + u));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return std::log(T(1) / (T(1) + std::exp(-x)));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x) != 0) {  // −0 and −∞, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set_zero(y, -1);
        } else {
          mpfr_set(y, x, MPFR_RNDN);
        }
        return;
      }
      mpfr::mp t;  // min(x, 0) − log1p(e^−|x|)
      mpfr_abs(t.get(), x, MPFR_RNDN);
      mpfr_neg(t.get(), t.get(), MPFR_RNDN);
      mpfr_exp(t.get(), t.get(), MPFR_RNDN);
      mpfr_log1p(t.get(), t.get(), MPFR_RNDN);
      if (mpfr_sgn(x) < 0) {
        mpfr_sub(y, x, t.get(), MPFR_RNDN);
      } else {
        mpfr_neg(y, t.get(), MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y <= T(0);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 6.0};  // long double: glibc's log1pl
    // Under a directed rounding mode long double carries the directed roundings of glibc's expl
    // and log1pl and of x − the tail: up to 5 ULP from its round-to-nearest result (measured).
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 6.0};
  };

  struct derivative : without_turning_points {
    // σ(−x) = 1/(1 + e^x).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::fabs(x) > saturated<R>) return x > 0 ? R(0) : R(1);
      return R(1) / (R(1) + std::exp(x));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return T(1) / (T(1) + std::exp(x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_exp(y, x, MPFR_RNDN);
      mpfr_add_ui(y, y, 1, MPFR_RNDN);
      mpfr_ui_div(y, 1, y, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = false;  // σ(−x) falls
    static constexpr symmetry shape = symmetry::logistic;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 2.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    const T minus_log2 = static_cast<T>(-0.693147180559945309417232121458176568L);
    return {{T(0), minus_log2, T(0.5)},
            {-T(0), minus_log2, T(0.5)},
            {T(-100), T(-100), T(1)},
            {limits::infinity(), -T(0), T(0)},
            {-limits::infinity(), -limits::infinity(), T(1)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

// gelu and mish: their roots, constants and the bounds of their ranges (docs/constants.py), and
// what their references share. Each reference is its function's definition evaluated in R with
// the arguments of exp and erfc carried as exact pairs (std::fma), so that their rounding is not
// magnified (by x² in erfc(−x/√2) and e^(−x²/2), by |w| in e^w); near the zero of a derivative,
// where its closed form cancels, the derivative is the integral of the second derivative from the
// zero, whose integrand keeps one sign there.
namespace smooth_reference {
template <class R>
struct pair {
  R hi;
  R lo;
};
template <class R>
pair<R> product(R a, R b) {
  const R p = a * b;
  return {p, std::fma(a, b, -p)};
}
// c0 + c1 + c2 (three doubles) as hi + lo in R.
template <class R>
pair<R> constant(const double (&c)[3]) {
  const R hi = R(c[0]) + R(c[1]);
  return {hi, ((R(c[0]) - hi) + R(c[1])) + R(c[2])};
}
template <class R>
R minus(R x, const double (&c)[3]) {
  return ((x - R(c[0])) - R(c[1])) - R(c[2]);
}
// e^(hi + lo) = e^hi·(1 + lo).
template <class R>
R exp_of(pair<R> t) {
  const R e = std::exp(t.hi);
  return e + e * t.lo;
}
// ∫ f from a to a + d, Gauss–Legendre with 8 nodes on each half: for the integrands here (entire,
// over |d| ≤ ½) within 2^−70 relatively.
template <class R, class F>
R integral(F f, R a, R d) {
  constexpr long double node[] = {0.1834346424956498049394761L, 0.5255324099163289858177390L,
                                  0.7966664774136267395915539L, 0.9602898564975362316835609L};
  constexpr long double weight[] = {0.3626837833783619829651504L, 0.3137066458778872873379622L,
                                    0.2223810344533744705443560L, 0.1012285362903762591525314L};
  const R h = d / 4;  // half of each half
  R sum = 0;
  for (const R centre : {a + h, a + 3 * h}) {
    for (int i = 3; i >= 0; --i) {
      sum += R(weight[i]) * (f(centre - h * R(node[i])) + f(centre + h * R(node[i])));
    }
  }
  return sum * h;
}

// Φ(x) = erfc(u)/2 with u = −x/√2 as a pair: erfc(u + δ) = erfc(u) − δ·(2/√π)·e^(−u²).
inline constexpr double minus_inverse_sqrt2[] = {-0x1.6a09e667f3bcdp-1, 0x1.bdd3413b26456p-55,
                                                 -0x1.57d3e3adec175p-109};
template <class R>
R normal_cdf(R x) {
  const pair<R> k = constant<R>(minus_inverse_sqrt2);
  // For x ≥ 0, erfc(u) ∈ [1, 2] moves by at most half the relative error of u: no correction.
  if (x >= 0) return std::erfc(x * k.hi) / 2;
  const pair<R> u = product(x, k.hi);
  const R delta = u.lo + x * k.lo;
  return (std::erfc(u.hi) -
          delta * R(1.12837916709551257389615890312154517L) * std::exp(-(u.hi * u.hi))) /
         2;
}
// φ(x) = e^(−x²/2)/√(2π), x² as a pair.
template <class R>
R normal_density(R x) {
  const pair<R> s = product(x, x);
  return exp_of(pair<R>{-s.hi / 2, -s.lo / 2}) * R(0.398942280401432677939946059934381868L);
}

// gelu's tanh form: w = x·(A + B·x²), A = 2√(2/π), B = 2·0.044715·√(2/π), as a pair.
inline constexpr double tanh_a[] = {0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54,
                                    -0x1.c7402c7d60cfbp-110};
inline constexpr double tanh_b[] = {0x1.2444f2a4d8b4bp-4, -0x1.6c843a29d1c70p-61,
                                    -0x1.e59a5ef3f43e4p-115};
template <class R>
pair<R> tanh_argument(R x) {
  const pair<R> a = constant<R>(tanh_a);
  const pair<R> b = constant<R>(tanh_b);
  const pair<R> s = product(x, x);
  pair<R> bs = product(b.hi, s.hi);
  bs.lo += b.hi * s.lo + b.lo * s.hi;
  const R m = a.hi + bs.hi;  // its rounding error recovered exactly (Knuth's two-sum)
  const R bs_share = m - a.hi;
  const R m_lo = ((a.hi - (m - bs_share)) + (bs.hi - bs_share)) + a.lo + bs.lo;
  pair<R> w = product(x, m);
  w.lo += x * m_lo;
  return w;
}
// σ(w) and σ(w)·σ(−w) for a pair w.
template <class R>
R logistic(pair<R> w) {
  if (w.hi >= 0) return 1 / (1 + exp_of(pair<R>{-w.hi, -w.lo}));
  const R e = exp_of(w);
  return e / (1 + e);
}
template <class R>
R logistic_slope(pair<R> w) {
  const R e = exp_of(w.hi > 0 ? pair<R>{-w.hi, -w.lo} : w);
  return e / ((1 + e) * (1 + e));
}
// The tanh form's second derivative: σ′(w)·(2w′ + x·(1 − 2σ(w))·w′² + x·w″), w′ = A + 3B·x²,
// w″ = 6B·x.
template <class R>
R tanh_form_second(R x) {
  const pair<R> w = tanh_argument(x);
  const R a = R(tanh_a[0]) + R(tanh_a[1]);
  const R b = R(tanh_b[0]) + R(tanh_b[1]);
  const R w1 = a + 3 * b * x * x;
  return logistic_slope(w) * (2 * w1 + x * (1 - 2 * logistic(w)) * w1 * w1 + 6 * b * x * x);
}

// The roots of the derivatives (the minima of gelu, its tanh form and mish), the turning points
// of the derivatives, and the bounds of the ranges.
inline constexpr double gelu_root[] = {-0x1.80ead197f00b4p-1, 0x1.13e74c58cada8p-56,
                                       0x1.65d4b5b9cdd03p-111};
inline constexpr double gelu_tanh_root[] = {-0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55,
                                            -0x1.a649fca8ac0e5p-109};
inline constexpr double mish_root[] = {-0x1.31432c0d12d84p+0, -0x1.bf319154da210p-55,
                                       -0x1.3b82ea8c1efc4p-109};
inline constexpr double sqrt2 = 1.4142135623730950488;  // gelu′'s turning points
inline constexpr double gelu_tanh_slope_turning = 1.4185040087908284;
inline constexpr double mish_slope_turning[] = {-2.2563763963607931, 1.4905711794854285};
inline constexpr double gelu_lowest = -0.16997120747990366;
inline constexpr double gelu_slope_range[] = {-0.12890414518515479, 1.1289041451851548};
inline constexpr double gelu_tanh_lowest = -0.17004075057125405;
inline constexpr double gelu_tanh_slope_range[] = {-0.12899306865877177, 1.1289930686587718};
inline constexpr double mish_lowest = -0.30884341301725041;
inline constexpr double mish_slope_range[] = {-0.11252612238946256, 1.0884981612517279};

// mish′′ = (1 − T²)·σ·(2 + x·((1 − σ) − 2T·σ)), T = tanh(softplus(x)).
template <class R>
R softplus(R x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
#if defined(ACTIV_TEST_HAS_MPFR)
// erfc(u) at y's precision. MPFR's mpfr_erfc takes up to a millisecond for u between 5 and 40
// (0.4 ms at 10, 1 ms at 21, at 256 bits); there Laplace's continued fraction erfc(u) =
// e^(−u²)/√π / (u + (1/2)/(u + 1/(u + (3/2)/(u + …)))), evaluated from 2000/u + 20 terms inward
// with 32 guard bits, gives the same 256 bits (checked against mpfr_erfc from 5 to 100) in 10 to
// 60 µs.
inline void set_erfc(mpfr_ptr y, mpfr_srcptr u) {
  const double ud = mpfr_get_d(u, MPFR_RNDN);
  if (!(ud >= 5 && ud <= 40)) {
    mpfr_erfc(y, u, MPFR_RNDN);
    return;
  }
  const mpfr_prec_t bits = mpfr_get_prec(y) + 32;
  mpfr_t t;
  mpfr_t k;
  mpfr_init2(t, bits);
  mpfr_init2(k, bits);
  mpfr_set(t, u, MPFR_RNDN);
  for (long i = static_cast<long>(2000 / ud) + 20; i >= 1; --i) {
    mpfr_set_si(k, i, MPFR_RNDN);
    mpfr_div_ui(k, k, 2, MPFR_RNDN);
    mpfr_div(k, k, t, MPFR_RNDN);
    mpfr_add(t, u, k, MPFR_RNDN);
  }
  mpfr_sqr(k, u, MPFR_RNDN);
  mpfr_neg(k, k, MPFR_RNDN);
  mpfr_exp(k, k, MPFR_RNDN);
  mpfr_div(k, k, t, MPFR_RNDN);
  mpfr_const_pi(t, MPFR_RNDN);
  mpfr_sqrt(t, t, MPFR_RNDN);
  mpfr_div(y, k, t, MPFR_RNDN);
  mpfr_clear(t);
  mpfr_clear(k);
}
#endif

template <class R>
R mish_second(R x) {
  const R sp = softplus(x);
  const R t = std::tanh(sp);
  const R c = std::cosh(sp);
  const R s = 1 / (1 + std::exp(-x));
  return s / (c * c) * (2 + x * ((1 - s) - 2 * t * s));
}
}  // namespace smooth_reference

struct gelu_row {
  static constexpr std::string_view name = "gelu";
  static constexpr bool backward_selects = false;
  template <class T>
  using functor = activ::gelu<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{}, functor<T>{activ::gelu_approximation::tanh}};
  }
  // The fuzzer's raw parameter: the tanh form where it is positive.
  template <class T>
  static functor<T> make(T a, T) {
    return functor<T>{a > T(0) ? activ::gelu_approximation::tanh : activ::gelu_approximation::none};
  }
  // approximate as a number (0 none, 1 tanh), and the configuration as PyTorch writes it.
  template <class T>
  static std::array<T, 1> parameters(const functor<T>& f) {
    return {T(f.approximate() == activ::gelu_approximation::tanh ? 1 : 0)};
  }
  template <class T>
  static std::string describe(const functor<T>& f) {
    return f.approximate() == activ::gelu_approximation::tanh ? "gelu(approximate='tanh')" : "gelu";
  }
  template <class F>
  static bool tanh_form(const F& f) {
    return f.approximate() == activ::gelu_approximation::tanh;
  }

  struct forward {
    // erf: x·Φ(x). tanh: x·σ(w), for x ≥ 0 as (x/2)·(1 + tanh(w/2)).
    template <class R, class F>
    static R reference(R x, const F& f) {
      namespace s = smooth_reference;
      if (x > saturated<R>) return x;
      if (x < -saturated<R> / 5) return -R(0);  // below e^(−800) (double), e^(−12800)
      if (!tanh_form(f)) return x * s::normal_cdf(x);
      const s::pair<R> w = s::tanh_argument(x);
      if (x >= 0) {
        const R t = std::tanh(w.hi / 2);
        return x / 2 * (1 + t + (1 - t * t) * (w.lo / 2));
      }
      const R e = s::exp_of(w);
      return x * e / (1 + e);
    }
    // Near 0 both forms are x/2 + x²/√(2π) + O(x⁴): where the reference is x/2 itself, the exact
    // value lies above it (the exhaustive sweep's tie rule).
    template <class F>
    static int tie_side(float x, double y, const F&) {
      const double half = 0.5 * static_cast<double>(x);
      return std::fabs(x) < 0x1p-60F && !(y < half) && !(y > half) ? 1 : 0;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      if (!tanh_form(f)) return x / T(2) * std::erfc(-x / std::sqrt(T(2)));
      const T c = std::sqrt(T(2) / T(3.14159265358979323846));
      return T(0.5) * x * (T(1) + std::tanh(c * (x + T(0.044715) * x * x * x)));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_inf_p(x) != 0) {  // +∞ and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set(y, x, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp t;
      if (!tanh_form(f)) {  // (x/2)·erfc(−x/√2)
        mpfr_sqrt_ui(t.get(), 2, MPFR_RNDN);
        mpfr_div(t.get(), x, t.get(), MPFR_RNDN);
        mpfr_neg(t.get(), t.get(), MPFR_RNDN);
        smooth_reference::set_erfc(t.get(), t.get());
        mpfr_mul(y, x, t.get(), MPFR_RNDN);
        mpfr_div_ui(y, y, 2, MPFR_RNDN);
        return;
      }
      set_tanh_argument(t.get(), x);  // x·σ(w) = x/(1 + e^−w)
      mpfr_neg(t.get(), t.get(), MPFR_RNDN);
      mpfr_exp(t.get(), t.get(), MPFR_RNDN);
      mpfr_add_ui(t.get(), t.get(), 1, MPFR_RNDN);
      mpfr_div(y, x, t.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F& f) {
      namespace s = smooth_reference;
      return {tanh_form(f) ? s::gelu_tanh_root[0] : s::gelu_root[0]};
    }
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      namespace s = smooth_reference;
      return y >= outward<T>(tanh_form(f) ? s::gelu_tanh_lowest : s::gelu_lowest);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 4.0};
    // Under a directed rounding mode long double carries the directed roundings of glibc's erfcl
    // and expl and of the products: up to 7 ULP from its round-to-nearest result (measured).
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 8.0};
    // Under -ffast-math the exact products that carry −x/√2's rounding into erfc fold away:
    // double 1.09 ULP, long double 24,618 (2^−49.4) measured (tests/fast_math.cpp).
    static constexpr error_bounds fast_math_error{1.0, 1.0, 1.2, 32768.0};
  };

  struct derivative {
    // erf: Φ(x) + x·φ(x); tanh: σ(w) + x·σ′(w)·w′. Within ½ of the root, the integral of the
    // second derivative from it: φ(t)·(2 − t²), or the tanh form's.
    template <class R, class F>
    static R reference(R x, const F& f) {
      namespace s = smooth_reference;
      if (x > saturated<R>) return R(1);
      if (x < -saturated<R> / 5) return -R(0);
      const double(&root)[3] = tanh_form(f) ? s::gelu_tanh_root : s::gelu_root;
      const R d = s::minus(x, root);
      if (std::fabs(d) < R(0.5)) {
        const R start = R(root[0]) + R(root[1]);
        if (tanh_form(f)) return s::integral([](R t) { return s::tanh_form_second(t); }, start, d);
        return s::integral([](R t) { return s::normal_density(t) * (2 - t * t); }, start, d);
      }
      R slope = 0;
      if (!tanh_form(f)) {
        slope = s::normal_cdf(x) + x * s::normal_density(x);
      } else {
        const s::pair<R> w = s::tanh_argument(x);
        const R a = R(s::tanh_a[0]) + R(s::tanh_a[1]);
        const R b = R(s::tanh_b[0]) + R(s::tanh_b[1]);
        slope = s::logistic(w) + x * s::logistic_slope(w) * (a + 3 * b * x * x);
      }
      // Below the root the slope is negative: where both terms have underflowed, −0.
      return x < 0 && !(slope < 0) && !(slope > 0) ? -R(0) : slope;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      if (!tanh_form(f)) {
        const T phi = std::exp(-x * x / T(2)) / std::sqrt(T(2) * T(3.14159265358979323846));
        return std::erfc(-x / std::sqrt(T(2))) / T(2) + x * phi;
      }
      const T c = std::sqrt(T(2) / T(3.14159265358979323846));
      const T t = std::tanh(c * (x + T(0.044715) * x * x * x));
      return T(0.5) * (T(1) + t) +
             T(0.5) * x * (T(1) - t * t) * c * (T(1) + T(3) * T(0.044715) * x * x);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      if (mpfr_inf_p(x) != 0) {  // 1 and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set_ui(y, 1, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp t;
      mpfr::mp u;
      if (!tanh_form(f)) {  // erfc(−x/√2)/2 + x·e^(−x²/2)/√(2π)
        mpfr_sqrt_ui(t.get(), 2, MPFR_RNDN);
        mpfr_div(t.get(), x, t.get(), MPFR_RNDN);
        mpfr_neg(t.get(), t.get(), MPFR_RNDN);
        smooth_reference::set_erfc(t.get(), t.get());
        mpfr_div_ui(t.get(), t.get(), 2, MPFR_RNDN);
        mpfr_sqr(u.get(), x, MPFR_RNDN);
        mpfr_div_ui(u.get(), u.get(), 2, MPFR_RNDN);
        mpfr_neg(u.get(), u.get(), MPFR_RNDN);
        mpfr_exp(u.get(), u.get(), MPFR_RNDN);
        mpfr_mul(u.get(), u.get(), x, MPFR_RNDN);
        mpfr::mp pi;
        mpfr_const_pi(pi.get(), MPFR_RNDN);
        mpfr_mul_ui(pi.get(), pi.get(), 2, MPFR_RNDN);
        mpfr_sqrt(pi.get(), pi.get(), MPFR_RNDN);
        mpfr_div(u.get(), u.get(), pi.get(), MPFR_RNDN);
        mpfr_add(y, t.get(), u.get(), MPFR_RNDN);
        return;
      }
      // σ(w)·(1 + x·(1 − σ(w))·w′), w′ = √(2/π)·(2 + 6·0.044715·x²)
      set_tanh_argument(t.get(), x);
      mpfr_neg(t.get(), t.get(), MPFR_RNDN);
      mpfr_exp(t.get(), t.get(), MPFR_RNDN);
      mpfr_add_ui(t.get(), t.get(), 1, MPFR_RNDN);
      mpfr_ui_div(t.get(), 1, t.get(), MPFR_RNDN);  // σ(w)
      mpfr::mp slope;
      mpfr_set_str(slope.get(), "0.26829", 10, MPFR_RNDN);  // 6·0.044715
      mpfr_mul(slope.get(), slope.get(), x, MPFR_RNDN);
      mpfr_mul(slope.get(), slope.get(), x, MPFR_RNDN);
      mpfr_add_ui(slope.get(), slope.get(), 2, MPFR_RNDN);
      mpfr_const_pi(u.get(), MPFR_RNDN);
      mpfr_ui_div(u.get(), 2, u.get(), MPFR_RNDN);
      mpfr_sqrt(u.get(), u.get(), MPFR_RNDN);
      mpfr_mul(slope.get(), slope.get(), u.get(), MPFR_RNDN);  // w′
      mpfr_ui_sub(u.get(), 1, t.get(), MPFR_RNDN);
      mpfr_mul(u.get(), u.get(), x, MPFR_RNDN);
      mpfr_mul(u.get(), u.get(), slope.get(), MPFR_RNDN);
      mpfr_add_ui(u.get(), u.get(), 1, MPFR_RNDN);
      mpfr_mul(y, t.get(), u.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F& f) {
      namespace s = smooth_reference;
      const double t = tanh_form(f) ? s::gelu_tanh_slope_turning : s::sqrt2;
      return {-t, t};
    }
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      namespace s = smooth_reference;
      const double(&range)[2] = tanh_form(f) ? s::gelu_tanh_slope_range : s::gelu_slope_range;
      return y >= outward<T>(range[0]) && y <= outward<T>(range[1]);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 8.0};
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 16.0};   // measured: 15
    static constexpr error_bounds fast_math_error{1.0, 1.0, 2.0, 32768.0};  // as the forward
  };

#if defined(ACTIV_TEST_HAS_MPFR)
  // w = √(2/π)·(2x + 2·0.044715·x³), the decimal taken exactly.
  static void set_tanh_argument(mpfr_ptr w, mpfr_srcptr x) {
    mpfr::mp c;
    mpfr_set_str(c.get(), "0.08943", 10, MPFR_RNDN);
    mpfr_mul(c.get(), c.get(), x, MPFR_RNDN);
    mpfr_mul(c.get(), c.get(), x, MPFR_RNDN);
    mpfr_add_ui(c.get(), c.get(), 2, MPFR_RNDN);
    mpfr_mul(w, c.get(), x, MPFR_RNDN);
    mpfr_const_pi(c.get(), MPFR_RNDN);
    mpfr_ui_div(c.get(), 2, c.get(), MPFR_RNDN);
    mpfr_sqrt(c.get(), c.get(), MPFR_RNDN);
    mpfr_mul(w, w, c.get(), MPFR_RNDN);
  }
#endif

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(0.5)},
            {-T(0), -T(0), T(0.5)},
            {T(100), T(100), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -T(0), -T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct mish_row : without_parameters<activ::mish> {
  static constexpr std::string_view name = "mish";
  static constexpr bool backward_selects = false;

  struct forward {
    // x·tanh(softplus(x)).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > saturated<R>) return x;
      if (x < -saturated<R> * 4) return -R(0);
      return x * std::tanh(smooth_reference::softplus(x));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x * std::tanh(std::log(T(1) + std::exp(x)));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x) != 0) {  // +∞ and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set(y, x, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp t;
      set_tanh_softplus(t.get(), x);
      mpfr_mul(y, x, t.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {smooth_reference::mish_root[0]};
    }
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= outward<T>(smooth_reference::mish_lowest);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 1.0, 4.0};
    // Under a directed rounding mode long double carries glibc's expl, tanh's pair quotient and
    // the product's directed roundings: up to 5 ULP from its round-to-nearest result (measured).
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 6.0};
  };

  struct derivative {
    // T + x·σ(x)·(1 − T²), T = tanh(softplus(x)), 1 − T² as 1/cosh²; within ½ of the root, the
    // integral of mish″ from it.
    template <class R, class F>
    static R reference(R x, const F&) {
      namespace s = smooth_reference;
      if (x > saturated<R>) return R(1);
      if (x < -saturated<R> * 4) return -R(0);
      const R d = s::minus(x, s::mish_root);
      if (std::fabs(d) < R(0.5)) {
        return s::integral([](R t) { return s::mish_second(t); },
                           R(s::mish_root[0]) + R(s::mish_root[1]), d);
      }
      const R sp = s::softplus(x);
      const R c = std::cosh(sp);
      const R sigma = x < 0 ? std::exp(x) / (1 + std::exp(x)) : 1 / (1 + std::exp(-x));
      const R slope = std::tanh(sp) + x * sigma / (c * c);
      return x < 0 && !(slope < 0) && !(slope > 0) ? -R(0) : slope;  // as gelu's
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T t = std::tanh(std::log(T(1) + std::exp(x)));
      return t + x * (T(1) - t * t) / (T(1) + std::exp(-x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x) != 0) {  // 1 and −0, the limits
        if (mpfr_sgn(x) > 0) {
          mpfr_set_ui(y, 1, MPFR_RNDN);
        } else {
          mpfr_set_zero(y, -1);
        }
        return;
      }
      mpfr::mp t;  // T + x·σ(x)·(1 − T²)
      mpfr::mp u;
      set_tanh_softplus(t.get(), x);
      mpfr_sqr(u.get(), t.get(), MPFR_RNDN);
      mpfr_ui_sub(u.get(), 1, u.get(), MPFR_RNDN);
      mpfr_mul(u.get(), u.get(), x, MPFR_RNDN);
      mpfr::mp s;
      mpfr_neg(s.get(), x, MPFR_RNDN);
      mpfr_exp(s.get(), s.get(), MPFR_RNDN);
      mpfr_add_ui(s.get(), s.get(), 1, MPFR_RNDN);
      mpfr_div(u.get(), u.get(), s.get(), MPFR_RNDN);
      mpfr_add(y, t.get(), u.get(), MPFR_RNDN);
    }
#endif
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {smooth_reference::mish_slope_turning[0], smooth_reference::mish_slope_turning[1]};
    }
    template <class T, class F>
    static bool in_range(T y, const F&) {
      namespace s = smooth_reference;
      return y >= outward<T>(s::mish_slope_range[0]) && y <= outward<T>(s::mish_slope_range[1]);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 1.0, 2.0, 8.0};
    static constexpr error_bounds directed_rounding{1.0, 1.0, 1.0, 14.0};  // measured: 12
  };

#if defined(ACTIV_TEST_HAS_MPFR)
  // tanh(log1p(e^x)).
  static void set_tanh_softplus(mpfr_ptr t, mpfr_srcptr x) {
    mpfr_exp(t, x, MPFR_RNDN);
    mpfr_log1p(t, t, MPFR_RNDN);
    mpfr_tanh(t, t, MPFR_RNDN);
  }
#endif

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    const T three_fifths = static_cast<T>(0.6L);  // tanh(log 2)
    return {{T(0), T(0), three_fifths},
            {-T(0), -T(0), three_fifths},
            {T(100), T(100), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), -T(0), -T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct hardtanh_row {
  static constexpr std::string_view name = "hardtanh";
  static constexpr bool backward_selects = true;

  template <class T>
  using functor = activ::hardtanh<T>;
  template <class T>
  static std::vector<functor<T>> configurations() {
    return {functor<T>{}, functor<T>{T(-2), T(0.5)}};
  }
  template <class T>
  static functor<T> make(T min_val, T max_val) {
    return functor<T>{min_val, max_val};
  }

  struct forward : without_turning_points {
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R low = wide<R>(f.min_val()), high = wide<R>(f.max_val());
      if (x < low) return low;
      return x > high ? high : x;  // x itself inside, ±0 and NaN included
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return std::min(std::max(x, f.min_val()), f.max_val());
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      mpfr::mp bound;
      mpfr::set_exact(bound.get(), f.min_val());
      if (mpfr_less_p(x, bound.get())) {
        mpfr_set(y, bound.get(), MPFR_RNDN);
        return;
      }
      mpfr::set_exact(bound.get(), f.max_val());
      mpfr_set(y, mpfr_greater_p(x, bound.get()) ? bound.get() : x, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F& f) {
      return y >= f.min_val() && y <= f.max_val();
    }
    static constexpr bool monotone = true;
    // Odd only where min_val = −max_val, which not every configuration has.
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  struct derivative {
    // 1 strictly between the bounds, 0 elsewhere and at both bounds, as PyTorch.
    template <class R, class F>
    static R reference(R x, const F& f) {
      const R low = wide<R>(f.min_val()), high = wide<R>(f.max_val());
      if (x > low && x < high) return R(1);
      return x <= low || x >= high ? R(0) : x;
    }
    template <class T, class F>
    static T textbook(T x, const F& f) {
      return x > f.min_val() && x < f.max_val() ? T(1) : T(0);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F& f) {
      mpfr::mp low, high;
      mpfr::set_exact(low.get(), f.min_val());
      mpfr::set_exact(high.get(), f.max_val());
      const bool inside = mpfr_greater_p(x, low.get()) && mpfr_less_p(x, high.get());
      mpfr_set_ui(y, inside ? 1 : 0, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y == T(0) || y == T(1);
    }
    // 0, 1, 0 from left to right: monotone on each half-line where the bounds straddle 0 (or one
    // is 0); where both lie on one side, that half-line rises and falls, cut at max_val.
    template <class F>
    static std::vector<double> turning_points(const F& f) {
      const auto low = static_cast<double>(f.min_val()), high = static_cast<double>(f.max_val());
      if (low > 0 || high < 0) return {high};
      return {};
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  using from_output = derivative_at_output<derivative>;

  template <class T>
  static std::vector<special<T>> specials(const functor<T>& f) {
    using limits = std::numeric_limits<T>;
    const T low = f.min_val(), high = f.max_val();
    // Every configuration has min_val < 0 < max_val: ±0 lie inside.
    return {{T(0), T(0), T(1)},
            {-T(0), -T(0), T(1)},
            {low, low, T(0)},
            {high, high, T(0)},
            {low * 2, low, T(0)},
            {high * 2, high, T(0)},
            {limits::infinity(), high, T(0)},
            {-limits::infinity(), low, T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct relu6_row : without_parameters<activ::relu6> {
  static constexpr std::string_view name = "relu6";
  static constexpr bool backward_selects = true;

  struct forward : without_turning_points {
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x < 0) return R(0);
      return x > 6 ? R(6) : x;  // x itself inside, ±0 and NaN included
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return std::min(std::max(x, T(0)), T(6));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_sgn(x) < 0) {
        mpfr_set_zero(y, 1);
      } else if (mpfr_cmp_ui(x, 6) > 0) {
        mpfr_set_ui(y, 6, MPFR_RNDN);
      } else {
        mpfr_set(y, x, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(6);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  struct derivative : without_turning_points {
    // 1 on (0, 6), 0 elsewhere and at 0 and 6, as PyTorch: on x > 0 it only falls (at 6), on
    // x < 0 it is 0, so neither half-line needs a cut.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > 0 && x < 6) return R(1);
      return x <= 0 || x >= 6 ? R(0) : x;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x > T(0) && x < T(6) ? T(1) : T(0);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_set_ui(y, mpfr_sgn(x) > 0 && mpfr_cmp_ui(x, 6) < 0 ? 1 : 0, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y == T(0) || y == T(1);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.0, 0.0, 0.0, 0.0};
  };

  using from_output = derivative_at_output<derivative>;

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(0)},
            {-T(0), -T(0), T(0)},
            {T(6), T(6), T(0)},
            {T(3), T(3), T(1)},
            {T(-1), T(0), T(0)},
            {T(7), T(6), T(0)},
            {limits::denorm_min(), limits::denorm_min(), T(1)},
            {limits::infinity(), T(6), T(0)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct hardsigmoid_row : without_parameters<activ::hardsigmoid> {
  static constexpr std::string_view name = "hardsigmoid";
  static constexpr bool backward_selects = true;

  struct from_output {
    static constexpr bool same_as_from_input = true;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      (void)f;
      if (mpfr_sgn(y) > 0 && mpfr_cmp_ui(y, 1) < 0) {
        mpfr_set_ui(d, 1, MPFR_RNDN);
        mpfr_div_ui(d, d, 6, MPFR_RNDN);
      } else {
        mpfr_set_ui(d, 0, MPFR_RNDN);
      }
    }
#endif
  };

  struct forward : without_turning_points {
    // (x + 3)/6 on (−3, 3): x + 3 and the division round once each, relatively (near x = −3 the
    // sum is exact).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x <= -3) return R(0);
      if (x >= 3) return R(1);
      return (x + 3) / 6;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_cmp_si(x, -3) <= 0) {
        mpfr_set_zero(y, 1);
      } else if (mpfr_cmp_ui(x, 3) >= 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
      } else {
        mpfr_add_ui(y, x, 3, MPFR_RNDN);
        mpfr_div_ui(y, y, 6, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::logistic;
    static constexpr error_bounds error{0.5, 0.51, 1.0, 0.5};
  };

  struct derivative : without_turning_points {
    // 1/6 on (−3, 3), 0 elsewhere and at ±3, as PyTorch.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x > -3 && x < 3) return R(1) / 6;
      return x <= -3 || x >= 3 ? R(0) : x;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x > T(-3) && x < T(3) ? T(1) / T(6) : T(0);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_cmp_si(x, -3) > 0 && mpfr_cmp_ui(x, 3) < 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
        mpfr_div_ui(y, y, 6, MPFR_RNDN);
      } else {
        mpfr_set_zero(y, 1);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y == T(0) || y == T(1) / T(6);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::even;
    static constexpr error_bounds error{0.5, 0.5, 0.5, 0.5};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    const T sixth = T(1) / T(6);
    return {{T(0), T(0.5), sixth},
            {-T(0), T(0.5), sixth},
            {T(3), T(1), T(0)},
            {T(-3), T(0), T(0)},
            {T(1.5), T(0.75), sixth},
            {limits::infinity(), T(1), T(0)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct hardswish_row : without_parameters<activ::hardswish> {
  static constexpr std::string_view name = "hardswish";
  static constexpr bool backward_selects = true;

  struct forward {
    // x·(x + 3)/6 on (−3, 3): three roundings, each relative (a product, a quotient, and a sum of
    // exact operands), so no cancellation; ±0 keep their sign.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x <= -3) return R(0);
      if (x >= 3) return x;
      return x * (x + 3) / 6;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_cmp_si(x, -3) <= 0) {
        mpfr_set_zero(y, 1);
      } else if (mpfr_cmp_ui(x, 3) >= 0) {
        mpfr_set(y, x, MPFR_RNDN);
      } else {
        mpfr_add_ui(y, x, 3, MPFR_RNDN);
        mpfr_mul(y, y, x, MPFR_RNDN);
        mpfr_div_ui(y, y, 6, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(-0.375);
    }
    // Falls from 0 at −3 to its minimum −3/8 at −1.5, then rises.
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {-1.5};
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{1.0, 0.51, 1.0, 0.5};
    // Under a directed rounding mode the double kernel's pairs lose their exactness where the
    // result is subnormal (|x| near 2^−1022): 3 ULP from its round-to-nearest result.
    static constexpr error_bounds directed_rounding{1.0, 1.0, 3.0, 4.0};
  };

  struct derivative {
    // (2x + 3)/6 on (−3, 3), 0 for x ≤ −3 and 1 for x ≥ 3, as PyTorch: 2x is exact and the sum
    // and the quotient round once each, relatively (x/3 + 1/2 would cancel near x = −1.5).
    template <class R, class F>
    static R reference(R x, const F&) {
      if (x <= -3) return R(0);
      if (x >= 3) return R(1);
      return (2 * x + 3) / 6;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      if (x <= T(-3)) return T(0);
      return x >= T(3) ? T(1) : x / T(3) + T(0.5);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_cmp_si(x, -3) <= 0) {
        mpfr_set_zero(y, 1);
      } else if (mpfr_cmp_ui(x, 3) >= 0) {
        mpfr_set_ui(y, 1, MPFR_RNDN);
      } else {
        mpfr_mul_2ui(y, x, 1, MPFR_RNDN);
        mpfr_add_ui(y, y, 3, MPFR_RNDN);
        mpfr_div_ui(y, y, 6, MPFR_RNDN);
      }
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(-0.5) && y <= T(1.5);
    }
    // Jumps from 0 down to −½ at −3, rises to 3/2 just below 3, and drops to 1 there.
    template <class F>
    static std::vector<double> turning_points(const F&) {
      return {-3.0, 3.0};
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::none;
    static constexpr error_bounds error{0.5, 0.51, 1.0, 0.5};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(0.5)},
            {-T(0), -T(0), T(0.5)},
            {T(-3), T(0), T(0)},
            {T(3), T(3), T(1)},
            {T(-1.5), T(-0.375), T(0)},
            {T(-4), T(0), T(0)},
            {T(4), T(4), T(1)},
            {limits::infinity(), limits::infinity(), T(1)},
            {-limits::infinity(), T(0), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

struct softsign_row : without_parameters<activ::softsign> {
  static constexpr std::string_view name = "softsign";
  static constexpr bool backward_selects = false;

  struct from_output {
    static constexpr bool same_as_from_input = false;
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr d, mpfr_srcptr y, const F& f) {
      (void)f;
      mpfr_abs(d, y, MPFR_RNDN);  // (1 − |y|)²
      mpfr_ui_sub(d, 1, d, MPFR_RNDN);
      mpfr_sqr(d, d, MPFR_RNDN);
    }
#endif
  };

  struct forward : without_turning_points {
    // x/(1 + |x|): two relative roundings; the limit ±1 at ±∞ instead of ∞/∞.
    template <class R, class F>
    static R reference(R x, const F&) {
      if (std::isinf(x)) return std::copysign(R(1), x);
      return x / (1 + std::fabs(x));
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      return x / (T(1) + std::fabs(x));
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      if (mpfr_inf_p(x)) {
        mpfr_set_si(y, mpfr_sgn(x), MPFR_RNDN);
        return;
      }
      mpfr::mp denominator;
      mpfr_abs(denominator.get(), x, MPFR_RNDN);
      mpfr_add_ui(denominator.get(), denominator.get(), 1, MPFR_RNDN);
      mpfr_div(y, x, denominator.get(), MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(-1) && y <= T(1);
    }
    static constexpr bool monotone = true;
    static constexpr symmetry shape = symmetry::odd;
    static constexpr error_bounds error{1.0, 0.51, 1.0, 0.5};
  };

  struct derivative : without_turning_points {
    // t² with t = 1/(1 + |x|): three relative roundings, and no (1 + |x|)² to overflow where R
    // is no wider than the type under test.
    template <class R, class F>
    static R reference(R x, const F&) {
      const R t = 1 / (1 + std::fabs(x));
      return t * t;
    }
    template <class T, class F>
    static T textbook(T x, const F&) {
      const T d = T(1) + std::fabs(x);
      return T(1) / (d * d);
    }
#if defined(ACTIV_TEST_HAS_MPFR)
    template <class F>
    static void exact(mpfr_ptr y, mpfr_srcptr x, const F&) {
      mpfr_abs(y, x, MPFR_RNDN);
      mpfr_add_ui(y, y, 1, MPFR_RNDN);
      mpfr_sqr(y, y, MPFR_RNDN);
      mpfr_ui_div(y, 1, y, MPFR_RNDN);
    }
#endif
    template <class T, class F>
    static bool in_range(T y, const F&) {
      return y >= T(0) && y <= T(1);
    }
    static constexpr bool monotone = false;
    static constexpr symmetry shape = symmetry::even;
    static constexpr error_bounds error{1.0, 0.51, 1.0, 0.5};
    // Under a directed rounding mode the double kernel's reciprocal pair loses its exactness where
    // the result nears the subnormals (|x| near 2^510): 2 ULP from its round-to-nearest result.
    static constexpr error_bounds directed_rounding{1.0, 1.0, 2.0, 6.0};
  };

  template <class T>
  static std::vector<special<T>> specials(const functor<T>&) {
    using limits = std::numeric_limits<T>;
    return {{T(0), T(0), T(1)},
            {-T(0), -T(0), T(1)},
            {T(1), T(0.5), T(0.25)},
            {T(-1), T(-0.5), T(0.25)},
            {T(3), T(0.75), T(0.0625)},
            {limits::infinity(), T(1), T(0)},
            {-limits::infinity(), T(-1), T(0)},
            {limits::quiet_NaN(), limits::quiet_NaN(), limits::quiet_NaN()}};
  }
};

// ---------------------------------------------------------------------------------------------
// The registry.

template <class... Rows>
struct row_list {};

using all_rows = row_list<sigmoid_row, tanh_row, relu_row, leaky_relu_row, elu_row, selu_row,
                          celu_row, silu_row, gelu_row, mish_row, softplus_row, log_sigmoid_row,
                          hardtanh_row, relu6_row, hardsigmoid_row, hardswish_row, softsign_row>;

// Calls visit.template operator()<Row>() for every row, in order.
template <class Visit>
void for_each_row(Visit&& visit) {
  [&visit]<class... Rows>(row_list<Rows...>) {
    (visit.template operator()<Rows>(), ...);
  }(all_rows{});
}

// The row whose name is `name`, as visit.template operator()<Row>(); false if there is none.
template <class Visit>
bool visit_row(std::string_view name, Visit&& visit) {
  bool found = false;
  for_each_row([&]<class Row>() {
    if (!found && Row::name == name) {
      found = true;
      visit.template operator()<Row>();
    }
  });
  return found;
}

}  // namespace activ_test
