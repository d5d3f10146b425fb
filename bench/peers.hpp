#pragma once
// The peers a user would pick instead of activ, spelled as their users write them, for the
// benchmark (activ_bench.cpp) and the peers' accuracy (peer_accuracy.cpp): Eigen's array
// expressions (ACTIV_BENCH_HAVE_EIGEN), oneDNN's eltwise primitive (ACTIV_BENCH_HAVE_ONEDNN),
// XNNPACK's operators (ACTIV_BENCH_HAVE_XNNPACK) and the textbook formulas on SLEEF's functions
// (ACTIV_BENCH_HAVE_SLEEF). ATen is in aten_peer.hpp.

#include <activ/activ.hpp>

#ifdef ACTIV_BENCH_HAVE_EIGEN
#include <Eigen/Core>
#endif
#ifdef ACTIV_BENCH_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif
#ifdef ACTIV_BENCH_HAVE_XNNPACK
#include <xnnpack.h>
#endif
#ifdef ACTIV_BENCH_HAVE_SLEEF
#include <sleef.h>
#endif

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

namespace activ_peers {

#ifdef ACTIV_BENCH_HAVE_EIGEN
// What an Eigen user writes: whole-array expressions, evaluated by Eigen's own vectorised packet
// math (logistic, tanh, exp and expm1 for float; tanh for double is std::tanh per element in
// Eigen 3.4). The maps view the benchmark's buffers, and a coefficient-wise expression assigned
// to a Map needs no temporary, so nothing is allocated in the timed loop. Where the derivative
// reuses the forward value (σ′ = σ(1 − σ), tanh′ = 1 − tanh²), the natural spelling is two
// statements, the second in place over the output; one expression would evaluate the
// transcendental twice. ELU uses expm1, which Eigen has and vectorises, rather than exp − 1.
template <class T>
using eigen_array = Eigen::Array<T, Eigen::Dynamic, 1>;
template <class T>
using eigen_in = Eigen::Map<const eigen_array<T>>;
template <class T>
using eigen_out = Eigen::Map<eigen_array<T>>;

// The Eigen spelling of an activation, keyed by activ's functor; one without a specialisation has
// no eigen/ rows.
template <class F>
struct eigen_ops {
  static constexpr bool available = false;
};

template <class T>
struct eigen_ops<activ::sigmoid<T>> {
  static constexpr bool available = true;
  static void forward(const activ::sigmoid<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.logistic();
  }
  static void derivative(const activ::sigmoid<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.logistic();
    y *= T(1) - y;
  }
};

template <class T>
struct eigen_ops<activ::tanh<T>> {
  static constexpr bool available = true;
  static void forward(const activ::tanh<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.tanh();
  }
  static void derivative(const activ::tanh<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.tanh();
    y = T(1) - y.square();
  }
};

template <class T>
struct eigen_ops<activ::relu<T>> {
  static constexpr bool available = true;
  static void forward(const activ::relu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.max(T(0));
  }
  static void derivative(const activ::relu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(eigen_array<T>::Ones(x.size()), T(0));
  }
};

template <class T>
struct eigen_ops<activ::leaky_relu<T>> {
  static constexpr bool available = true;
  static void forward(const activ::leaky_relu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(x, f.alpha() * x);
  }
  static void derivative(const activ::leaky_relu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(eigen_array<T>::Ones(x.size()), f.alpha());
  }
};

template <class T>
struct eigen_ops<activ::elu<T>> {
  static constexpr bool available = true;
  static void forward(const activ::elu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(x, f.alpha() * x.expm1());
  }
  static void derivative(const activ::elu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(eigen_array<T>::Ones(x.size()), f.alpha() * x.exp());
  }
};

// The smooth functions of modern networks, as a user would spell them in Eigen: selu and celu as
// elu (PyTorch's constants rounded to T), silu as x·σ(x), softplus and log σ as the textbook
// logarithms (they overflow from βx ≈ 88.7 in float and lose log σ's small values; the
// benchmark's inputs stay inside [−32, 32]).
template <class T>
struct eigen_ops<activ::selu<T>> {
  static constexpr bool available = true;
  static constexpr T scale = T(1.0507009873554804934193349852946);
  static constexpr T alpha = T(1.6732632423543772848170429916717);
  static void forward(const activ::selu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = scale * (x > T(0)).select(x, alpha * x.expm1());
  }
  static void derivative(const activ::selu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = scale * (x > T(0)).select(eigen_array<T>::Ones(x.size()), alpha * x.exp());
  }
};

template <class T>
struct eigen_ops<activ::celu<T>> {
  static constexpr bool available = true;
  static void forward(const activ::celu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(x, f.alpha() * (x / f.alpha()).expm1());
  }
  static void derivative(const activ::celu<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (x > T(0)).select(eigen_array<T>::Ones(x.size()), (x / f.alpha()).exp());
  }
};

template <class T>
struct eigen_ops<activ::silu<T>> {
  static constexpr bool available = true;
  static void forward(const activ::silu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x * x.logistic();
  }
  static void derivative(const activ::silu<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = x.logistic();
    y = y * (T(1) + x * (T(1) - y));
  }
};

template <class T>
struct eigen_ops<activ::softplus<T>> {
  static constexpr bool available = true;
  static void forward(const activ::softplus<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (f.beta() * x).exp().log1p() / f.beta();
  }
  static void derivative(const activ::softplus<T>& f, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (f.beta() * x).logistic();
  }
};

template <class T>
struct eigen_ops<activ::log_sigmoid<T>> {
  static constexpr bool available = true;
  static void forward(const activ::log_sigmoid<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = -(-x).exp().log1p();
  }
  static void derivative(const activ::log_sigmoid<T>&, const eigen_in<T>& x, eigen_out<T>& y) {
    y = (-x).logistic();
  }
};
#endif

#ifdef ACTIV_BENCH_HAVE_ONEDNN
// What a oneDNN user runs: the eltwise primitive, f32, forward inference, in place of a loop. Its
// algorithm and parameters (alpha, beta) for activ's functor with the row's first configuration;
// none where oneDNN has no such function (selu, celu, hardsigmoid and softsign in oneDNN 2.6) or
// not with that parameter (its soft_relu has no β).
struct onednn_eltwise {
  dnnl::algorithm algorithm;
  float alpha = 0.0F;
  float beta = 0.0F;
};

template <class F>
std::optional<onednn_eltwise> onednn_spelling(const F& f) {
  using dnnl::algorithm;
  using fn = std::remove_cvref_t<F>;
  if constexpr (std::is_same_v<fn, activ::sigmoid<float>>) {
    return onednn_eltwise{algorithm::eltwise_logistic};
  } else if constexpr (std::is_same_v<fn, activ::tanh<float>>) {
    return onednn_eltwise{algorithm::eltwise_tanh};
  } else if constexpr (std::is_same_v<fn, activ::relu<float>>) {
    return onednn_eltwise{algorithm::eltwise_relu};
  } else if constexpr (std::is_same_v<fn, activ::leaky_relu<float>>) {
    return onednn_eltwise{algorithm::eltwise_relu, f.alpha()};
  } else if constexpr (std::is_same_v<fn, activ::elu<float>>) {
    return onednn_eltwise{algorithm::eltwise_elu, f.alpha()};
  } else if constexpr (std::is_same_v<fn, activ::silu<float>>) {
    return onednn_eltwise{algorithm::eltwise_swish, 1.0F};
  } else if constexpr (std::is_same_v<fn, activ::gelu<float>>) {
    return onednn_eltwise{f.approximate() == activ::gelu_approximation::tanh
                              ? algorithm::eltwise_gelu_tanh
                              : algorithm::eltwise_gelu_erf};
  } else if constexpr (std::is_same_v<fn, activ::mish<float>>) {
    return onednn_eltwise{algorithm::eltwise_mish};
  } else if constexpr (std::is_same_v<fn, activ::softplus<float>>) {
    if (f.beta() != 1.0F) return std::nullopt;
    return onednn_eltwise{algorithm::eltwise_soft_relu};
  } else if constexpr (std::is_same_v<fn, activ::log_sigmoid<float>>) {
    return onednn_eltwise{algorithm::eltwise_logsigmoid};
  } else if constexpr (std::is_same_v<fn, activ::hardtanh<float>>) {
    return onednn_eltwise{algorithm::eltwise_clip, f.min_val(), f.max_val()};
  } else if constexpr (std::is_same_v<fn, activ::relu6<float>>) {
    return onednn_eltwise{algorithm::eltwise_clip, 0.0F, 6.0F};
  } else if constexpr (std::is_same_v<fn, activ::hardswish<float>>) {
    return onednn_eltwise{algorithm::eltwise_hardswish};
  } else {
    (void)f;
    return std::nullopt;
  }
}

// The primitive for n elements, created once and reused (oneDNN JIT-compiles its kernel on
// creation, which no timed iteration should pay for).
class onednn_primitive {
 public:
  onednn_primitive(const onednn_eltwise& op, std::size_t n)
      : engine_(dnnl::engine::kind::cpu, 0),
        stream_(engine_),
        memory_({static_cast<dnnl::memory::dim>(n)}, dnnl::memory::data_type::f32,
                dnnl::memory::format_tag::a),
        primitive_(dnnl::eltwise_forward::primitive_desc(
            dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, op.algorithm, memory_,
                                        op.alpha, op.beta),
            engine_)),
        src_(memory_, engine_, DNNL_MEMORY_NONE),
        dst_(memory_, engine_, DNNL_MEMORY_NONE) {}
  void operator()(const float* in, float* out) {
    // oneDNN's handles are not const-correct; the primitive only reads its source.
    src_.set_data_handle(const_cast<float*>(in));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    dst_.set_data_handle(out);
    primitive_.execute(stream_, {{DNNL_ARG_SRC, src_}, {DNNL_ARG_DST, dst_}});
    stream_.wait();
  }

