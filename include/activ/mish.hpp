#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>

namespace activ {

/// Mish, a self-regularised smooth activation.
///
///     forward     mish(x)  = x·tanh(softplus(x)) = x·tanh(log(1 + e^x))  range [−0.30884…, +∞]
///     derivative  mish′(x) = tanh(softplus(x)) + x·σ(x)·(1 − tanh²(softplus(x)))
///                 range [−0.11253…, 1.08850…]
///     backward    g·mish′(x), the exact product rounded once
///     from output none: mish takes each value in (−0.309, 0) at two inputs with different slopes,
///                 so derivative_from_output and backward_from_output do not exist
///
/// With e = e^x, tanh(log(1 + e)) = n/(n + 2), n = e·(e + 2): for x < 0 in that form, for x ≥ 0
/// as (1 + 2ε)/(1 + 2ε + 2ε²) with ε = e^−x, so that nothing overflows; the quotients are
/// compensated. PyTorch's derivative formula, written in e, is mish′ = e·g/(n + 2)² with
/// g = (e + 2)(n + 2) + 4x(1 + e), which vanishes at the minimum of mish, x₀ = −1.19243…, and
/// cancels around it. activ writes g for x < 0 as
///
///     e₀·expm1(x − x₀)·(C + e² + e·e₀ + e₀² + 4(e + e₀)) + 4(x − x₀)(1 + e),
///
/// with x₀ to 160 bits, e₀ = e^x₀ and C = 6 + 4x₀ > 0 (docs/constants.py): an identity (g(x₀) =
/// 0) in which both terms have the sign of x − x₀, so mish′ keeps its relative accuracy through
/// its zero.
///
/// Special values: NaN → NaN; mish(+∞) = +∞, mish(−∞) = −0 (x·e^x approaches 0 from below),
/// mish(±0) = ±0; mish′(+∞) = 1, mish′(−∞) = −0, mish′(±0) = tanh(log 2) = 3/5. For x → −∞,
/// mish(x) ≈ x·e^x keeps its relative accuracy into the subnormals.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members run vector kernels
/// (detail/simd, chosen for the CPU at run time; ACTIV_NO_SIMD turns them off); double arrays, the
/// other iterator members and every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.502 on all 2^32 inputs, every kernel
///     double       forward 0.501  derivative 0.502   (x86: evaluated in x87 long double)
///     long double  forward 2.54   derivative 5.36    (glibc's expl and expm1l)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
class mish : public detail::elementwise<mish<T>, T> {
  using base = detail::elementwise<mish<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "mish";
  using base::backward;
  using base::derivative;
  using base::forward;

  /// mish(x) = x·tanh(softplus(x)).
  // ±0 come back as themselves (x·3/5 keeps the sign); near 0, x·(3/5 + O(x)) is never a
  // midpoint between two floats (3x/5 is a float or lies a fifth of a spacing from any midpoint),
  // so the double evaluation decides every rounding there.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return value(w); });
  }

