#pragma once

#include <activ/concepts.hpp>
#include <activ/detail/elementwise.hpp>
#include <activ/detail/math.hpp>

#include <string_view>

namespace activ {

/// Hyperbolic tangent.
///
///   forward     tanh(x)  = (e^x − e^−x) / (e^x + e^−x)            range [−1, 1]
///   derivative  tanh′(x) = 1 − tanh²(x) = 4e^−2|x| / (1 + e^−2|x|)²   range [0, 1]
///
/// Special values: NaN → NaN; tanh(±∞) = ±1, tanh(±0) = ±0 (odd, sign of zero kept);
/// tanh′(±∞) = 0, tanh′(±0) = 1.
///
/// Worst error measured against MPFR (tests/accuracy.cpp), scalar, span and iterator paths alike:
///   (table filled in from the measurement)
template <real T>
class tanh : public detail::elementwise<tanh<T>, T> {
  using base = detail::elementwise<tanh<T>, T>;
  using work = detail::working_t<T>;

 public:
  static constexpr std::string_view name = "tanh";
  using base::derivative;
  using base::forward;

  [[nodiscard]] constexpr T forward(T x) const noexcept(detail::nothrow_real<T>) {
    return static_cast<T>(detail::adl::call_tanh(static_cast<work>(x)));
  }

  [[nodiscard]] constexpr T derivative(T x) const noexcept(detail::nothrow_real<T>) {
    return static_cast<T>(slope(static_cast<work>(x)));
  }

 private:
  // tanh′ = sech² = 4e/(1 + e)² with e = e^−2|x| ∈ [0, 1]. 1 − tanh² would cancel: tanh rounds to
  // 1 at |x| ≈ 9 in float and 19 in double while tanh′ ≈ 4e^−2|x| is still far above the
  // underflow threshold. Near 0, e ≈ 1 and the quotient is well conditioned.
  static constexpr work slope(work x) noexcept(detail::nothrow_real<T>) {
    const work e = detail::adl::call_exp(work(-2) * detail::magnitude(x));
    const work one_plus_e = work(1) + e;
    return work(4) * e / (one_plus_e * one_plus_e);
  }
};

}  // namespace activ