 private:
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::memory::desc memory_;
  dnnl::eltwise_forward primitive_;
  dnnl::memory src_;
  dnnl::memory dst_;
};
#endif

#ifdef ACTIV_BENCH_HAVE_XNNPACK
// What an XNNPACK user runs: the f32 operator of the activation, created once for n channels of
// one batch element, then set up over the buffers and run on each call, without a thread pool.
// Debian 12's XNNPACK (2022-02) has sigmoid, elu, leaky ReLU, hardswish and clamp (relu, relu6,
// hardtanh), and none of the other smooth functions: make() gives nothing for those.
class xnnpack_operator {
 public:
  template <class F>
  static std::optional<xnnpack_operator> make(const F& f, std::size_t n) {
    using fn = std::remove_cvref_t<F>;
    if (xnn_initialize(nullptr) != xnn_status_success) return std::nullopt;
    xnn_operator_t op = nullptr;
    setup_function setup = nullptr;
    xnn_status status = xnn_status_unsupported_parameter;
    const auto clamp = [&](float lo, float hi) {
      setup = &xnn_setup_clamp_nc_f32;
      return xnn_create_clamp_nc_f32(n, n, n, lo, hi, 0, &op);
    };
    if constexpr (std::is_same_v<fn, activ::sigmoid<float>>) {
      setup = &xnn_setup_sigmoid_nc_f32;
      status = xnn_create_sigmoid_nc_f32(n, n, n, 0, &op);
    } else if constexpr (std::is_same_v<fn, activ::elu<float>>) {
      setup = &xnn_setup_elu_nc_f32;
      status = xnn_create_elu_nc_f32(n, n, n, f.alpha(), 0, &op);
    } else if constexpr (std::is_same_v<fn, activ::leaky_relu<float>>) {
      setup = &xnn_setup_leaky_relu_nc_f32;
      status = xnn_create_leaky_relu_nc_f32(n, n, n, f.alpha(), 0, &op);
    } else if constexpr (std::is_same_v<fn, activ::hardswish<float>>) {
      setup = &xnn_setup_hardswish_nc_f32;
      status = xnn_create_hardswish_nc_f32(n, n, n, 0, &op);
    } else if constexpr (std::is_same_v<fn, activ::relu<float>>) {
      status = clamp(0.0F, std::numeric_limits<float>::infinity());
    } else if constexpr (std::is_same_v<fn, activ::relu6<float>>) {
      status = clamp(0.0F, 6.0F);
    } else if constexpr (std::is_same_v<fn, activ::hardtanh<float>>) {
      status = clamp(f.min_val(), f.max_val());
    } else {
      (void)f;
      (void)clamp;
      return std::nullopt;
    }
    if (status != xnn_status_success) return std::nullopt;
    return xnnpack_operator(op, setup);
  }

