// Throughput of activ's span entry points against the alternatives a user has, measured in the
// same process on the same inputs, for every row of the test registry (tests/registry.hpp) with
// the row's first configuration (α = 0.01 for leaky_relu, 1 for elu):
//   activ/<activation>/<direction>/<type>/<n>     f.forward(in, out) or f.derivative(in, out)
//   fast/<activation>/<direction>/<type>/<n>      the same with activ::fast, for the activations
//                                                 with a fast kernel of their own on the
//                                                 instruction set in use (elsewhere the tag runs
//                                                 the precise kernel, timed above)
//   textbook/<activation>/<direction>/<type>/<n>  a plain loop over the row's textbook formula,
//                                                 the naive one a user would write
//   eigen/<activation>/<direction>/<type>/<n>     Eigen's array expressions over Eigen::Map views
//                                                 of the same buffers, for the activations
//                                                 eigen_ops spells in Eigen (built where CMake
//                                                 finds Eigen 3.3 or later: ACTIV_BENCH_HAVE_EIGEN)
//   onednn/<activation>/forward/float/<n>        oneDNN's eltwise primitive (f32, forward
//                                                 inference) for the activations it has, run on
//                                                 one thread (the program sets oneDNN's OpenMP
//                                                 threads to one; built where CMake finds oneDNN:
//                                                 ACTIV_BENCH_HAVE_ONEDNN)
//   xnnpack/<activation>/forward/float/<n>       XNNPACK's f32 operator, made once and set up
//                                                 and run per call, without a thread pool, for
//                                                 the activations it has (built where CMake finds
//                                                 XNNPACK: ACTIV_BENCH_HAVE_XNNPACK)
// and two ceilings that bound what any elementwise kernel can reach:
//   memcpy/<type>/<n>                             std::memcpy of the same bytes: the memory ceiling
//   scale/<type>/<n>                              y[i] = a·x[i]: the cheapest loop that computes
// and the cost of choosing the activation at run time, for the rows of any_activation_rows below,
// at 4 Ki floats only (in cache, where a per-call overhead shows most):
//   any/<activation>/erased/float/4096            activ::any_activation<float>::forward(in, out),
//                                                 made by activ::parse from the text of the
//                                                 row's first configuration
//   any/<activation>/concrete/float/4096          the functor's own forward(in, out), the baseline
// and the training members against what a user writes without them, for every row (float, the
// row's first configuration):
//   training/<activation>/fused/float/<n>         f.backward(x, g, grad_in): one pass
//   training/<activation>/two_pass/float/<n>      f.derivative(x, grad_in), then grad_in[i] *= g[i]
//   training/<activation>/fused_from_output/...   f.backward_from_output(y, g, grad_in)
//   training/<activation>/two_pass_from_output/.. f.derivative_from_output(y, grad_in), then the
//                                                 product (rows whose output determines f′)
// (these read two arrays of n and write one: bytes/s counts all three).
// Every other benchmark reads n elements and writes n others (out of place, distinct arrays), and
// reports items/s and bytes/s counted as read + write. bench/table.py turns the JSON output into a
// table.
//
// activ's rows run the kernels of the best instruction set the CPU has (recorded in the JSON
// context as activ_isa); --activ_isa=avx2_fma (or sse2, portable, scalar) runs another one, e.g.
// to see on an AVX-512 machine what a CPU without AVX-512 gets.

#include <activ/activ.hpp>

#include <benchmark/benchmark.h>

#include "peers.hpp"
#include "registry.hpp"

#ifdef ACTIV_BENCH_HAVE_ONEDNN
#include <omp.h>

#include <unordered_map>
#endif

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

#ifdef ACTIV_BENCH_HAVE_EIGEN
using activ_peers::eigen_array;
using activ_peers::eigen_in;
using activ_peers::eigen_ops;
using activ_peers::eigen_out;
#endif
#ifdef ACTIV_BENCH_HAVE_ONEDNN
using activ_peers::onednn_primitive;
using activ_peers::onednn_spelling;
#endif

