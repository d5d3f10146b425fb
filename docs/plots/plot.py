#!/usr/bin/env python3
"""Renders the plots under docs/img from activ's own values, written by the C++ programs.

    plot.py --samples activations.csv [--gradient-flow gradient_flow.csv] --out-dir docs/img

--samples (written by sample.cpp: name,text,spec,x,f,df,point) gives <name>.svg for each activation,
f and f' on one axes, and all.svg, every function in one panel and every derivative in another.
--gradient-flow (written by examples/gradient_flow.cpp --csv: activation,quantity,phase,layer,
value) gives gradient_flow.svg.

The files are committed, and CI regenerates them and fails if they differ, so the output depends
on the data alone: matplotlib's built-in defaults (no matplotlibrc), a fixed hash salt for the SVG
ids, no date and no version in the metadata, and text as SVG text rather than glyph outlines
(which also keeps the files small). The same matplotlib release is assumed on both sides: another
one may lay the figures out differently.
"""

import argparse
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

CREATOR = "activ docs/plots/plot.py (matplotlib)"

FUNCTION_COLOR = "#1f77b4"  # f: blue, solid
DERIVATIVE_COLOR = "#d62728"  # f': red, dashed
ZERO_LINE = {"color": "0.35", "linewidth": 0.8, "zorder": 1}

# Where a plot's activation is shown with other than its default parameters, and why.
NOTES = {
    "leaky_relu": "negative_slope = 0.1 to make the slope visible (the default is 0.01)",
}

# all.svg: families share a line style, members differ by colour.
FAMILIES = [
    ("sigmoid-like", "-",
     ["sigmoid", "log_sigmoid", "tanh", "softsign", "hardsigmoid", "hardtanh"]),
    ("rectifiers", "--",
     ["relu", "leaky_relu", "relu6", "elu", "selu", "celu", "softplus"]),
    ("self-gated", "-.", ["silu", "gelu", "gelu_tanh", "mish", "hardswish"]),
]
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
ALL_X = (-4.0, 4.0)
ALL_F_Y = (-2.0, 4.0)
ALL_DF_Y = (-0.6, 1.9)


def configure():
    matplotlib.rcdefaults()
    matplotlib.rcParams.update({
        "svg.hashsalt": "activ",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 11,
        "legend.fontsize": 9,
        "grid.color": "0.88",
        "grid.linewidth": 0.6,
    })


def save(fig, path, title):
    fig.savefig(path, format="svg",
                metadata={"Date": None, "Creator": CREATOR, "Title": title})
    print(f"wrote {path} ({path.stat().st_size} bytes)")


class Curve:
    """One activation's samples, in x order."""

    def __init__(self, name, text, spec):
        self.name = name
        self.text = text
        self.spec = spec
        self.x, self.f, self.df, self.point = [], [], [], []

    def jumps(self):
        """(x, value at x, left limit, right limit) for each jump of f'."""
        result = []
        for i, point in enumerate(self.point):
            if point == "left":
                result.append((self.x[i + 1], self.df[i + 1], self.df[i], self.df[i + 2]))
        return result

    def derivative_line(self, x_range=None):
        """x and f' with a NaN gap at each jump: the grid point at the jump is left out and the
        one-sided values end and start the pieces, so a jump is drawn as a jump."""
        xs, ys = [], []
        for i, (x, df) in enumerate(zip(self.x, self.df)):
            if x_range and not x_range[0] <= x <= x_range[1]:
                continue
            at_jump = i > 0 and self.point[i - 1] == "left"
            xs.append(x)
            ys.append(math.nan if at_jump else df)
        return xs, ys

    def function_line(self, x_range=None):
        pairs = [(x, f) for x, f in zip(self.x, self.f)
                 if not x_range or x_range[0] <= x <= x_range[1]]
        return [x for x, _ in pairs], [f for _, f in pairs]


def read_samples(path):
    curves = {}
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            curve = curves.setdefault(row["name"],
                                      Curve(row["name"], row["text"], row["spec"]))
            curve.x.append(float(row["x"]))
            curve.f.append(float(row["f"]))
            curve.df.append(float(row["df"]))
            curve.point.append(row["point"])
    return curves


def decorate(ax, xlabel="x"):
    ax.axhline(0, **ZERO_LINE)
    ax.axvline(0, **ZERO_LINE)
    ax.grid(True)
    ax.set_axisbelow(True)
    ax.set_xlabel(xlabel)


