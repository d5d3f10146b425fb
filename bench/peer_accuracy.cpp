// The accuracy of the peers a user would pick instead of activ, measured as activ's own is: for
// every row of the test registry (tests/registry.hpp) and each of its configurations, the float
// results of
//   activ      the span members (the vector kernels of the best instruction set the CPU has)
//   fast       the same with activ::fast (the fast tier, tier.hpp)
//   textbook   the row's textbook formula, element by element
//   eigen      Eigen's array expressions (bench/peers.hpp), where Eigen spells the function
//   onednn     oneDNN's eltwise primitive, forward only (bench/peers.hpp), where oneDNN has it
//   xnnpack    XNNPACK's operator, forward only (bench/peers.hpp), where XNNPACK has it
//   sleef      the textbook formula on SLEEF's float functions, forward only (bench/peers.hpp)
//   aten       PyTorch's function on a libtorch tensor, and its derivative through autograd
//              (bench/aten_peer.hpp), where the build has libtorch (g++)
// against the row's long double reference (written from the mathematics, independently of
// activ, and within a few long double ULPs), over every k-th float bit pattern (--stride k, a
// power of two, 64 by default: 67 million inputs) and the special values ±0, ±∞ and NaN.
//
// Prints per function, direction and peer: the worst error in float ULPs and where, the share of
// inputs beyond 1 ULP, the results at −∞, +∞ and NaN where they differ from the limits, and how
// many results have the wrong sign (a nonzero result whose sign is not the exact value's) or are
// zero where the exact value is a normal float. The ULP is the spacing of floats at the exact
// value, 2^(max(⌊log2 |y|⌋, −126) − 23), as in tests/exhaustive.cpp.
//
// Usage: activ_peer_accuracy [--stride k] [--only <row>]

#include <activ/activ.hpp>

#include "peers.hpp"
#include "registry.hpp"
#include "support.hpp"

#ifdef ACTIV_BENCH_HAVE_ATEN
#include "aten_peer.hpp"
#endif

#ifdef ACTIV_BENCH_HAVE_ONEDNN
#include <omp.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct options {
  std::uint32_t stride = 64;
  std::string only;
};

// What one peer did over the sweep.
struct tally {
  long double worst = 0;
  float worst_at = 0;
  std::uint64_t count = 0;
  std::uint64_t beyond_one = 0;
  std::uint64_t wrong_sign = 0;
  std::uint64_t flushed = 0;  // 0 where the exact value is a normal float
  std::string specials;       // "f(−∞) = nan" and the like, where a limit is missed

  void add(float x, float got, long double exact) {
    ++count;
    const long double e = activ_test::ulp_error<float>(got, exact);
    if (e > 1) ++beyond_one;
    if (got != 0 && exact != 0 && std::signbit(got) != std::signbit(exact)) ++wrong_sign;
    if (got == 0 &&
        std::fabs(exact) >= static_cast<long double>(std::numeric_limits<float>::min())) {
      ++flushed;
    }
    if (e > worst || std::isnan(static_cast<double>(e))) {
      worst = e;
      worst_at = x;
    }
  }
};

// A peer: n floats in, n out.
using array_function = std::function<void(std::span<const float>, std::span<float>)>;

void print(const std::string& label, std::string_view peer, const tally& t) {
  std::printf("  %-34s %-9s worst %10.3Lg ulp at x = %-16a beyond 1 ulp: %6.3f %%", label.c_str(),
              std::string(peer).c_str(), t.worst, static_cast<double>(t.worst_at),
              100.0 * static_cast<double>(t.beyond_one) / static_cast<double>(t.count));
  if (t.wrong_sign != 0)
    std::printf("  wrong sign: %llu", static_cast<unsigned long long>(t.wrong_sign));
  if (t.flushed != 0)
    std::printf("  zero for a normal value: %llu", static_cast<unsigned long long>(t.flushed));
  if (!t.specials.empty()) std::printf("  %s", t.specials.c_str());
  std::printf("\n");
}

// Every stride-th bit pattern (both signs), NaNs and infinities left to the special values.
std::vector<float> sweep_inputs(std::uint32_t stride) {
  std::vector<float> xs;
  for (std::uint64_t b = 0; b < 0x7f800000u; b += stride) {
    const auto bits = static_cast<std::uint32_t>(b);
    xs.push_back(std::bit_cast<float>(bits));
    xs.push_back(std::bit_cast<float>(bits | 0x80000000u));
  }
  return xs;
}