// 4 Ki elements stay in L1/L2 (16 or 32 KiB per array), 256 Ki in L2/L3 (1 or 2 MiB per array),
// 16 Mi come from DRAM (64 or 128 MiB per array): compute-bound, cache-bound, memory-bound.
// Caveat for code that branches on the sign of x: the 4 Ki input repeats on every iteration, and a
// modern branch predictor learns much of its pattern, which it cannot at 256 Ki. Where a kernel is
// several times faster at 4 Ki than at 256 Ki, the larger size is the honest figure.
constexpr std::array<std::int64_t, 3> sizes = {4096, 262144, 16777216};

enum class direction { forward, derivative };
enum class implementation { activ, fast, textbook, eigen, onednn, xnnpack };

constexpr std::string_view to_string(direction d) {
  return d == direction::forward ? "forward" : "derivative";
}

template <class T>
constexpr std::string_view type_name = std::is_same_v<T, float> ? "float" : "double";

// n inputs in random order, the same on every run and platform (the raw mt19937 output is
// specified by the standard where the distributions are not, and ldexp is exact). Fifteen in
// sixteen are uniform over [−10, 10], where pre-activations mostly live and both tails of sigmoid
// and tanh begin; one in sixteen has a random sign and a magnitude spread evenly over the binades
// of [2^−12, 2^5), reaching the small arguments where careful kernels switch formulation and the
// saturated tails up to ±32. Every result stays a normal float there (tanh′(x) ≈ 4e^−2|x| turns
// subnormal only beyond |x| ≈ 44.4), so the timing measures the kernels, not how the CPU handles
// subnormals. The random order keeps branchy code honest.
//
// Input and output share one allocation, cached per size (the library calls each benchmark several
// times while it picks an iteration count), so every implementation reads the same values from
// the same addresses and writes to the same addresses: both arrays start on a 64-byte boundary,
// the output n·sizeof(T) rounded up to 4 KiB, plus 2 KiB, after the input, so that in[i] and
// out[i] never share their low 12 address bits (a load that matches a pending store's there waits
// for it: 4 KiB aliasing). With an output allocated per benchmark, where it landed relative to the
// input moved the L1- and L2-bound rows (relu, leaky_relu) by tens of percent between runs.
template <class T>
struct arrays {
  std::vector<T> storage;
  const T* in = nullptr;
  T* out = nullptr;
};

template <class T>
const arrays<T>& buffers(std::size_t n) {
  static std::map<std::size_t, arrays<T>> cache;
  auto [it, inserted] = cache.try_emplace(n);
  if (inserted) {
    constexpr std::size_t page = 4096;
    constexpr std::size_t line = 64;
    const std::size_t gap = (n * sizeof(T) + page - 1) / page * page + page / 2;
    arrays<T>& a = it->second;
    a.storage.resize((gap + n * sizeof(T) + line) / sizeof(T));
    const auto base = std::bit_cast<std::uintptr_t>(a.storage.data());
    const std::size_t skip = ((line - base % line) % line) / sizeof(T);
    T* in = a.storage.data() + skip;
    a.in = in;
    a.out = in + gap / sizeof(T);
    std::mt19937 engine(20240601u);
    const auto unit = [&engine] { return static_cast<double>(engine()) / 4294967296.0; };
    for (T& x : std::span<T>(in, n)) {
      const auto pick = static_cast<std::uint32_t>(engine());
      if (pick % 16u != 0u) {
        x = static_cast<T>(-10.0 + 20.0 * unit());
      } else {
        const int binade = static_cast<int>((pick >> 4u) % 17u) - 12;  // −12 ... 4
        const double magnitude = std::ldexp(1.0 + unit(), binade);
        x = static_cast<T>((pick & (1u << 31u)) != 0u ? -magnitude : magnitude);
      }
    }
  }
  return it->second;
}

// Hides a pointer's value from the optimiser before each timed iteration, as
// benchmark::DoNotOptimize does, but with the one-alternative constraint "+r". Google Benchmark
// 1.7's DoNotOptimize offers g++ the two alternatives "+m,r", and g++ 12 at -O3 -march=native
// miscompiled that in bm_training (softplus, from the output, float): the pointer was reloaded
// from a stack slot that held the element count, and the loop read address 0x1000.
template <class T>
inline void escape(T*& pointer) {
#if defined(__GNUC__)
  asm volatile("" : "+r"(pointer) : : "memory");
#else
  benchmark::DoNotOptimize(pointer);
#endif
}