def plot_one(curve, out_dir):
    fig = Figure(figsize=(6.0, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(*curve.function_line(), color=FUNCTION_COLOR, linewidth=2.0, label="f(x)",
            zorder=3)
    ax.plot(*curve.derivative_line(), color=DERIVATIVE_COLOR, linewidth=1.8, linestyle="--",
            dashes=(4, 2), label="f′(x)", zorder=4)
    jumps = curve.jumps()
    if jumps:
        # A filled dot at the value activ gives at the jump (PyTorch's convention), an open one
        # at the one-sided limit it does not take.
        ax.plot([x for x, *_ in jumps], [v for _, v, *_ in jumps], linestyle="none",
                marker="o", markersize=5, color=DERIVATIVE_COLOR, zorder=5,
                label="f′ at a jump")
        open_points = [(x, limit) for x, v, left, right in jumps
                       for limit in (left, right) if limit != v]
        ax.plot([x for x, _ in open_points], [y for _, y in open_points], linestyle="none",
                marker="o", markersize=5, markerfacecolor="white",
                markeredgecolor=DERIVATIVE_COLOR, zorder=5, label="its limit from the other side")
    decorate(ax)
    ax.set_xlim(curve.x[0], curve.x[-1])
    ax.set_ylabel("f(x), f′(x)")
    ax.set_title(curve.spec)
    if curve.name in NOTES:
        ax.text(0.5, 1.0, NOTES[curve.name], transform=ax.transAxes, ha="center", va="bottom",
                fontsize=8.5, color="0.3")
        ax.set_title(curve.spec, pad=16)
    ax.legend(loc="best", framealpha=0.9)
    save(fig, out_dir / f"{curve.name}.svg", curve.spec)


def styles(curves):
    """Colour, line style and family of each curve in all.svg; any activation not listed in
    FAMILIES still appears, in a family of its own."""
    listed = [name for _, _, names in FAMILIES for name in names]
    others = [name for name in curves if name not in listed]
    families = FAMILIES + ([("others", ":", others)] if others else [])
    result = {}
    for family, linestyle, names in families:
        for i, name in enumerate(n for n in names if n in curves):
            result[name] = (PALETTE[i % len(PALETTE)], linestyle, family)
    return families, result


def plot_all(curves, out_dir):
    families, style = styles(curves)
    fig = Figure(figsize=(11.0, 6.6), layout="constrained")
    # The legend has a row of its own below both panels (matplotlib 3.6, Debian 12's, has no
    # loc="outside ..." for figure legends), a column per family.
    axes = fig.subplot_mosaic([["f", "df"], ["key", "key"]],
                              gridspec_kw={"height_ratios": [4.0, 1.25]})
    ax_f, ax_df, ax_key = axes["f"], axes["df"], axes["key"]
    columns = []
    for family, _, names in families:
        column = [Line2D([], [], linestyle="none", label=family)]
        for name in (n for n in names if n in curves):
            curve = curves[name]
            color, linestyle, _ = style[name]
            kw = {"color": color, "linestyle": linestyle, "linewidth": 1.6}
            (line,) = ax_f.plot(*curve.function_line(ALL_X), label=curve.text, **kw)
            ax_df.plot(*curve.derivative_line(ALL_X), **kw)
            column.append(line)
        columns.append(column)
    for ax, label, ylim in ((ax_f, "f(x)", ALL_F_Y), (ax_df, "f′(x)", ALL_DF_Y)):
        decorate(ax)
        ax.set_xlim(*ALL_X)
        ax.set_ylim(*ylim)
        ax.set_ylabel(label)
    ax_f.set_title("The activations")
    ax_df.set_title("Their derivatives")
    # The legend fills column by column: padding each family to the longest gives each its own.
    rows = max(len(column) for column in columns)
    blank = Line2D([], [], linestyle="none", label=" ")
    handles = [h for column in columns for h in column + [blank] * (rows - len(column))]
    ax_key.axis("off")
    legend = ax_key.legend(handles=handles, loc="center", ncols=len(columns), frameon=False,
                           handlelength=3.0, columnspacing=3.0, fontsize=9)
    for text in legend.get_texts():
        if text.get_text() in {family for family, _, _ in families}:
            text.set_fontweight("bold")
    save(fig, out_dir / "all.svg", "activ's activations and their derivatives")


def read_gradient_flow(path):
    """{quantity: {(activation, phase): {layer: value}}}, and the activations in file order."""
    data = defaultdict(lambda: defaultdict(dict))
    activations = []
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["activation"] not in activations:
                activations.append(row["activation"])
            data[row["quantity"]][(row["activation"], row["phase"])][int(row["layer"])] = (
                float(row["value"]))
    return data, activations


def plot_gradient_flow(path, out_dir):
    data, activations = read_gradient_flow(path)
    # Colour and marker by activation; past ten, the markers shift so that no pair repeats.
    markers = "osD^v<>ph*"
    color = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(activations)}
    marker = {a: markers[(i + 3 * (i // 10)) % len(markers)] for i, a in enumerate(activations)}
    ncols = min(len(activations), 3)
    key_rows = -(-len(activations) // ncols)
    fig = Figure(figsize=(12.0, 4.3 + 0.25 * key_rows), layout="constrained")
    axes = fig.subplot_mosaic([["start", "end", "dead"], ["key", "key", "key"]],
                              gridspec_kw={"height_ratios": [4.0, 0.25 * key_rows + 0.1]})
    ax_start, ax_end, ax_dead = axes["start"], axes["end"], axes["dead"]
    ax_end.sharey(ax_start)
    norms = data["gradient_norm"]
    # A log scale has no 0, and a network that has died has gradients exactly 0: those are drawn
    # on a dotted line of their own, labelled 0, a decade and a half below the lowest decade.
    values = [v for by_layer in norms.values() for v in by_layer.values()]
    positive = [v for v in values if v > 0] or [1.0]
    low = math.floor(math.log10(min(positive)))
    high = math.ceil(math.log10(max(positive)))
    step = max(1, math.ceil((high - low) / 8))
    ticks = [10.0 ** e for e in range(high, low - 1, -step)][::-1]
    zero_at = 10.0 ** (low - 1.5)
    has_zeros = 0 in values
    if has_zeros:
        ticks.insert(0, zero_at)
    for ax, phase, title in ((ax_start, "start", "Gradient norm at the start"),
                             (ax_end, "end", "Gradient norm at the end of training")):
        for a in activations:
            layers = sorted(norms.get((a, phase), {}))
            drawn = [norms[(a, phase)][n] or zero_at for n in layers]
            ax.plot(layers, drawn, color=color[a],
                    marker=marker[a], markersize=4, linewidth=1.5, label=a)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: "0" if v == zero_at else f"$10^{{{round(math.log10(v))}}}$"))
        if has_zeros:
            ax.axhline(zero_at, color="0.35", linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
            ax.set_ylim(bottom=zero_at / 3)
    ax_start.set_ylabel("‖∂loss/∂weights‖ of the layer")
    dead = data["dead_fraction"]
    for a in activations:
        for phase, linestyle in (("start", ":"), ("end", "-")):
            layers = sorted(dead.get((a, phase), {}))
            ax_dead.plot(layers, [dead[(a, phase)][n] for n in layers], color=color[a],
                         marker=marker[a], markersize=4, linewidth=1.5, linestyle=linestyle)
    ax_dead.set_title("Dead units (end: solid, start: dotted)")
    ax_dead.set_ylabel("fraction of the layer's units")
    ax_dead.set_ylim(-0.03, 1.03)
    for ax in (ax_start, ax_end, ax_dead):
        ax.grid(True)
        ax.set_axisbelow(True)
        ax.set_xlabel("layer (1: next to the input)")
        ax.xaxis.get_major_locator().set_params(integer=True)
    loss = data["loss"]
    labels = {}
    for a in activations:
        start = loss.get((a, "start"), {}).get(0)
        end = loss.get((a, "end"), {}).get(0)
        labels[a] = a if start is None or end is None else f"{a}: loss {start:.3g} → {end:.3g}"
    handles = [Line2D([], [], color=color[a], marker=marker[a], markersize=4, label=labels[a])
               for a in activations]
    axes["key"].axis("off")
    axes["key"].legend(handles=handles, loc="center", ncols=ncols, frameon=False)
    save(fig, out_dir / "gradient_flow.svg", "Gradient flow through a deep network")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--gradient-flow", type=Path)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()
    configure()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    curves = read_samples(args.samples)
    if not curves:
        sys.exit(f"plot.py: no samples in {args.samples}")
    for curve in curves.values():
        plot_one(curve, args.out_dir)
    plot_all(curves, args.out_dir)
    if args.gradient_flow:
        plot_gradient_flow(args.gradient_flow, args.out_dir)


if __name__ == "__main__":
    main()
