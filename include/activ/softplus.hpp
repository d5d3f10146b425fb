#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/compensated.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/logistic.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/midpoint.hpp>
#include <activ/detail/rounding.hpp>

#include <limits>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace activ {

/// Softplus, a smooth ReLU of sharpness β > 0 (default β = 1).
///
///     forward     softplus(x)  = log(1 + e^(βx))/β                    range [0, +∞]
///     derivative  softplus′(x) = σ(βx) = 1/(1 + e^(−βx))               range [0, 1]
///     backward    g·σ(βx), the exact product rounded once
///     from output softplus′ = 1 − e^(−βy) = −expm1(−β·y) at y = softplus(x), and g times that,
///                 exactly at the given y
///
/// PyTorch's Softplus(beta=1, threshold=20) returns x itself, and the slope 1, wherever βx exceeds
/// the threshold. That is an approximation, invisible in float but not in double: softplus(21) =
/// 21 + 7.6e−10, about 2·10^5 ULPs above the 21 PyTorch returns, and softplus′(21) = 1 − 7.6e−10,
/// 7·10^6 ULPs below its 1. activ has no threshold: every x gets the function itself (and
/// activ::parse rejects `threshold=`).
///
/// β must be finite and positive; otherwise the constructor throws std::invalid_argument, which in
/// a constant expression is a compile error. The type must provide log1p (found by
/// argument-dependent lookup, or in std) beyond what activ::real asks for.
///
/// Evaluated as x + log1p(e^(−βx))/β for x > 0 and log1p(e^(βx))/β otherwise: e^t is only ever
/// taken of t = −|βx| ≤ 0, so nothing overflows (log(1 + e^(βx)) overflows from x ≈ 88.7 in
/// float), and log1p keeps the small e^t whole where 1 + e^t would round it away. βx is exact in
/// the working type for float; for double and long double its rounding error is carried into e^t
/// as a second term, without which it would cost long double thousands of ULPs near e^t's
/// underflow.
///
/// Special values: NaN → NaN; softplus(+∞) = +∞, softplus(−∞) = +0, softplus(±0) = log(2)/β;
/// softplus′(+∞) = 1, softplus′(−∞) = 0, softplus′(±0) = 1/2. For x → −∞ the result follows
/// e^(βx)/β with full relative accuracy into the subnormals.
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp), for β = 1 and β = 10. For float, the span and contiguous-iterator
/// members of forward, derivative and backward run vector kernels (detail/simd, chosen for the CPU
/// at run time; ACTIV_NO_SIMD turns them off); double arrays, the members from the output and
/// every other type give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.501 on all 2^32 inputs, every kernel
///     double       forward 0.501  derivative 0.501   (x86: evaluated in x87 long double)
///     long double  forward 3.90   derivative 1.49    (glibc's log1pl, up to 2 ULPs, and expl; a
///                  random probe of 2·10^6 inputs at β = 10 found 5.0 ULPs forward)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
requires detail::adl::has_log1p<T>
class softplus : public detail::elementwise<softplus<T>, T> {
  using base = detail::elementwise<softplus<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "softplus";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  constexpr softplus() noexcept(detail::nothrow_real<T>) = default;

  /// Sharpness β, finite and positive; otherwise throws std::invalid_argument.
  constexpr explicit softplus(T beta) : beta_(beta) {
    if (!detail::is_finite(beta_) || !(beta_ > T(0))) {
      throw std::invalid_argument("activ::softplus: beta must be finite and positive");
    }
  }

  /// The sharpness β: the larger, the closer to relu.
  [[nodiscard]] constexpr T beta() const noexcept(std::is_nothrow_copy_constructible_v<T>) {
    return beta_;
  }

