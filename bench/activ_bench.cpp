// Throughput of activ's span entry points against two baselines measured in the same process:
//   activ/<activation>/<direction>/<type>/<n>     f.forward(in, out) or f.derivative(in, out)
//   textbook/<activation>/<direction>/<type>/<n>  a plain loop over the naive formula
//   memcpy/<type>/<n>                             std::memcpy of the same bytes: the memory ceiling
// Every benchmark reads n elements and writes n others (out of place, distinct arrays), and reports
// items/s and bytes/s counted as read + write. bench/table.py turns the JSON output into a table.

#include <activ/activ.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

// 4 Ki elements stay in L1/L2 (16 or 32 KiB per array), 256 Ki in L2/L3 (1 or 2 MiB per array),
// 16 Mi come from DRAM (64 or 128 MiB per array): compute-bound, cache-bound, memory-bound.
// Caveat for code that branches on the sign of x: the 4 Ki input repeats on every iteration, and a
// modern branch predictor learns much of its pattern, which it cannot at 256 Ki. Where a kernel is
// several times faster at 4 Ki than at 256 Ki, the larger size is the honest figure.
constexpr std::array<std::int64_t, 3> sizes = {4096, 262144, 16777216};

enum class direction { forward, derivative };
enum class implementation { activ, textbook };

constexpr std::string_view to_string(direction d) {
  return d == direction::forward ? "forward" : "derivative";
}

template <class T>
constexpr std::string_view type_name = std::is_same_v<T, float> ? "float" : "double";

// The naive formulas a user would write by hand, evaluated in T. The functor is passed only for the
// α of the parametrised activations, so both sides compute the same function.
template <template <class> class Activation>
struct textbook;

template <>
struct textbook<activ::sigmoid> {
  template <class T>
  static T forward(const activ::sigmoid<T>&, T x) {
    return T(1) / (T(1) + std::exp(-x));
  }
  template <class T>
  static T derivative(const activ::sigmoid<T>& f, T x) {
    const T s = forward(f, x);
    return s * (T(1) - s);
  }
};

template <>
struct textbook<activ::tanh> {
  template <class T>
  static T forward(const activ::tanh<T>&, T x) {
    return std::tanh(x);
  }
  template <class T>
  static T derivative(const activ::tanh<T>&, T x) {
    const T t = std::tanh(x);
    return T(1) - t * t;
  }
};

template <>
struct textbook<activ::relu> {
  template <class T>
  static T forward(const activ::relu<T>&, T x) {
    return x > T(0) ? x : T(0);
  }
  template <class T>
  static T derivative(const activ::relu<T>&, T x) {
    return x > T(0) ? T(1) : T(0);
  }
};

template <>
struct textbook<activ::leaky_relu> {
  template <class T>
  static T forward(const activ::leaky_relu<T>& f, T x) {
    return x > T(0) ? x : f.alpha() * x;
  }
  template <class T>
  static T derivative(const activ::leaky_relu<T>& f, T x) {
    return x > T(0) ? T(1) : f.alpha();
  }
};

template <>
struct textbook<activ::elu> {
  template <class T>
  static T forward(const activ::elu<T>& f, T x) {
    return x > T(0) ? x : f.alpha() * (std::exp(x) - T(1));
  }
  template <class T>
  static T derivative(const activ::elu<T>& f, T x) {
    return x > T(0) ? T(1) : f.alpha() * std::exp(x);
  }
};

// n inputs spread uniformly over [−10, 10] in random order, the same on every run and platform:
// the raw mt19937 output is specified by the standard where the distributions are not. The random
// order keeps branchy code honest, and [−10, 10] covers both tails of sigmoid and tanh. Cached per
// size because the library calls each benchmark several times while it picks an iteration count.
template <class T>
const std::vector<T>& inputs(std::size_t n) {
  static std::map<std::size_t, std::vector<T>> cache;
  auto [it, inserted] = cache.try_emplace(n);
  if (inserted) {
    std::mt19937 engine(20240601u);
    it->second.resize(n);
    for (T& x : it->second) {
      x = static_cast<T>(-10.0 + 20.0 * static_cast<double>(engine()) / 4294967296.0);
    }
  }
  return it->second;
}

