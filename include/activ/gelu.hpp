#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <concepts>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace activ {

/// The two functions PyTorch calls GELU, chosen by its `approximate` argument.
enum class gelu_approximation {
  none,  ///< x·Φ(x), with the normal distribution's Φ (PyTorch's default)
  tanh,  ///< (x/2)·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
};

/// Gaussian error linear unit (GELU), PyTorch's GELU(approximate='none') and ('tanh').
///
///     approximate none (the default)
///     forward     gelu(x)  = x·Φ(x) = (x/2)·erfc(−x/√2)             range [−0.16997…, +∞]
///     derivative  gelu′(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)  range [−0.12890…, 1.12890…]
///     approximate tanh
///     forward     (x/2)·(1 + tanh(√(2/π)·(x + 0.044715·x³)))        range [−0.17004…, +∞]
///     derivative  its exact derivative                              range [−0.12899…, 1.12899…]
///     both forms
///     backward    g·gelu′(x), the exact product rounded once
///     from output none: gelu takes each value in (−0.17, 0) at two inputs with different slopes,
///                 so derivative_from_output and backward_from_output do not exist
///
/// The tanh form is a function in its own right, with 0.044715 taken as the exact decimal; activ
/// computes it to the last bit, as it computes the erf form. PyTorch evaluates it as written:
/// 1 + tanh(u) cancels for x below about −5 and its float result is 0 (or NaN at −∞) where the
/// true value is a normal float down to x ≈ −10. activ evaluates 1 + tanh(u) = 2σ(2u) instead.
///
/// How each is computed, so that nothing cancels or loses its last bits:
/// - erf form: −x/√2 is carried with its rounding error, which erfc would otherwise magnify by up
///   to 2x² (200 at float's underflow, x ≈ −14.2). gelu′ vanishes at x₀ = −0.75179…, the minimum
///   of gelu, where Φ + x·φ cancels: for x from −1.25 to −0.5 it is (x − x₀)·q(x − x₀), with x₀ to
///   160 bits and q a polynomial (docs/constants.py). Below x = −140 (long double only) gelu and
///   gelu′ are φ(x) times the asymptotic series of Φ(x)/φ(x), with φ formed so that its one
///   rounding into the subnormals is the last operation.
/// - tanh form: the function is x·σ(w) with w = x·(A + B·x²), A = 2√(2/π), B = 0.08943·√(2/π), and
///   w is carried as a pair (e^w magnifies its error by |w|, 100 at float's underflow). The
///   derivative for x < 0 is e·h/(1 + e)², e = e^w, where h, which vanishes at the minimum x₀ =
///   −0.75246…, is written as E₀·expm1(d·(A + B·q)) + d·(A + 3B·q), d = x − x₀, q = x² + x·x₀ +
///   x₀², E₀ = e^w(x₀): an identity in which both terms have the sign of d.
///
/// Special values, both forms: NaN → NaN; gelu(+∞) = +∞, gelu(−∞) = −0 (x·Φ(x) approaches 0
/// from below), gelu(±0) = ±0; gelu′(+∞) = 1, gelu′(−∞) = −0, gelu′(±0) = 1/2. For x → −∞ the
/// results keep their relative accuracy into the subnormals.
///
/// Needs erfc (found by argument-dependent lookup, or in std) beyond what activ::real asks for.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off); double arrays, the
/// other iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded, both forms' forward and derivative, all 2^32 inputs
///                  arrays, on all 2^32 inputs, every kernel:
///                  none: forward 0.503  derivative 0.502;  tanh: forward 0.501  derivative 0.502
///     double       none: forward 0.501  derivative 0.501;  tanh: forward 0.501  derivative 0.502
///                  (x86: evaluated in x87 long double)
///     long double  none: forward 3.36   derivative 4.08;   tanh: forward 2.72   derivative 6.58
///                  (glibc's erfcl and expl)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
requires detail::adl::has_erfc<T>
class gelu : public detail::elementwise<gelu<T>, T> {
  using base = detail::elementwise<gelu<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "gelu";
  using base::backward;
  using base::derivative;
  using base::forward;

  constexpr gelu() noexcept(detail::nothrow_real<T>) = default;

  /// The form, PyTorch's approximate: none or tanh; any other value throws std::invalid_argument.
  constexpr explicit gelu(gelu_approximation approximate) : approximate_(approximate) {
    if (approximate != gelu_approximation::none && approximate != gelu_approximation::tanh) {
      throw std::invalid_argument("activ::gelu: approximate must be none or tanh");
    }
  }