  // Whether XNNPACK offers the activation of F (the same cases as make()).
  template <class F>
  static bool offers(const F& f) {
    return make(f, 1).has_value();
  }

  xnnpack_operator(const xnnpack_operator&) = delete;
  xnnpack_operator& operator=(const xnnpack_operator&) = delete;
  xnnpack_operator(xnnpack_operator&& other) noexcept
      : op_(std::exchange(other.op_, nullptr)), setup_(other.setup_) {}
  xnnpack_operator& operator=(xnnpack_operator&&) = delete;
  ~xnnpack_operator() {
    if (op_ != nullptr) xnn_delete_operator(op_);
  }

  // out = f(in) over the n elements the operator was made for.
  bool operator()(const float* in, float* out) const {
    return setup_(op_, 1, in, out, nullptr) == xnn_status_success &&
           xnn_run_operator(op_, nullptr) == xnn_status_success;
  }

 private:
  using setup_function = xnn_status (*)(xnn_operator_t, std::size_t, const float*, float*,
                                        pthreadpool_t);
  xnnpack_operator(xnn_operator_t op, setup_function setup) : op_(op), setup_(setup) {}
  xnn_operator_t op_;
  setup_function setup_;
};

// One call: an operator made, run once over in → out, and deleted; false where XNNPACK has none.
template <class F>
bool xnnpack_run(const F& f, std::span<const float> in, std::span<float> out) {
  const std::optional<xnnpack_operator> op = xnnpack_operator::make(f, in.size());
  return op && (*op)(in.data(), out.data());
}
#endif

