#!/usr/bin/env python3
"""The constants of gelu.hpp and mish.hpp, derived at 400 bits with mpmath.

Run: python3 docs/constants.py   (Debian: apt-get install python3-mpmath)

Each constant is printed as three doubles c0 + c1 + c2 (about 160 bits), the form the headers
turn into a pair of their working type, and the polynomial of gelu.hpp as 64-bit long double
literals. The tests (tests/registry.hpp) recompute what they need from MPFR instead.
"""
from mpmath import mp, mpf, sqrt, pi, cos, erfc, exp, log1p, tanh, findroot, diff, matrix, lu_solve

mp.prec = 400


def triple(v):
    parts = []
    for _ in range(3):
        c = float(v)
        parts.append(c)
        v -= mpf(c)
    return ", ".join(c.hex() for c in parts)


def long_double(v):
    # v rounded to a 64-bit significand, as a hexadecimal literal.
    if v == 0:
        return "0.0L"
    sign = "-" if v < 0 else ""
    v = abs(v)
    e = int(mp.floor(mp.log(v, 2)))
    m = int(mp.nint(v / mpf(2) ** (e - 63)))
    if m == 2**64:
        m //= 2
        e += 1
    return f"{sign}0x{m:016x}p{e - 63}L"


def show(name, v):
    print(f"{name:34s} {mp.nstr(v, 25):>32s}  [{triple(v)}]")


# GELU, erf form: gelu(x) = x·Φ(x), gelu′ = Φ + x·φ, gelu″ = φ·(2 − x²).
def Phi(x):
    return erfc(-x / sqrt(2)) / 2


def phi(x):
    return exp(-x * x / 2) / sqrt(2 * pi)


def gelu_slope(x):
    return Phi(x) + x * phi(x)


print("gelu (erf form)")
show("1/sqrt(2)", 1 / sqrt(2))
show("1/sqrt(2 pi)", 1 / sqrt(2 * pi))
show("2/sqrt(pi)", 2 / sqrt(pi))
x0 = findroot(gelu_slope, mpf("-0.75"))
show("root of gelu' (minimum of gelu)", x0)
show("gelu(root)", x0 * Phi(x0))
show("gelu'(-sqrt 2)", gelu_slope(-sqrt(2)))
show("gelu'(+sqrt 2)", gelu_slope(sqrt(2)))
# gelu′(x0 + d) = d·q(d) for d in [−1/2, 1/4] (x from −1.25 to −0.50): q interpolated at the 18
# Chebyshev nodes of that interval (degree 17), within 2^−70 of q relatively on a 400-point grid.
def slope_over_d(d):
    return gelu_slope(x0 + d) / d


lo, hi, degree = mpf(-0.5), mpf(0.25), 17
nodes = [(lo + hi) / 2 + (hi - lo) / 2 * cos(pi * (2 * i + 1) / (2 * degree + 2)) for i in range(degree + 1)]
vandermonde = matrix(degree + 1, degree + 1)
values = matrix(degree + 1, 1)
for i, t in enumerate(nodes):
    for j in range(degree + 1):
        vandermonde[i, j] = t**j
    values[i] = slope_over_d(t)
q = lu_solve(vandermonde, values)
grid = [lo + (hi - lo) * k / 400 for k in range(401) if k != 266]  # k = 266 is d = 0
worst = max(abs(sum(q[j] * t**j for j in range(degree + 1)) / slope_over_d(t) - 1) for t in grid)
print(f"q, degree {degree}, relative error 2^{float(mp.log(worst, 2)):.1f}:")
for j in range(degree + 1):
    print(f"    {long_double(q[j])},")

# GELU, tanh form: f(x) = x·σ(w), w = x·(A + B·x²), A = 2·sqrt(2/π), B = 2·0.044715·sqrt(2/π).
A = 2 * sqrt(2 / pi)
B = 2 * mpf("0.044715") * sqrt(2 / pi)


def w(x):
    return x * (A + B * x * x)


def sigma(t):
    return 1 / (1 + exp(-t))


def gelu_tanh(x):
    return x * sigma(w(x))


def gelu_tanh_slope(x):
    s = sigma(w(x))
    return s + x * s * (1 - s) * (A + 3 * B * x * x)


print("gelu (tanh form)")
show("A = 2 sqrt(2/pi)", A)
show("B = 0.08943 sqrt(2/pi)", B)
show("3B", 3 * B)
t0 = findroot(gelu_tanh_slope, mpf("-0.75"))
show("root of f'", t0)
show("E0 = exp(w(root))", exp(w(t0)))
show("f(root)", gelu_tanh(t0))
for guess in ("-1.4", "1.4"):
    t = findroot(lambda x: diff(gelu_tanh_slope, x), mpf(guess))
    show(f"turning point of f' near {guess}", t)
    show("  f' there", gelu_tanh_slope(t))

# Mish: x·tanh(softplus(x)).
def mish(x):
    return x * tanh(log1p(exp(x)))


def mish_slope(x):
    return diff(mish, x)


print("mish")
m0 = findroot(mish_slope, mpf("-1.19"))
show("root of mish'", m0)
show("e0 = exp(root)", exp(m0))
show("C = 6 + 4 root", 6 + 4 * m0)
show("mish(root)", mish(m0))
for guess in ("-2.5", "1.5"):
    t = findroot(lambda x: diff(mish, x, 2), mpf(guess))
    show(f"turning point of mish' near {guess}", t)
    show("  mish' there", mish_slope(t))