// Times kernel(in, out) on state.range(0) elements. The output was allocated (and so
// page-faulted) before the timed loop; the pointers escape and memory is clobbered on every
// iteration, so the compiler can neither drop the stores nor hoist the work out of the loop.
template <class T, class Kernel>
void measure(benchmark::State& state, Kernel kernel) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const arrays<T>& a = buffers<T>(n);
  const T* src = a.in;
  T* dst = a.out;
  for ([[maybe_unused]] auto _ : state) {
    escape(src);
    escape(dst);
    kernel(std::span<const T>(src, n), std::span<T>(dst, n));
    benchmark::ClobberMemory();
  }
  const std::int64_t items = state.iterations() * state.range(0);
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * 2 * static_cast<std::int64_t>(sizeof(T)));
}

// The row's nested struct for a direction, which holds its textbook formula.
template <class Row, direction Dir>
using row_direction =
    std::conditional_t<Dir == direction::forward, typename Row::forward, typename Row::derivative>;

template <implementation Impl, class Row, direction Dir, class T>
void bm_elementwise(benchmark::State& state) {
  const typename Row::template functor<T> f = Row::template configurations<T>().front();
  measure<T>(state, [&f](std::span<const T> in, std::span<T> out) {
    if constexpr (Impl == implementation::activ) {
      if constexpr (Dir == direction::forward) {
        f.forward(in, out);
      } else {
        f.derivative(in, out);
      }
    } else if constexpr (Impl == implementation::fast) {
      if constexpr (Dir == direction::forward) {
        f.forward(activ::fast, in, out);
      } else {
        f.derivative(activ::fast, in, out);
      }
    } else if constexpr (Impl == implementation::xnnpack) {
#ifdef ACTIV_BENCH_HAVE_XNNPACK
      static_assert(Dir == direction::forward && std::is_same_v<T, float>);
      static std::map<std::size_t, activ_peers::xnnpack_operator> operators;
      auto it = operators.find(in.size());
      if (it == operators.end()) {
        it = operators.try_emplace(in.size(), *activ_peers::xnnpack_operator::make(f, in.size()))
                 .first;
      }
      if (!it->second(in.data(), out.data())) std::abort();
#endif
    } else if constexpr (Impl == implementation::textbook) {
      const std::size_t n = in.size();
      const T* src = in.data();
      T* dst = out.data();
      for (std::size_t i = 0; i < n; ++i) {
        dst[i] = row_direction<Row, Dir>::template textbook<T>(src[i], f);
      }
    } else if constexpr (Impl == implementation::onednn) {
#ifdef ACTIV_BENCH_HAVE_ONEDNN
      static_assert(Dir == direction::forward && std::is_same_v<T, float>);
      static std::unordered_map<std::size_t, onednn_primitive> primitives;
      auto it = primitives.find(in.size());
      if (it == primitives.end()) {
        it = primitives.try_emplace(in.size(), *onednn_spelling(f), in.size()).first;
      }
      it->second(in.data(), out.data());
#endif
    } else {
#ifdef ACTIV_BENCH_HAVE_EIGEN
      const auto n = static_cast<Eigen::Index>(in.size());
      const eigen_in<T> x(in.data(), n);
      eigen_out<T> y(out.data(), n);
      using ops = eigen_ops<typename Row::template functor<T>>;
      if constexpr (Dir == direction::forward) {
        ops::forward(f, x, y);
      } else {
        ops::derivative(f, x, y);
      }
#endif
    }
  });
}

// The rows whose any_activation is timed against the functor: one exact, memory-bound kernel and
// one transcendental one. Adding a row here adds its two benchmarks.
using any_activation_rows = activ_test::row_list<activ_test::relu_row, activ_test::sigmoid_row>;

