#pragma once
// MPFR for activ's accuracy tests: an owning variable at reference precision and the exact
// conversions between MPFR and T. The references themselves, closed forms written from the
// mathematics and never by calling activ, are in each activation's row (tests/registry.hpp).

#include <mpfr.h>

#include <type_traits>

namespace activ_test::mpfr {

// 256 bits leave ≥ 190 guard bits over long double's 64: a reference that does not subtract nearly
// equal numbers carries a relative error of a few 2^−256, far below what could move a measured
// error.
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

}  // namespace activ_test::mpfr