  /// Which of the two functions this is.
  [[nodiscard]] constexpr gelu_approximation approximate() const noexcept { return approximate_; }

  /// gelu(x) in the chosen form.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real_erfc<T>) {
    if (detail::is_zero(x)) return x;  // ±0, whose sign x·Φ(x) keeps but x·σ(w) need not
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, both forms are x/2 + x²/√(2π) + O(x⁴): x/2 is exact in double and, unless it is a
      // midpoint between two floats (x an odd subnormal), far closer to its float than the x²
      // term could move it; at a midpoint that positive term breaks the tie upward: toward x for
      // x > 0, toward 0 for x < 0.
      if (detail::magnitude(x) < 0x1p-30F) {
        const double v = static_cast<double>(x);
        return detail::round_ties_toward(0.5 * v, x > 0 ? v : 0.0);
      }
    }
    return detail::evaluate_rounded(x, [form = approximate_](auto w) -> decltype(w) {
      return form == gelu_approximation::none ? erf_value(w) : tanh_value(w);
    });
  }

  /// gelu′(x) in the chosen form.
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real_erfc<T>) {
    return detail::evaluate_rounded(x, [form = approximate_](auto w) -> decltype(w) {
      return form == gelu_approximation::none ? erf_slope<T>(w) : tanh_slope<T>(w);
    });
  }

  /// g·gelu′(x) rounded once. gelu′(x) ≠ 0 at every finite x (its zero x₀ is irrational): an
  /// infinite g gives ±∞ there, with the slope's sign, even where the slope underflows in the
  /// working type.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real_erfc<T>) {
    if (!(x > T(0)) && !(x <= T(0))) return x;  // NaN
    if (detail::is_finite(x) && !detail::is_finite(g) && (g < T(0) || g > T(0))) {
      return below_root(x) ? -g : g;
    }
    if constexpr (std::is_same_v<T, float>) {
      // Near 0, g·gelu′(x) = g/2 + g·x·√(2/π) + O(g·x³) in both forms: its ties at odd
      // subnormal g.
      if (detail::magnitude(x) < 0x1p-30F) {
        return detail::half_plus_linear_times(x, g, 0x1.9884533d43651p-1);
      }
    }
    return detail::times_slope(x, g, false, [form = approximate_](auto w) -> decltype(w) {
      using W = decltype(w);
      return form == gelu_approximation::none ? erf_slope<W>(w) : tanh_slope<W>(w);
    });
  }

 private:
  // A long double constant in W (a user type gets it as the sum of two doubles, 106 bits).
  template <class W>
  static constexpr W constant(long double c) noexcept(detail::nothrow_real<W>) {
    if constexpr (std::floating_point<W>) {
      return static_cast<W>(c);
    } else {
      const auto hi = static_cast<double>(c);
      return W(hi) + W(static_cast<double>(c - static_cast<long double>(hi)));
    }
  }
  template <class W>
  static constexpr W constant(const double (&c)[3]) noexcept(detail::nothrow_real<W>) {
    return detail::constant<W>(c[0], c[1], c[2]);
  }

  // Whether W is a standard type of at most 64 bits, where the tails below x = −140 use their
  // asymptotic series (accurate to 2^−70 there); other types evaluate the closed forms everywhere.
  template <class W>
  static constexpr bool has_short_tail =
      std::floating_point<W>&& std::numeric_limits<W>::digits <= 64;

  // Whether x is below −1000, where e^(−x²/2) < e^(−500000) lies below the range of every type
  // with an IEEE exponent (up to quadruple precision); x² may overflow there (and under a
  // directed rounding need not become ∞). Types without numeric_limits evaluate on.
  template <class W>
  static constexpr bool far_below(const W& x) noexcept(detail::nothrow_real<W>) {
    if constexpr (std::numeric_limits<W>::is_specialized &&
                  std::numeric_limits<W>::max_exponent <= 16384) {
      return x < W(-1000);
    } else {
      return false;
    }
  }

  // x < x₀ for the form's x₀ (where gelu′ < 0), exact for float and double x.
  constexpr bool below_root(const T& x) const noexcept(detail::nothrow_real<T>) {
    using W = detail::working_t<T>;
    const W w = static_cast<W>(x);
    return approximate_ == gelu_approximation::none
               ? detail::minus_constant(w, erf_root[0], erf_root[1], erf_root[2]) < W(0)
               : detail::minus_constant(w, tanh_root[0], tanh_root[1], tanh_root[2]) < W(0);
  }

  // ---- the erf form --------------------------------------------------------------------------

  // x₀, the zero of gelu′, and −1/√2, 1/√(2π), 2/√π, each as three doubles (docs/constants.py).
  static constexpr double erf_root[3] = {-0x1.80ead197f00b4p-1, 0x1.13e74c58cada8p-56,
                                         0x1.65d4b5b9cdd03p-111};
  static constexpr double minus_inverse_sqrt2[3] = {-0x1.6a09e667f3bcdp-1, 0x1.bdd3413b26456p-55,
                                                    -0x1.57d3e3adec175p-109};
  static constexpr double inverse_sqrt_2pi[3] = {0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56,
                                                 -0x1.c7402c7d60cfbp-112};
  static constexpr double two_over_sqrt_pi = 0x1.20dd750429b6dp+0;

  // Φ(x) = erfc(−x/√2)/2. For x ≥ 0, erfc of a non-positive argument lies in [1, 2] and its
  // argument's rounding moves it by at most half its own relative error. For x < 0 the rounding
  // error δ of u = −x/√2 is carried: erfc(u + δ) = erfc(u) − δ·(2/√π)·e^(−u²), to δ² (the
  // argument's exact product is formed where W has error-free transformations).
  template <class W>
  static constexpr W normal_cdf(W x) noexcept(detail::nothrow_real_erfc<W>) {
    const detail::word_pair<W> k = detail::constant_pair<W>(
        minus_inverse_sqrt2[0], minus_inverse_sqrt2[1], minus_inverse_sqrt2[2]);
    if constexpr (detail::has_error_free_transforms<W>) {
      if (x < W(0)) {
        const detail::word_pair<W> u = detail::two_product(x, k.hi);
        const W error = u.lo + x * k.lo;
        const W tail = detail::adl::call_erfc(u.hi) -
                       error * W(two_over_sqrt_pi) * detail::adl::call_exp(-(u.hi * u.hi));
        return tail / W(2);
      }
    }
    return detail::adl::call_erfc(x * k.hi) / W(2);
  }

  // φ(x) = e^(−x²/2)/√(2π) for |x| ≤ 140, with x² exact as a pair where W allows: its rounding
  // would be magnified by x²/2.
  template <class W>
  static constexpr W normal_density(W x) noexcept(detail::nothrow_real<W>) {
    if constexpr (detail::has_error_free_transforms<W>) {
      const detail::word_pair<W> s = detail::two_product(x, x);
      const W e = detail::adl::call_exp(-s.hi / W(2));
      return (e - e * (s.lo / W(2))) * constant<W>(inverse_sqrt_2pi);
    } else {
      return detail::adl::call_exp(-(x * x) / W(2)) * constant<W>(inverse_sqrt_2pi);
    }
  }

  // For x < −140: φ(x) times m, and S = x·Φ(x)/(−φ(x)) = 1 − 1/x² + 3/x⁴ − 15/x⁶ + …, the
  // asymptotic series, whose first omitted term is below 2^−72 there. φ(x)·m is formed as
  // (m·e^(−x²/4)/√(2π))·e^(−x²/4), with x² exact, so that a subnormal result is rounded once.
  template <class W>
  static constexpr W tail_series(W x) noexcept {
    const W t = W(1) / (x * x);
    return W(1) +
           t * (W(-1) + t * (W(3) + t * (W(-15) + t * (W(105) + t * (W(-945) + t * W(10395))))));
  }
  template <class W>
  static constexpr W density_times(W x, W m) noexcept {
    const detail::word_pair<W> s = detail::two_product(x, x);
    const W quarter = detail::adl::call_exp(-s.hi / W(4));
    return ((m - m * (s.lo / W(2))) * constant<W>(inverse_sqrt_2pi) * quarter) * quarter;
  }

  // x·Φ(x). Past the underflow of e^(−x²/2) the result is −0 (x·0 would be NaN at −∞).
  template <class W>
  static constexpr W erf_value(W x) noexcept(detail::nothrow_real_erfc<W>) {
    if (x < W(0)) {
      if (far_below(x) || !detail::is_finite(x) || detail::exp_underflows<T>(x * x / W(2))) {
        return -W(0);
      }
      if constexpr (has_short_tail<W>) {
        if (x < W(-140)) return -density_times(x, tail_series(x));
      }
    }
    return x * normal_cdf(x);
  }

  // gelu′(x) in W, the result to be rounded to R: Φ(x) + x·φ(x), both positive for x ≥ 0 (and
  // from x = 40 on, 1 to far below any ULP); near x₀ (x − x₀)·q(x − x₀); below x = −140 (types
  // of up to 64 bits) φ(x)·(x − S/x).
  template <class R, class W>
  static constexpr W erf_slope(W x) noexcept(detail::nothrow_real_erfc<W>) {
    if (x > W(40)) return W(1);
    if (x < W(0)) {
      // |gelu′| < |x|·φ(x) ≤ e^(−(x²/2 − |x|)): below R's range past that exponent's underflow.
      if (far_below(x) || !detail::is_finite(x) || detail::exp_underflows<R>(x * x / W(2) + x)) {
        return -W(0);
      }
      if constexpr (has_short_tail<W>) {
        if (x < W(-140)) return density_times(x, x - tail_series(x) / x);
      }
      const W d = detail::minus_constant(x, erf_root[0], erf_root[1], erf_root[2]);
      if (d > W(-0.5) && d < W(0.25)) return d * slope_near_root(d);
      // Negative below x₀: −0 where both terms have underflowed (their sum would be +0).
      const W slope = normal_cdf(x) + x * normal_density(x);
      return detail::is_zero(slope) ? -W(0) : slope;
    }
    return normal_cdf(x) + x * normal_density(x);
  }

  // q(d) = gelu′(x₀ + d)/d for d ∈ [−½, ¼], the polynomial of degree 17 interpolating it at the
  // Chebyshev nodes of that interval, within 2^−70 relatively (docs/constants.py). Its terms
  // shrink fast enough that Horner's rule adds only a few roundings of W.
  template <class W>
  static constexpr W slope_near_root(W d) noexcept(detail::nothrow_real<W>) {
    constexpr long double q[] = {
        0xdcecc7d2d190abf0p-65L,  0xc6cd4a0ef1d62b5dp-65L,  -0x95177cddc32d707fp-69L,
        -0xe97d260be3f42215p-67L, -0xf20441227c7fdef1p-70L, 0x9f1a36f7a104c4dep-69L,
        0x94bdceb7fcb81ca9p-71L,  -0x92c536c2b7540d4ap-72L, -0xc3407ba69001ab3cp-74L,
        0xc36431ea9c1666aep-76L,  0xb4b084502d2dde4dp-77L,  -0xbc257a3fc4c05433p-80L,
        -0x81ff6c6f60a726b7p-80L, 0xe87b1e1f53f32ffep-85L,  0x9930efb1ce6a7414p-84L,
        -0x87278ac8ad90ef38p-92L, -0xa2d9363dcc171f2dp-88L, -0xa89b91df99f56f55p-91L,
    };
    W p = constant<W>(q[17]);
    for (int i = 16; i >= 0; --i) p = p * d + constant<W>(q[i]);
    return p;
  }

  // ---- the tanh form -------------------------------------------------------------------------

  // A = 2√(2/π), B = 0.08943·√(2/π), 3B, the zero x₀ of the derivative and E₀ = e^w(x₀), each as
  // three doubles (docs/constants.py).
  static constexpr double tanh_a[3] = {0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54,
                                       -0x1.c7402c7d60cfbp-110};
  static constexpr double tanh_b[3] = {0x1.2444f2a4d8b4bp-4, -0x1.6c843a29d1c70p-61,
                                       -0x1.e59a5ef3f43e4p-115};
  static constexpr double tanh_3b[3] = {0x1.b6676bf7450f0p-3, 0x1.bba7351828aabp-57,
                                        -0x1.6c33c736f72ebp-113};
  static constexpr double tanh_root[3] = {-0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55,
                                          -0x1.a649fca8ac0e5p-109};
  static constexpr double tanh_root_exp[3] = {0x1.2af64e9c485eep-2, -0x1.3ca470b477afcp-57,
                                              0x1.dcc492e06436ap-112};

  // w = x·(A + B·x²) = 2√(2/π)·(x + 0.044715·x³) as a pair, for |x| ≤ 40: x² exact, B·x² and
  // A + B·x² (both terms positive) and the product with x each to the pair's precision. Where W
  // has no error-free transformations, w itself.
  template <class W>
  static constexpr detail::word_pair<W> tanh_argument(W x) noexcept(detail::nothrow_real<W>) {
    const detail::word_pair<W> a = detail::constant_pair<W>(tanh_a[0], tanh_a[1], tanh_a[2]);
    const detail::word_pair<W> b = detail::constant_pair<W>(tanh_b[0], tanh_b[1], tanh_b[2]);
    if constexpr (detail::has_error_free_transforms<W>) {
      const detail::word_pair<W> s = detail::two_product(x, x);
      detail::word_pair<W> bs = detail::two_product(b.hi, s.hi);
      bs.lo += b.hi * s.lo + b.lo * s.hi;
      const detail::word_pair<W> m = detail::two_sum(a.hi, bs.hi);
      const W m_lo = m.lo + (a.lo + bs.lo);
      const detail::word_pair<W> w = detail::two_product(x, m.hi);
      return {w.hi, w.lo + x * m_lo};
    } else {
      return {x * (a.hi + b.hi * (x * x)), W(0)};
    }
  }

  // e^(hi + lo) = e^hi·(1 + lo), to lo².
  template <class W>
  static constexpr W exp_of(const detail::word_pair<W>& w) noexcept(detail::nothrow_real<W>) {
    const W e = detail::adl::call_exp(w.hi);
    return e + e * w.lo;
  }

  // x·σ(w): x/(1 + e^−w) for x ≥ 0, x·e^w/(1 + e^w) below, as silu. Beyond x = 40, σ(w) is 1 to
  // far below any ULP (w > 4000) and the result x. Below x = −1000, w < −7·10^7 and the result −0
  // in every standard type (the bound keeps x² in range for the pair). Where e^w nears the
  // subnormals (long double results only: the others have rounded to −0 by then),
  // (x·e^(w/2))·e^(w/2) rounds once into them.
  template <class W>
  static constexpr W tanh_value(W x) noexcept(detail::nothrow_real<W>) {
    if (!detail::is_finite(x)) return x < W(0) ? -W(0) : x;  // ±∞ and NaN
    if (x > W(40)) return x;
    if (far_below(x)) return -W(0);
    const detail::word_pair<W> w = tanh_argument(x);
    if (x >= W(0)) {
      return detail::quotient(x, detail::one_plus(exp_of(detail::word_pair<W>{-w.hi, -w.lo})));
    }
    if (detail::exp_underflows<T>(-w.hi - W(16))) return -W(0);  // |x|·e^w < e^(w + 16)
    if (w.hi < W(-11000)) {
      const W h = detail::adl::call_exp(w.hi / W(2));
      return ((x + x * w.lo) * h) * h;
    }
    const W e = exp_of(w);
    const W y = detail::quotient(x * e, detail::one_plus(e));
    return detail::is_zero(y) ? -W(0) : y;  // negative here; the quotient drops −0's sign
  }

  // The derivative of x·σ(w) in W, to be rounded to R: σ(w) + x·σ′(w)·w′ with w′ = A + 3B·x².
  // For x ≥ 0, with e = e^−w, (1 + e·(1 + x·w′))/(1 + e)², all terms positive. For x < 0, with e =
  // e^w, e·h/(1 + e)², h = 1 + e + x·w′ written as in the contract block; |h| < e^20 for x ≥
  // −1000, and h·e^(w/2)·e^(w/2) rounds once into the subnormals as in tanh_value.
  template <class R, class W>
  static constexpr W tanh_slope(W x) noexcept(detail::nothrow_real<W>) {
    if (!detail::is_finite(x)) return x < W(0) ? -W(0) : x > W(0) ? W(1) : x;
    if (x > W(40)) return W(1);
    if (far_below(x)) return -W(0);
    const detail::word_pair<W> w = tanh_argument(x);
    const W a = constant<W>(tanh_a);
    const W b3 = constant<W>(tanh_3b);
    if (x >= W(0)) {
      const W e = exp_of(detail::word_pair<W>{-w.hi, -w.lo});
      return detail::quotient(W(1) + e * (W(1) + x * (a + b3 * (x * x))),
                              detail::square(detail::one_plus(e)));
    }
    if (detail::exp_underflows<R>(-w.hi - W(20))) return -W(0);
    const W root = constant<W>(tanh_root);
    const W d = detail::minus_constant(x, tanh_root[0], tanh_root[1], tanh_root[2]);
    const W q = x * x + x * root + root * root;
    const W h =
        constant<W>(tanh_root_exp) * detail::adl::call_expm1(d * (a + constant<W>(tanh_b) * q)) +
        d * (a + b3 * q);
    if (w.hi < W(-11000)) {
      const W half = detail::adl::call_exp(w.hi / W(2));
      return ((h + h * w.lo) * half) * half;
    }
    const W e = exp_of(w);
    const W slope = detail::quotient(e * h, detail::square(detail::one_plus(e)));
    return detail::is_zero(slope) ? -W(0) : slope;  // negative here; the quotient drops −0's sign
  }

  gelu_approximation approximate_ = gelu_approximation::none;
};

}  // namespace activ