template <class Row, bool Erased>
void bm_any_activation(benchmark::State& state) {
  using functor = typename Row::template functor<float>;
  const functor f = Row::template configurations<float>().front();
  // The same configuration, through its text at run time and hidden from the optimiser, so that
  // the call cannot be devirtualised.
  activ::any_activation<float> a = activ::parse<float>(activ::any_activation<float>(f).spec());
  benchmark::DoNotOptimize(a);
  measure<float>(state, [&](std::span<const float> in, std::span<float> out) {
    if constexpr (Erased) {
      a.forward(in, out);
    } else {
      f.forward(in, out);
    }
  });
}

// The training members: x (or y = f(x), computed once before timing) and a gradient in [−1, 1].
// The gradient stream of the training rows: n values drawn uniformly from [−1, 1), the same in
// every run.
std::vector<float> random_gradient(std::size_t n) {
  std::vector<float> gradient(n);
  std::mt19937 engine(20261206u);
  std::uniform_real_distribution<float> unit(-1.0F, 1.0F);
  for (float& g : gradient) g = unit(engine);
  return gradient;
}

enum class training { fused, two_pass, fused_from_output, two_pass_from_output };

template <class Row, training Kind>
void bm_training(benchmark::State& state) {
  using functor = typename Row::template functor<float>;
  const functor f = Row::template configurations<float>().front();
  const auto n = static_cast<std::size_t>(state.range(0));
  const arrays<float>& a = buffers<float>(n);
  std::vector<float> input(a.in, a.in + n);
  if constexpr (Kind == training::fused_from_output || Kind == training::two_pass_from_output) {
    f.forward(std::span<const float>(input), std::span<float>(input));
  }
  const std::vector<float> gradient = random_gradient(n);
  const float* x = input.data();
  const float* g = gradient.data();
  float* out = a.out;
  for ([[maybe_unused]] auto _ : state) {
    escape(x);
    escape(g);
    escape(out);
    const std::span<const float> xs(x, n);
    const std::span<const float> gs(g, n);
    const std::span<float> outs(out, n);
    if constexpr (Kind == training::fused) {
      f.backward(xs, gs, outs);
    } else if constexpr (Kind == training::fused_from_output) {
      f.backward_from_output(xs, gs, outs);
    } else {
      if constexpr (Kind == training::two_pass) {
        f.derivative(xs, outs);
      } else {
        f.derivative_from_output(xs, outs);
      }
      for (std::size_t i = 0; i < n; ++i) out[i] *= g[i];
    }
    benchmark::ClobberMemory();
  }
  const std::int64_t items = state.iterations() * state.range(0);
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * 3 * static_cast<std::int64_t>(sizeof(float)));
}

template <class T>
void bm_memcpy(benchmark::State& state) {
  measure<T>(state, [](std::span<const T> in, std::span<T> out) {
    std::memcpy(out.data(), in.data(), in.size_bytes());
  });
}

// y = a·x: one multiplication per element, which every compiler vectorises, so the rate at which
// an elementwise loop that computes anything at all can stream; at 16 Mi it should meet memcpy.
// `a` is opaque to the optimiser, so the loop cannot be folded into a copy.
template <class T>
void bm_scale(benchmark::State& state) {
  T a = T(0.5);
  benchmark::DoNotOptimize(a);
  measure<T>(state, [a](std::span<const T> in, std::span<T> out) {
    const std::size_t n = in.size();
    const T* src = in.data();
    T* dst = out.data();
    for (std::size_t i = 0; i < n; ++i) dst[i] = a * src[i];
  });
}

void register_sizes(const std::string& name, void (*fn)(benchmark::State&)) {
  benchmark::internal::Benchmark* b = benchmark::RegisterBenchmark(name.c_str(), fn);
  for (const std::int64_t n : sizes) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}

