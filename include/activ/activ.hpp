#pragma once
// activ: neural-network activation functions for scalars, spans and iterator ranges.

#include <activ/any_activation.hpp>
#include <activ/celu.hpp>
#include <activ/concepts.hpp>
#include <activ/elu.hpp>
#include <activ/gelu.hpp>
#include <activ/hardsigmoid.hpp>
#include <activ/hardswish.hpp>
#include <activ/hardtanh.hpp>
#include <activ/leaky_relu.hpp>
#include <activ/log_sigmoid.hpp>
#include <activ/mish.hpp>
#include <activ/relu.hpp>
#include <activ/relu6.hpp>
#include <activ/selu.hpp>
#include <activ/sigmoid.hpp>
#include <activ/silu.hpp>
#include <activ/softplus.hpp>
#include <activ/softsign.hpp>
#include <activ/tanh.hpp>
#include <activ/tier.hpp>