// Times kernel(in, out) on state.range(0) elements. The output is allocated (and so page-faulted)
// before the timed loop; the pointers escape and memory is clobbered on every iteration, so the
// compiler can neither drop the stores nor hoist the work out of the loop.
template <class T, class Kernel>
void measure(benchmark::State& state, Kernel kernel) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<T>& in = inputs<T>(n);
  std::vector<T> out(n);
  const T* src = in.data();
  T* dst = out.data();
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(src);
    benchmark::DoNotOptimize(dst);
    kernel(std::span<const T>(src, n), std::span<T>(dst, n));
    benchmark::ClobberMemory();
  }
  const std::int64_t items = state.iterations() * state.range(0);
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * 2 * static_cast<std::int64_t>(sizeof(T)));
}

template <implementation Impl, template <class> class Activation, direction Dir, class T>
void bm_elementwise(benchmark::State& state) {
  // Default-initialised, not `f{}`: relu, sigmoid and tanh are aggregates whose base has a
  // protected constructor, so list-initialisation does not compile for them.
  const Activation<T> f;
  measure<T>(state, [&f](std::span<const T> in, std::span<T> out) {
    if constexpr (Impl == implementation::activ) {
      if constexpr (Dir == direction::forward) {
        f.forward(in, out);
      } else {
        f.derivative(in, out);
      }
    } else {
      const std::size_t n = in.size();
      const T* src = in.data();
      T* dst = out.data();
      for (std::size_t i = 0; i < n; ++i) {
        if constexpr (Dir == direction::forward) {
          dst[i] = textbook<Activation>::forward(f, src[i]);
        } else {
          dst[i] = textbook<Activation>::derivative(f, src[i]);
        }
      }
    }
  });
}

template <class T>
void bm_memcpy(benchmark::State& state) {
  measure<T>(state, [](std::span<const T> in, std::span<T> out) {
    std::memcpy(out.data(), in.data(), in.size_bytes());
  });
}

void register_sizes(const std::string& name, void (*fn)(benchmark::State&)) {
  benchmark::internal::Benchmark* b = benchmark::RegisterBenchmark(name.c_str(), fn);
  for (const std::int64_t n : sizes) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}

template <template <class> class Activation, direction Dir, class T>
void register_pair() {
  std::string suffix(Activation<T>::name);
  suffix += '/';
  suffix += to_string(Dir);
  suffix += '/';
  suffix += type_name<T>;
  register_sizes("activ/" + suffix, &bm_elementwise<implementation::activ, Activation, Dir, T>);
  register_sizes("textbook/" + suffix,
                 &bm_elementwise<implementation::textbook, Activation, Dir, T>);
}

template <template <class> class Activation, class T>
void register_activation() {
  register_pair<Activation, direction::forward, T>();
  register_pair<Activation, direction::derivative, T>();
}

template <class T>
void register_type() {
  register_sizes("memcpy/" + std::string(type_name<T>), &bm_memcpy<T>);
  register_activation<activ::sigmoid, T>();
  register_activation<activ::tanh, T>();
  register_activation<activ::relu, T>();
  register_activation<activ::leaky_relu, T>();
  register_activation<activ::elu, T>();
}

}  // namespace

int main(int argc, char** argv) {
  register_type<float>();
  register_type<double>();
  // Recorded in the JSON context beside the CPU description, so that a results file says how the
  // code it measured was built.
#ifdef ACTIV_BENCH_COMPILER
  benchmark::AddCustomContext("activ_compiler", ACTIV_BENCH_COMPILER);
#endif
#ifdef ACTIV_BENCH_FLAGS
  benchmark::AddCustomContext("activ_cxx_flags", ACTIV_BENCH_FLAGS);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
