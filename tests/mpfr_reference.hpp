#pragma once
// MPFR references for activ's accuracy tests: closed forms written from the mathematics, never by
// calling activ, evaluated at 256 bits, and the exact conversions between MPFR and T.

#include <mpfr.h>

#include <type_traits>

namespace activ_test::mpfr {

// 256 bits leave ≥ 190 guard bits over long double's 64. No reference subtracts nearly equal
// numbers (1 + e with e ≥ 0, and expm1, tanh and sech are correctly rounded by MPFR), so each
// reference carries a relative error of a few 2^−256, far below what could move a measured error.
constexpr mpfr_prec_t reference_bits = 256;

// An owning mpfr_t: initialised to NaN at reference precision, cleared on destruction.
class mp {
 public:
  mp() { mpfr_init2(value_, reference_bits); }
  mp(const mp&) = delete;
  mp& operator=(const mp&) = delete;
  mp(mp&&) = delete;
  mp& operator=(mp&&) = delete;
  ~mp() { mpfr_clear(value_); }

  [[nodiscard]] mpfr_ptr get() noexcept { return value_; }
  [[nodiscard]] mpfr_srcptr get() const noexcept { return value_; }

 private:
  mpfr_t value_{};
};

// Exact conversions from T (every float, double and long double fits in 256 bits) and rounding
// conversions back.
template <class T>
void set_exact(mpfr_ptr y, T x) {
  if constexpr (std::is_same_v<T, float>) {
    mpfr_set_flt(y, x, MPFR_RNDN);
  } else if constexpr (std::is_same_v<T, double>) {
    mpfr_set_d(y, x, MPFR_RNDN);
  } else {
    static_assert(std::is_same_v<T, long double>);
    mpfr_set_ld(y, x, MPFR_RNDN);
  }
}

template <class T>
T round_to(mpfr_srcptr y) {
  if constexpr (std::is_same_v<T, float>) {
    return mpfr_get_flt(y, MPFR_RNDN);
  } else if constexpr (std::is_same_v<T, double>) {
    return mpfr_get_d(y, MPFR_RNDN);
  } else {
    return mpfr_get_ld(y, MPFR_RNDN);
  }
}

// References: y = f(x) from the closed form, with α exactly as stored in T. x is never NaN here.

using reference = void (*)(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr alpha);

inline bool positive(mpfr_srcptr x) { return mpfr_sgn(x) > 0; }

// σ(x) = 1 / (1 + e^−x). e^−x overflows MPFR only for |x| near T's max, where 1/∞ = 0 is the
// right limit.
inline void sigmoid_value(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) {
  mpfr_neg(y, x, MPFR_RNDN);
  mpfr_exp(y, y, MPFR_RNDN);
  mpfr_add_ui(y, y, 1, MPFR_RNDN);
  mpfr_ui_div(y, 1, y, MPFR_RNDN);
}

// σ′(x) = e^−x / (1 + e^−x)², evaluated at |x| (σ′ is even) so that e^−x cannot overflow to ∞/∞.
inline void sigmoid_slope(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) {
  mp denominator;
  mpfr_abs(y, x, MPFR_RNDN);
  mpfr_neg(y, y, MPFR_RNDN);
  mpfr_exp(y, y, MPFR_RNDN);
  mpfr_add_ui(denominator.get(), y, 1, MPFR_RNDN);
  mpfr_sqr(denominator.get(), denominator.get(), MPFR_RNDN);
  mpfr_div(y, y, denominator.get(), MPFR_RNDN);
}

inline void tanh_value(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) { mpfr_tanh(y, x, MPFR_RNDN); }

// tanh′(x) = sech²(x).
inline void tanh_slope(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) {
  mpfr_sech(y, x, MPFR_RNDN);
  mpfr_sqr(y, y, MPFR_RNDN);
}

inline void relu_value(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) {
  if (positive(x)) {
    mpfr_set(y, x, MPFR_RNDN);
  } else {
    mpfr_set_zero(y, 1);
  }
}

// relu′(0) = 0 by activ's convention.
inline void relu_slope(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr) {
  mpfr_set_ui(y, positive(x) ? 1 : 0, MPFR_RNDN);
}

// The product α·x of two T values is exact in 256 bits.
inline void leaky_value(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr alpha) {
  if (positive(x)) {
    mpfr_set(y, x, MPFR_RNDN);
  } else {
    mpfr_mul(y, alpha, x, MPFR_RNDN);
  }
}

// leaky′(0) = α by activ's convention.
inline void leaky_slope(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr alpha) {
  if (positive(x)) {
    mpfr_set_ui(y, 1, MPFR_RNDN);
  } else {
    mpfr_set(y, alpha, MPFR_RNDN);
  }
}

// elu(x) = α·(e^x − 1) for x ≤ 0.
inline void elu_value(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr alpha) {
  if (positive(x)) {
    mpfr_set(y, x, MPFR_RNDN);
  } else {
    mpfr_expm1(y, x, MPFR_RNDN);
    mpfr_mul(y, y, alpha, MPFR_RNDN);
  }
}

// elu′(x) = α·e^x for x ≤ 0 (elu′(0) = α).
inline void elu_slope(mpfr_ptr y, mpfr_srcptr x, mpfr_srcptr alpha) {
  if (positive(x)) {
    mpfr_set_ui(y, 1, MPFR_RNDN);
  } else {
    mpfr_exp(y, x, MPFR_RNDN);
    mpfr_mul(y, y, alpha, MPFR_RNDN);
  }
}

}  // namespace activ_test::mpfr