template <class Row, class Dir, class F>
void measure(const std::string& label, const F& f, const std::vector<float>& xs,
             const std::vector<long double>& exact, std::string_view peer,
             const array_function& run) {
  std::vector<float> out(xs.size());
  run(xs, out);
  tally t;
  for (std::size_t i = 0; i < xs.size(); ++i) t.add(xs[i], out[i], exact[i]);
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> specials = {-inf, inf, std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> got(specials.size());
  run(specials, got);
  for (std::size_t i = 0; i < specials.size(); ++i) {
    const long double want = std::isnan(specials[i])
                                 ? specials[i]
                                 : Dir::template reference<long double>(specials[i], f);
    const bool same = std::isnan(want)
                          ? std::isnan(got[i])
                          : got[i] == static_cast<float>(want) &&
                                std::signbit(got[i]) == std::signbit(static_cast<float>(want));
    if (!same) {
      char text[96];
      std::snprintf(text, sizeof text, "f(%g) = %g (exact %g)", static_cast<double>(specials[i]),
                    static_cast<double>(got[i]), static_cast<double>(static_cast<float>(want)));
      if (!t.specials.empty()) t.specials += ", ";
      t.specials += text;
    }
  }
  print(label, peer, t);
}

template <class Row>
void check_row(const options& opts, const std::vector<float>& xs) {
  const auto configurations = Row::template configurations<float>();
  for (std::size_t k = 0; k < configurations.size(); ++k) {
    const auto& f = configurations[k];
    using F = std::remove_cvref_t<decltype(f)>;
    const std::string name = activ_test::label(f);
    const auto both = [&]<class Dir, bool Forward>() {
      const std::string label = name + (Forward ? " forward" : " derivative");
      std::vector<long double> exact(xs.size());
      for (std::size_t i = 0; i < xs.size(); ++i) {
        exact[i] = Dir::template reference<long double>(static_cast<long double>(xs[i]), f);
      }
      measure<Row, Dir>(label, f, xs, exact, "activ",
                        [&f](std::span<const float> in, std::span<float> out) {
                          if constexpr (Forward) {
                            f.forward(in, out);
                          } else {
                            f.derivative(in, out);
                          }
                        });
      measure<Row, Dir>(label, f, xs, exact, "fast",
                        [&f](std::span<const float> in, std::span<float> out) {
                          if constexpr (Forward) {
                            f.forward(activ::fast, in, out);
                          } else {
                            f.derivative(activ::fast, in, out);
                          }
                        });
      measure<Row, Dir>(label, f, xs, exact, "textbook",
                        [&f](std::span<const float> in, std::span<float> out) {
                          for (std::size_t i = 0; i < in.size(); ++i)
                            out[i] = Dir::template textbook<float>(in[i], f);
                        });
#ifdef ACTIV_BENCH_HAVE_EIGEN
      using eigen = activ_peers::eigen_ops<F>;
      if constexpr (eigen::available) {
        measure<Row, Dir>(label, f, xs, exact, "eigen",
                          [&f](std::span<const float> in, std::span<float> out) {
                            const auto n = static_cast<Eigen::Index>(in.size());
                            const activ_peers::eigen_in<float> x(in.data(), n);
                            activ_peers::eigen_out<float> y(out.data(), n);
                            if constexpr (Forward) {
                              eigen::forward(f, x, y);
                            } else {
                              eigen::derivative(f, x, y);
                            }
                          });
      }
#endif
#ifdef ACTIV_BENCH_HAVE_ONEDNN
      if constexpr (Forward) {
        if (const auto spelling = activ_peers::onednn_spelling(f)) {
          measure<Row, Dir>(label, f, xs, exact, "onednn",
                            [&spelling](std::span<const float> in, std::span<float> out) {
                              activ_peers::onednn_primitive run(*spelling, in.size());
                              run(in.data(), out.data());
                            });
        }
      }
#endif
#ifdef ACTIV_BENCH_HAVE_XNNPACK
      if constexpr (Forward) {
        std::vector<float> probe(1);
        const float zero = 0.0F;
        if (activ_peers::xnnpack_run(f, std::span<const float>(&zero, 1), probe)) {
          measure<Row, Dir>(label, f, xs, exact, "xnnpack",
                            [&f](std::span<const float> in, std::span<float> out) {
                              activ_peers::xnnpack_run(f, in, out);
                            });
        }
      }
#endif
#ifdef ACTIV_BENCH_HAVE_SLEEF
      if constexpr (Forward) {
        if (activ_peers::sleef_form(f, 0.0F)) {
          measure<Row, Dir>(label, f, xs, exact, "sleef",
                            [&f](std::span<const float> in, std::span<float> out) {
                              for (std::size_t i = 0; i < in.size(); ++i)
                                out[i] = *activ_peers::sleef_form(f, in[i]);
                            });
        }
      }
#endif
#ifdef ACTIV_BENCH_HAVE_ATEN
      measure<Row, Dir>(label, f, xs, exact, "aten",
                        [k](std::span<const float> in, std::span<float> out) {
                          if constexpr (Forward) {
                            activ_peers::aten_forward(Row::name, k, in, out);
                          } else {
                            activ_peers::aten_derivative(Row::name, k, in, out);
                          }
                        });
#endif
    };
    both.template operator()<typename Row::forward, true>();
    both.template operator()<typename Row::derivative, false>();
    (void)opts;
  }
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view option = argv[i];
    if (option == "--stride") {
      opts.stride = static_cast<std::uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
    } else if (option == "--only") {
      opts.only = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: activ_peer_accuracy [--stride k] [--only <row>]\n");
      return 2;
    }
  }
  if (opts.stride == 0 || !std::has_single_bit(opts.stride)) {
    std::fprintf(stderr, "activ_peer_accuracy: --stride takes a power of two\n");
    return 2;
  }
#ifdef ACTIV_BENCH_HAVE_ONEDNN
  omp_set_num_threads(1);
#endif
  const std::vector<float> xs = sweep_inputs(opts.stride);
  std::printf("float, every %u-th bit pattern of each sign (%zu inputs) and ±∞, NaN\n", opts.stride,
              xs.size());
  activ_test::for_each_row([&]<class Row>() {
    if (opts.only.empty() || Row::name == opts.only) check_row<Row>(opts, xs);
  });
  return 0;
}