  /// mish′(x) = tanh(softplus(x)) + x·σ(x)·(1 − tanh²(softplus(x))).
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return slope<T>(w); });
  }

  /// g·mish′(x) rounded once. mish′(x) ≠ 0 at every finite x (its zero x₀ is irrational): an
  /// infinite g gives ±∞ there, with the slope's sign, even where the slope underflows in the
  /// working type.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if (!(x > T(0)) && !(x <= T(0))) return x;  // NaN
    if (detail::is_finite(x) && !detail::is_finite(g) && (g < T(0) || g > T(0))) {
      using W = detail::working_t<T>;
      return detail::minus_constant(static_cast<W>(x), root[0], root[1], root[2]) < W(0) ? -g : g;
    }
    return detail::times_slope(x, g, false,
                               [](auto w) -> decltype(w) { return slope<decltype(w)>(w); });
  }

 private:
  // x₀, the zero of mish′, e₀ = e^x₀ and C = 6 + 4x₀, each as three doubles (docs/constants.py).
  static constexpr double root[3] = {-0x1.31432c0d12d84p+0, -0x1.bf319154da210p-55,
                                     -0x1.3b82ea8c1efc4p-109};
  static constexpr double root_exp[3] = {0x1.36c4202fc3eccp-2, 0x1.6d73a02f8d922p-56,
                                         0x1.ab79457da43ffp-112};
  static constexpr double root_c[3] = {0x1.3af34fcbb49efp+0, 0x1.0339baac977bfp-55,
                                       -0x1.dc175460f7e23p-110};

  // tanh(softplus(x)) for x ≥ 0, (1 + 2ε)/(1 + 2ε + 2ε²) with ε = e^−x ∈ (0, 1], numerator and
  // denominator carried as pairs and divided once.
  template <class W>
  static constexpr W tanh_softplus_positive(W e) noexcept(detail::nothrow_real<W>) {
    if constexpr (detail::has_error_free_transforms<W>) {
      const detail::word_pair<W> n = detail::two_sum(W(1), W(2) * e);
      const detail::word_pair<W> e2 = detail::two_product(e, e);
      const detail::word_pair<W> d = detail::two_sum(n.hi, W(2) * e2.hi);
      return detail::divide(n, detail::word_pair<W>{d.hi, d.lo + (n.lo + W(2) * e2.lo)});
    } else {
      return (W(1) + W(2) * e) / (W(1) + W(2) * e * (W(1) + e));
    }
  }

  // tanh(softplus(x)) for x < 0, n/(n + 2) with n = e² + 2e, e = e^x ∈ (0, 1), as pairs.
  template <class W>
  static constexpr W tanh_softplus_negative(W e) noexcept(detail::nothrow_real<W>) {
    if constexpr (detail::has_error_free_transforms<W>) {
      const detail::word_pair<W> e2 = detail::two_product(e, e);
      const detail::word_pair<W> n = detail::two_sum(W(2) * e, e2.hi);
      const W n_lo = n.lo + e2.lo;
      const detail::word_pair<W> d = detail::two_sum(W(2), n.hi);
      return detail::divide(detail::word_pair<W>{n.hi, n_lo},
                            detail::word_pair<W>{d.hi, d.lo + n_lo});
    } else {
      const W n = e * (e + W(2));
      return n / (n + W(2));
    }
  }

  // x·tanh(softplus(x)). Past exp's underflow the result is x for x > 0 (its correction 2x·e^−2x
  // is far below the last bit), or −0 for x < 0 (x·e^x < e^(x + 16)). Below −11000 (long double
  // results only) (x·e^(x/2))·e^(x/2) rounds once into the subnormals, where the tanh factor is
  // e^x to far below its last bit.
  template <class W>
  static constexpr W value(W x) noexcept(detail::nothrow_real<W>) {
    if (!detail::is_finite(x)) return x < W(0) ? -W(0) : x;  // ±∞ and NaN
    if (x >= W(0)) {
      if (detail::exp_underflows<T>(x)) return x;
      return x * tanh_softplus_positive(detail::adl::call_exp(-x));
    }
    if (detail::exp_underflows<T>(-x - W(16))) return -W(0);
    if (x < W(-11000)) {
      const W h = detail::adl::call_exp(x / W(2));
      return (x * h) * h;
    }
    return x * tanh_softplus_negative(detail::adl::call_exp(x));
  }

  // mish′(x) in W, to be rounded to R. For x ≥ 0, with ε = e^−x and D = 1 + 2ε + 2ε²,
  // ((1 + 2ε)·D + 4x·ε²·(1 + ε))/D² = 1 + 2ε²·(2x·(1 + ε) − D)/D²: the second form keeps the
  // −2ε² that 1 + 2ε over D would round away as x grows (mish′ approaches 1 from above, and
  // would not be monotone in long double). For x < 0, e·g/(n + 2)² with g as in
  // the contract block; |g| < 4 + 4|x| + 20, and (g·e^(x/2))·e^(x/2) rounds once into the
  // subnormals below −11000.
  template <class R, class W>
  static constexpr W slope(W x) noexcept(detail::nothrow_real<W>) {
    if (!detail::is_finite(x)) return x < W(0) ? -W(0) : x > W(0) ? W(1) : x;
    if (x >= W(0)) {
      if (detail::exp_underflows<R>(x)) return W(1);
      const W e = detail::adl::call_exp(-x);
      const W e2 = e * e;
      const W d = W(1) + W(2) * (e + e2);
      return W(1) + W(2) * e2 * (W(2) * x * (W(1) + e) - d) / (d * d);
    }
    if (detail::exp_underflows<R>(-x - W(16))) return -W(0);  // |g|·e^x < e^(x + 16)
    const W d = detail::minus_constant(x, root[0], root[1], root[2]);
    const W e0 = detail::constant<W>(root_exp[0], root_exp[1], root_exp[2]);
    const W e = detail::adl::call_exp(x);
    const W g = e0 * detail::adl::call_expm1(d) *
                    (detail::constant<W>(root_c[0], root_c[1], root_c[2]) +
                     (e * (e + e0) + e0 * e0 + W(4) * (e + e0))) +
                W(4) * d * (W(1) + e);
    if (x < W(-11000)) {
      const W h = detail::adl::call_exp(x / W(2));
      return ((g / W(4)) * h) * h;
    }
    const W n = e * (e + W(2));
    return e * g / ((n + W(2)) * (n + W(2)));
  }
};

}  // namespace activ
