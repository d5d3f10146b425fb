#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/backward.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/logistic.hpp>
#include <activ/detail/math.hpp>
#include <activ/detail/rounding.hpp>

#include <string_view>
#include <type_traits>

namespace activ {

/// Logarithm of the logistic sigmoid (PyTorch's LogSigmoid, functional `logsigmoid`; activ::parse
/// accepts both spellings).
///
///     forward     log σ(x)   = −log(1 + e^−x) = min(x, 0) − log1p(e^−|x|)   range [−∞, 0]
///     derivative  (log σ)′(x) = σ(−x) = 1/(1 + e^x)                          range [0, 1]
///     backward    g·σ(−x), the exact product rounded once
///     from output σ(−x) = 1 − e^y = −expm1(y) at y = log σ(x), and g times that, exactly at the
///                 given y
///
/// The forward pass never forms σ(x) and takes its logarithm (which is −∞ once σ underflows, from
/// x ≈ −103 in float, while log σ(x) ≈ x is finite), and never computes log(1 + e^−x) directly
/// (e^−x overflows from x ≈ −88.7): e^t is only taken of t = −|x| ≤ 0, and log1p keeps the small
/// e^t whole. The type must provide log1p (found by argument-dependent lookup, or in std) beyond
/// what activ::real asks for.
///
/// Special values: NaN → NaN; log σ(+∞) = −0 (the limit, approached from below), log σ(−∞) = −∞,
/// log σ(±0) = −log 2; (log σ)′(+∞) = 0, (log σ)′(−∞) = 1, (log σ)′(±0) = 1/2. For large x the
/// result −e^−x keeps its relative accuracy into the subnormals (float: down to x = 103.97,
/// where it rounds to −0).
///
/// Worst error in ULPs (docs/accuracy.md): float over every input (tests/exhaustive.cpp), double
/// over 10^7 inputs spread by bit pattern (tests/sampled_double.cpp) and long double against MPFR
/// (tests/accuracy.cpp). For float, the span and contiguous-iterator members of forward,
/// derivative and backward run vector kernels (detail/simd, chosen for the CPU at run time;
/// ACTIV_NO_SIMD turns them off); double arrays, the members from the output and every other type
/// give the scalar results bit for bit.
///
///     float        scalar: correctly rounded on all 2^32 inputs, forward and derivative
///                  arrays: forward 0.501  derivative 0.501 on all 2^32 inputs, every kernel
///     double       forward 0.501  derivative 0.501   (x86: evaluated in x87 long double)
///     long double  forward 2.68   derivative 1.60    (glibc's log1pl, up to 2 ULPs, and expl)
///
/// activ::fast (tier.hpp) gives the precise results: there is no faster kernel for it yet.
template <real T>
requires detail::adl::has_log1p<T>
class log_sigmoid : public detail::elementwise<log_sigmoid<T>, T> {
  using base = detail::elementwise<log_sigmoid<T>, T>;

 public:
  /// Its name in parse's text, in any_activation::name() and in error messages.
  static constexpr std::string_view name = "log_sigmoid";
  using base::backward;
  using base::backward_from_output;
  using base::derivative;
  using base::derivative_from_output;
  using base::forward;

  /// log σ(x) = −log(1 + e^−x).
  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real_log1p<T>) {
    return detail::evaluate_rounded(x, [](auto w) -> decltype(w) { return value(w); });
  }

  /// (log σ)′(x) = σ(−x).
  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      // σ(−x) near 0: ½ − x/4 can be a midpoint between two floats (see logistic.hpp).
      if (detail::magnitude(x) < 0x1p-16F) {
        return detail::logistic_times_near_zero(-static_cast<double>(x), 1.0);
      }
    }
    return detail::evaluate_rounded(x,
                                    [](auto w) -> decltype(w) { return detail::logistic<T>(-w); });
  }

  /// g·σ(−x) rounded once; σ(−x) > 0 at every finite x, so an infinite g gives ±∞ there.
  [[nodiscard]] constexpr T backward(T x, T g) const noexcept(detail::nothrow_real<T>) {
    if constexpr (std::is_same_v<T, float>) {
      if (detail::magnitude(x) < 0x1p-16F && detail::is_finite(g) && !detail::is_zero(g)) {
        return detail::logistic_times_near_zero(-static_cast<double>(x), static_cast<double>(g));
      }
    }
    return detail::times_slope(
        x, g, true, [](auto w) -> decltype(w) { return detail::logistic<decltype(w)>(-w); });
  }

  /// (log σ)′ from the output y = log σ(x): 1 − e^y, exactly at the given y.
  [[nodiscard]] constexpr T derivative_from_output(T y) const noexcept(detail::nothrow_real<T>) {
    // NaN as itself: through −expm1(−y) its sign would depend on how the compiler negates.
    if (!(y > T(0)) && !(y <= T(0))) return y;
    return detail::evaluate_rounded(
        y, [](auto v) -> decltype(v) { return -detail::adl::call_expm1(v); });
  }

  /// g·(1 − e^y) from the output y = log σ(x), rounded once.
  [[nodiscard]] constexpr T backward_from_output(T y, T g) const noexcept(detail::nothrow_real<T>) {
    if (!(y > T(0)) && !(y <= T(0))) return y;  // NaN, as derivative_from_output
    if constexpr (std::is_same_v<T, float>) {
      // For −2^−50 < y < 0, g·(1 − e^y) = p·(1 − |y|/2 + …) with p = −g·y, exact in double: p
      // decides the rounding, and where it is a midpoint between two floats the second term
      // breaks the tie toward 0; elsewhere p lies at least 2^−48·|p| from a midpoint, farther
      // than p·|y|/2 reaches.
      if (y < 0 && y > -0x1p-50F && detail::is_finite(g)) {
        return detail::round_ties_toward(-static_cast<double>(g) * static_cast<double>(y), 0.0);
      }
    }
    return detail::times_slope(y, g, false,
                               [](auto v) -> decltype(v) { return -detail::adl::call_expm1(v); });
  }

 private:
  // min(x, 0) − log1p(e^−|x|). Past exp's underflow the result is x (x < 0) or −0 (x > 0: −e^−x
  // far below the smallest subnormal).
  template <class W>
  static constexpr W value(W x) noexcept(detail::nothrow_real_log1p<W>) {
    if (x < W(0)) {
      if (detail::exp_underflows<T>(-x)) return x;
      return x - detail::adl::call_log1p(detail::adl::call_exp(x));
    }
    if (detail::exp_underflows<T>(x)) return -W(0);
    return -detail::adl::call_log1p(detail::adl::call_exp(-x));  // NaN lands here
  }
};

}  // namespace activ