template <class Row, direction Dir, class T>
void register_direction() {
  std::string suffix(Row::name);
  suffix += '/';
  suffix += to_string(Dir);
  suffix += '/';
  suffix += type_name<T>;
  register_sizes("activ/" + suffix, &bm_elementwise<implementation::activ, Row, Dir, T>);
  {
    using activ::detail::simd::active;
    using activ::detail::simd::has_fast_kernel;
    constexpr auto kernel_direction = Dir == direction::forward
                                          ? activ::detail::simd::direction::forward
                                          : activ::detail::simd::direction::derivative;
    if (has_fast_kernel<typename Row::template functor<T>, kernel_direction>(active())) {
      register_sizes("fast/" + suffix, &bm_elementwise<implementation::fast, Row, Dir, T>);
    }
  }
  register_sizes("textbook/" + suffix, &bm_elementwise<implementation::textbook, Row, Dir, T>);
#ifdef ACTIV_BENCH_HAVE_EIGEN
  if constexpr (eigen_ops<typename Row::template functor<T>>::available) {
    register_sizes("eigen/" + suffix, &bm_elementwise<implementation::eigen, Row, Dir, T>);
  }
#endif
#ifdef ACTIV_BENCH_HAVE_XNNPACK
  if constexpr (Dir == direction::forward && std::is_same_v<T, float>) {
    if (activ_peers::xnnpack_operator::offers(Row::template configurations<T>().front())) {
      register_sizes("xnnpack/" + suffix, &bm_elementwise<implementation::xnnpack, Row, Dir, T>);
    }
  }
#endif
#ifdef ACTIV_BENCH_HAVE_ONEDNN
  if constexpr (Dir == direction::forward && std::is_same_v<T, float>) {
    if (onednn_spelling(Row::template configurations<T>().front())) {
      register_sizes("onednn/" + suffix, &bm_elementwise<implementation::onednn, Row, Dir, T>);
    }
  }
#endif
}

void register_any_activation() {
  []<class... Rows>(activ_test::row_list<Rows...>) {
    const auto add = [](const std::string& name, void (*fn)(benchmark::State&)) {
      benchmark::RegisterBenchmark(name.c_str(), fn)->Arg(4096)->Unit(benchmark::kMicrosecond);
    };
    (add("any/" + std::string(Rows::name) + "/erased/float", &bm_any_activation<Rows, true>), ...);
    (add("any/" + std::string(Rows::name) + "/concrete/float", &bm_any_activation<Rows, false>),
     ...);
  }(any_activation_rows{});
}

void register_training() {
  const auto add = [](const std::string& name, void (*fn)(benchmark::State&)) {
    benchmark::RegisterBenchmark(name.c_str(), fn)
        ->Arg(4096)
        ->Arg(16777216)
        ->Unit(benchmark::kMicrosecond);
  };
  activ_test::for_each_row([&add]<class Row>() {
    const std::string prefix = "training/" + std::string(Row::name) + "/";
    add(prefix + "fused/float", &bm_training<Row, training::fused>);
    add(prefix + "two_pass/float", &bm_training<Row, training::two_pass>);
    if constexpr (activ::output_determines_derivative<typename Row::template functor<float>>) {
      add(prefix + "fused_from_output/float", &bm_training<Row, training::fused_from_output>);
      add(prefix + "two_pass_from_output/float", &bm_training<Row, training::two_pass_from_output>);
    }
  });
}

// One activation's forward or fused backward over a large float array, with ordinary stores
// (range(1) = 0) or with non-temporal ones (1), whatever its size: the two loops side by side in
// one process, for the choice of the size from which the library streams (kernel.hpp).
template <class Row, bool Backward>
void bm_streaming(benchmark::State& state) {
  namespace simd = activ::detail::simd;
  const std::size_t threshold = simd::streaming_threshold();
  simd::set_streaming_threshold(state.range(1) != 0 ? 0 : std::numeric_limits<std::size_t>::max());
  if constexpr (Backward) {
    bm_training<Row, training::fused>(state);
  } else {
    bm_elementwise<implementation::activ, Row, direction::forward, float>(state);
  }
  simd::set_streaming_threshold(threshold);
}