#ifdef ACTIV_BENCH_HAVE_SLEEF
// What a user who writes the textbook formulas on SLEEF's float functions gets: SLEEF's 1.0-ULP
// functions (expf, expm1f, log1pf, tanhf, erff; the scalar ones, which compute what the vector
// ones do), composed as the formulas read, forward only. PyTorch's constants for selu and the
// tanh form of gelu, rounded to float.
template <class F>
std::optional<float> sleef_form(const F& f, float x) {
  using fn = std::remove_cvref_t<F>;
  if constexpr (std::is_same_v<fn, activ::sigmoid<float>>) {
    return 1.0F / (1.0F + Sleef_expf_u10(-x));
  } else if constexpr (std::is_same_v<fn, activ::tanh<float>>) {
    return Sleef_tanhf_u10(x);
  } else if constexpr (std::is_same_v<fn, activ::elu<float>>) {
    return x > 0.0F ? x : f.alpha() * Sleef_expm1f_u10(x);
  } else if constexpr (std::is_same_v<fn, activ::selu<float>>) {
    constexpr float scale = 1.0507009873554804934193349852946F;
    constexpr float alpha = 1.6732632423543772848170429916717F;
    return scale * (x > 0.0F ? x : alpha * Sleef_expm1f_u10(x));
  } else if constexpr (std::is_same_v<fn, activ::celu<float>>) {
    return x > 0.0F ? x : f.alpha() * Sleef_expm1f_u10(x / f.alpha());
  } else if constexpr (std::is_same_v<fn, activ::silu<float>>) {
    return x / (1.0F + Sleef_expf_u10(-x));
  } else if constexpr (std::is_same_v<fn, activ::gelu<float>>) {
    if (f.approximate() == activ::gelu_approximation::tanh) {
      constexpr float k = 0.7978845608028654F;  // √(2/π)
      return 0.5F * x * (1.0F + Sleef_tanhf_u10(k * (x + 0.044715F * x * x * x)));
    }
    return 0.5F * x * (1.0F + Sleef_erff_u10(x * 0.70710678118654752F));
  } else if constexpr (std::is_same_v<fn, activ::mish<float>>) {
    return x * Sleef_tanhf_u10(Sleef_log1pf_u10(Sleef_expf_u10(x)));
  } else if constexpr (std::is_same_v<fn, activ::softplus<float>>) {
    return Sleef_log1pf_u10(Sleef_expf_u10(f.beta() * x)) / f.beta();
  } else if constexpr (std::is_same_v<fn, activ::log_sigmoid<float>>) {
    return -Sleef_log1pf_u10(Sleef_expf_u10(-x));
  } else {
    (void)f;
    (void)x;
    return std::nullopt;
  }
}
#endif

}  // namespace activ_peers