  /// softplus(x) = log(1 + e^(βx))/β.
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real_log1p<T>) {
    return detail::evaluate_rounded(x, [beta = beta_](auto w) -> decltype(w) {
      return value(w, static_cast<decltype(w)>(beta));
    });
  }

  /// softplus′(x) = σ(βx).
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real_log1p<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double t = static_cast<double>(beta_) * static_cast<double>(x);  // exact
      if (detail::magnitude(t) < 0x1p-16) return detail::logistic_times_near_zero(t, 1.0);
    }
    return detail::evaluate_rounded(x, [beta = beta_](auto w) -> decltype(w) {
      return slope<T>(w, static_cast<decltype(w)>(beta));
    });
  }

  /// g·σ(βx) rounded once; σ(βx) > 0 at every finite x, so an infinite g gives ±∞ there.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real_log1p<T>) {
    if constexpr (std::is_same_v<T, float>) {
      const double t = static_cast<double>(beta_) * static_cast<double>(x);
      if (detail::magnitude(t) < 0x1p-16 && detail::is_finite(g) && !detail::is_zero(g)) {
        return detail::logistic_times_near_zero(t, static_cast<double>(g));
      }
    }
    return detail::times_slope(x, g, true, [beta = beta_](auto w) -> decltype(w) {
      return slope<decltype(w)>(w, static_cast<decltype(w)>(beta));
    });
  }

  /// softplus′ from the output y = softplus(x): 1 − e^(−βy), exactly at the given y.
  [[nodiscard]] constexpr T derivative_from_output(T y) const
      noexcept(detail::nothrow_real_log1p<T>) {
    // NaN as itself: through −expm1(−βy) its sign would depend on how the compiler negates.
    if (!(y > T(0)) && !(y <= T(0))) return y;
    if constexpr (std::is_same_v<T, float>) {
      // For p = β·y below 2^−50, 1 − e^−p = p − p²/2 + …: p (exact in double) decides the
      // rounding, and where it is a midpoint between two floats the −p²/2 term breaks the tie
      // toward 0; elsewhere p lies at least 2^−48·p from a midpoint, farther than p²/2 reaches.
      const double p = static_cast<double>(beta_) * static_cast<double>(y);
      if (p > 0 && p < 0x1p-50) return detail::round_ties_toward(p, 0.0);
    }
    return detail::evaluate_rounded(y, [beta = beta_](auto v) -> decltype(v) {
      return slope_at_output(v, static_cast<decltype(v)>(beta));
    });
  }

  /// g·(1 − e^(−βy)) from the output y = softplus(x), rounded once.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const
      noexcept(detail::nothrow_real_log1p<T>) {
    if (!(y > T(0)) && !(y <= T(0))) return y;  // NaN, as derivative_from_output
    if constexpr (std::is_same_v<T, float>) {
      // As above, g·(p − p²/2) with g·p an exact pair, which may be a midpoint: the sign of
      // g·p − g·p²/2 − m settles it.
      const double p = static_cast<double>(beta_) * static_cast<double>(y);
      if (p > 0 && p < 0x1p-50 && detail::is_finite(g)) {
        const detail::word_pair<double> gp = detail::two_product(static_cast<double>(g), p);
        const double correction = 0.5 * gp.hi * p;
        return detail::round_to_float(gp.hi - correction, [gp, correction](double m) noexcept {
          return detail::sign_of_sum(gp.hi, gp.lo, -correction, -m);
        });
      }
    }
    return detail::times_slope(y, g, false, [beta = beta_](auto v) -> decltype(v) {
      return slope_at_output(v, static_cast<decltype(v)>(beta));
    });
  }

 private:
  // e^−|β·x| in W, with β·x's rounding error in W taken into account (e^(t + δ) = e^t·(1 + δ)
  // to far below an ULP): none for float in double, where β·x is exact; for wider types the exact
  // error of the product, where W has error-free transformations and the product is in the range
  // where e^t neither underflows nor is 1 (Dekker's product would overflow far beyond it).
  template <class W>
  static constexpr W decay(W x, W beta) noexcept(detail::nothrow_real<W>) {
    W t = beta * x;
    W error = W(0);
    if constexpr (detail::has_error_free_transforms<W> &&
                  std::numeric_limits<W>::digits < 2 * std::numeric_limits<T>::digits) {
      if (detail::magnitude(t) < W(65536)) error = detail::two_product(beta, x).lo;
    }
    if (t > W(0)) {
      t = -t;
      error = -error;
    }
    const W e = detail::adl::call_exp(t);
    return e + e * error;
  }

  // log(1 + e^(βx))/β: x + log1p(e^−βx)/β for x > 0, log1p(e^βx)/β otherwise. Past exp's
  // underflow the result is x, or +0 where β ≥ 1/4 (e^(βx)/β is then below half the smallest
  // subnormal); a smaller β can lift it back into range, and exp is called.
  template <class W>
  static constexpr W value(W x, W beta) noexcept(detail::nothrow_real_log1p<W>) {
    if (detail::exp_underflows<T>(detail::magnitude(beta * x))) {
      if (x > W(0)) return x;
      if (beta >= W(0.25)) return W(0);
    }
    const W tail = detail::adl::call_log1p(decay(x, beta)) / beta;
    return x > W(0) ? x + tail : tail;
  }

  // σ(βx) in W, the result to be rounded to R (the backward keeps it in W: a large gradient lifts
  // slopes below R's range back into it), with β·x's rounding error as in decay: σ(t + δ) = σ(t) +
  // σ(t)·(1 − σ(t))·δ.
  template <class R, class W>
  static constexpr W slope(W x, W beta) noexcept(detail::nothrow_real<W>) {
    const W t = beta * x;
    const W s = detail::logistic<R>(t);
    if constexpr (detail::has_error_free_transforms<W> &&
                  std::numeric_limits<W>::digits < 2 * std::numeric_limits<T>::digits) {
      if (detail::magnitude(t) < W(65536)) {
        return s + s * (W(1) - s) * detail::two_product(beta, x).lo;
      }
    }
    return s;
  }

  // 1 − e^(−βy) = −expm1(−βy): expm1 keeps the small slopes (small y) whole. β·y's rounding in a
  // wider T moves the result by at most the same relative amount, as u·e^−u/(1 − e^−u) ≤ 1.
  template <class W>
  static constexpr W slope_at_output(W y, W beta) noexcept(detail::nothrow_real<W>) {
    return -detail::adl::call_expm1(-(beta * y));
  }

  T beta_ = T(1);
};

}  // namespace activ