void register_streaming() {
  activ_test::for_each_row([]<class Row>() {
    const auto add = [](const std::string& name, void (*fn)(benchmark::State&)) {
      auto* b = benchmark::RegisterBenchmark(name.c_str(), fn);
      for (const std::int64_t n : {std::int64_t{1} << 20, std::int64_t{1} << 24}) {
        b->Args({n, 0})->Args({n, 1});
      }
      b->ArgNames({"n", "non_temporal"})->Unit(benchmark::kMicrosecond);
    };
    add("streaming/" + std::string(Row::name) + "/forward/float", &bm_streaming<Row, false>);
    add("streaming/" + std::string(Row::name) + "/backward/float", &bm_streaming<Row, true>);
  });
}

template <class T>
void register_type() {
  register_sizes("memcpy/" + std::string(type_name<T>), &bm_memcpy<T>);
  register_sizes("scale/" + std::string(type_name<T>), &bm_scale<T>);
  activ_test::for_each_row([]<class Row>() {
    register_direction<Row, direction::forward, T>();
    register_direction<Row, direction::derivative, T>();
  });
}

// The CPU's model name, which Google Benchmark's context lacks; empty where /proc/cpuinfo does not
// exist (other systems) or has no such line (some architectures).
std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.starts_with("model name")) {
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) break;
      const std::size_t first = line.find_first_not_of(" \t", colon + 1);
      return first == std::string::npos ? std::string() : line.substr(first);
    }
  }
  return {};
}

// Applies and removes --activ_isa=<name> from the arguments, which Google Benchmark would reject;
// false, with a message, for a name that is not an instruction set this build and CPU can run.
bool select_instruction_set(int& argc, char** argv) {
  namespace simd = activ::detail::simd;
  constexpr std::string_view flag = "--activ_isa=";
  int kept = 1;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (!argument.starts_with(flag)) {
      argv[kept++] = argv[i];
      continue;
    }
    const std::string_view wanted = argument.substr(flag.size());
    bool found = false;
    for (const simd::isa set : {simd::isa::scalar, simd::isa::portable, simd::isa::sse2,
                                simd::isa::avx2_fma, simd::isa::avx512}) {
      if (wanted == simd::name(set)) {
        found = simd::select(set);
        break;
      }
    }
    if (!found) {
      std::fprintf(stderr, "activ_bench: %.*s is not an instruction set this build and CPU run\n",
                   static_cast<int>(wanted.size()), wanted.data());
      ok = false;
    }
  }
  argc = kept;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (!select_instruction_set(argc, argv)) return 1;
  register_type<float>();
  register_type<double>();
  register_any_activation();
  register_training();
  register_streaming();
  // Recorded in the JSON context beside the CPU description, so that a results file says how the
  // code it measured was built and what it ran on.
#ifdef ACTIV_BENCH_COMPILER
  benchmark::AddCustomContext("activ_compiler", ACTIV_BENCH_COMPILER);
#endif
#ifdef ACTIV_BENCH_FLAGS
  benchmark::AddCustomContext("activ_cxx_flags", ACTIV_BENCH_FLAGS);
#endif
#ifdef ACTIV_BENCH_HAVE_EIGEN
  // The instruction sets Eigen compiled its packet math for: SSE2 alone without -march, AVX2 and
  // FMA (or AVX-512) with -march=native on a recent x86-64.
  benchmark::AddCustomContext("activ_eigen", std::to_string(EIGEN_WORLD_VERSION) + "." +
                                                 std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                                 std::to_string(EIGEN_MINOR_VERSION) + " (" +
                                                 Eigen::SimdInstructionSetsInUse() + ")");
#endif
#ifdef ACTIV_BENCH_HAVE_ONEDNN
  // One thread, as every other row: oneDNN's primitives would otherwise spread over all cores.
  omp_set_num_threads(1);
  const dnnl_version_t* onednn = dnnl::version();
  benchmark::AddCustomContext("activ_onednn", std::to_string(onednn->major) + "." +
                                                  std::to_string(onednn->minor) + "." +
                                                  std::to_string(onednn->patch));
#endif
  if (const std::string model = cpu_model(); !model.empty()) {
    benchmark::AddCustomContext("activ_cpu", model);
  }
  benchmark::AddCustomContext("activ_isa",
                              activ::detail::simd::name(activ::detail::simd::active()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
