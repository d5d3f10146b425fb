#!/usr/bin/env python3
"""Turn activ_bench's Google Benchmark JSON into a Markdown table.

    activ_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \\
                --benchmark_out=activ_bench.json --benchmark_out_format=json
    python3 bench/table.py activ_bench.json [--output activ_bench.md]

One row per activation, direction, type and size: the items/s of activ's span call, of the
textbook loop and of Eigen's array expression (blank where the binary was built without Eigen),
memcpy's items/s on the same type and size, and activ's rate as a share of each. A second table
gives the ceilings, memcpy and y = a·x, per type and size; the lines above both say how the run
was built and where it ran. Where the file holds a median aggregate (runs with
--benchmark_repetitions) that is used; otherwise the plain runs, taking the median of their
repetitions. Items/s are Google Benchmark's, i.e. per CPU second.
Python 3 standard library only.
"""

import argparse
import json
import statistics
import sys
from collections import defaultdict


def run_name(entry):
    """The benchmark's name without an aggregate suffix such as _median."""
    if "run_name" in entry:
        return entry["run_name"]
    name = entry["name"]
    aggregate = entry.get("aggregate_name")
    if aggregate and name.endswith("_" + aggregate):
        name = name[: -len(aggregate) - 1]
    return name


def items_per_second(benchmarks):
    """{run name: items/s}, from the median aggregate where there is one, else the plain runs."""
    medians = {}
    plain = defaultdict(list)
    for entry in benchmarks:
        if entry.get("error_occurred") or "items_per_second" not in entry:
            continue
        name = run_name(entry)
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[name] = entry["items_per_second"]
        else:
            plain[name].append(entry["items_per_second"])
    result = {name: statistics.median(values) for name, values in plain.items()}
    result.update(medians)
    return result


IMPLEMENTATIONS = ("activ", "textbook", "eigen")
CEILINGS = ("memcpy", "scale")


def parse(name):
    """Splits activ_bench's names; arguments the library appends (min_time:, repeats:) are dropped.

    activ/<activation>/<direction>/<type>/<n>, and the same under textbook/ and eigen/, give
    (kind, activation, direction, type, n); memcpy/<type>/<n> and scale/<type>/<n> give
    (kind, None, None, type, n). Other names give None.
    """
    parts = [part for part in name.split("/") if ":" not in part]
    try:
        if parts[0] in IMPLEMENTATIONS and len(parts) == 5:
            return parts[0], parts[1], parts[2], parts[3], int(parts[4])
        if parts[0] in CEILINGS and len(parts) == 3:
            return parts[0], None, None, parts[1], int(parts[2])
    except ValueError:
        pass
    return None


def size_label(n):
    for shift, unit in ((30, "Gi"), (20, "Mi"), (10, "Ki")):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return str(n)


def giga(rate, absent="–"):
    """items/s as G/s with about three significant digits."""
    if rate is None:
        return absent
    g = rate / 1e9
    if g >= 100:
        return f"{g:.0f}"
    if g >= 10:
        return f"{g:.1f}"
    if g >= 1:
        return f"{g:.2f}"
    return f"{g:#.3g}"


def ratio(numerator, denominator, absent="–"):
    if numerator is None or not denominator:
        return absent
    r = numerator / denominator
    return f"{r:.2f}" if r >= 0.1 else f"{r:#.2g}"


def context_lines(context, statistic):
    lines = []
    if "host_name" in context or "date" in context:
        lines.append(f"- run: {context.get('date', '?')} on {context.get('host_name', '?')}")
    if "num_cpus" in context:
        model = f"{context['activ_cpu']}, " if context.get("activ_cpu") else ""
        lines.append(
            f"- CPU: {model}{context['num_cpus']} × {context.get('mhz_per_cpu', '?')} MHz"
            f", CPU scaling {'on' if context.get('cpu_scaling_enabled') else 'off'}"
            f", load average {', '.join(f'{x:.2f}' for x in context.get('load_avg', []))}"
        )
    caches = context.get("caches", [])
    if caches:
        described = []
        for cache in caches:
            kind = cache.get("type", "")
            kind = {"Data": "d", "Instruction": "i", "Unified": ""}.get(kind, kind)
            size = size_label(cache.get("size", 0)) + "B"
            sharing = cache.get("num_sharing", 0)
            described.append(
                f"L{cache.get('level', '?')}{kind} {size}" + (f" (×{sharing} shared)" if sharing > 1 else "")
            )
        lines.append("- caches: " + ", ".join(described))
    if "activ_compiler" in context:
        lines.append(f"- compiler: {context['activ_compiler']}")
    if "activ_cxx_flags" in context:
        lines.append(f"- flags: `{context['activ_cxx_flags'] or '(none)'}`")
    if "activ_isa" in context:
        lines.append(f"- activ's kernels: {context['activ_isa']}")
    if "activ_eigen" in context:
        lines.append(f"- Eigen: {context['activ_eigen']}")
    else:
        lines.append("- Eigen: not built in (the Eigen column is blank)")
    if "library_build_type" in context:
        lines.append(f"- Google Benchmark library build: {context['library_build_type']}")
    lines.append(f"- statistic: {statistic}; items/s per CPU second, out of place (read n, write n)")
    return lines


def table(data):
    rates = items_per_second(data.get("benchmarks", []))
    has_median = any(
        entry.get("aggregate_name") == "median" for entry in data.get("benchmarks", [])
    )
    statistic = "median of the repetitions" if has_median else "single run (no median aggregate)"

    measured = {kind: {} for kind in IMPLEMENTATIONS}
    ceilings = {kind: {} for kind in CEILINGS}
    order = defaultdict(dict)  # first-seen position of each activation, direction and type
    for name, rate in rates.items():
        parsed = parse(name)
        if parsed is None:
            continue
        kind, activation, direction, type_, n = parsed
        order["type"].setdefault(type_, len(order["type"]))
        if kind in CEILINGS:
            ceilings[kind][(type_, n)] = rate
            continue
        for field, value in (("activation", activation), ("direction", direction)):
            order[field].setdefault(value, len(order[field]))
        measured[kind][(activation, direction, type_, n)] = rate

    def sort_key(key):
        activation, direction, type_, n = key
        return (
            order["activation"][activation],
            order["direction"][direction],
            order["type"][type_],
            n,
        )

    lines = context_lines(data.get("context", {}), statistic)
    lines += [
        "",
        "| activation | direction | type | n | activ G/s | textbook G/s | Eigen G/s | memcpy G/s "
        "| activ/textbook | activ/Eigen | activ/memcpy |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    keys = set().union(*(measured[kind] for kind in IMPLEMENTATIONS))
    for key in sorted(keys, key=sort_key):
        activation, direction, type_, n = key
        a = measured["activ"].get(key)
        t = measured["textbook"].get(key)
        e = measured["eigen"].get(key)
        m = ceilings["memcpy"].get((type_, n))
        lines.append(
            f"| {activation} | {direction} | {type_} | {size_label(n)} | {giga(a)} | {giga(t)} "
            f"| {giga(e, '')} | {giga(m)} | {ratio(a, t)} | {ratio(a, e, '')} | {ratio(a, m)} |"
        )

    ceiling_keys = set(ceilings["memcpy"]) | set(ceilings["scale"])
    if ceiling_keys:
        lines += [
            "",
            "Ceilings (read n, write n): memcpy of the same bytes, and y = a·x.",
            "",
            "| type | n | memcpy G/s | memcpy GB/s | a·x G/s | a·x/memcpy |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for type_, n in sorted(ceiling_keys, key=lambda k: (order["type"][k[0]], k[1])):
            m = ceilings["memcpy"].get((type_, n))
            s = ceilings["scale"].get((type_, n))
            width = {"float": 4, "double": 8}.get(type_)
            bandwidth = giga(m * 2 * width) if m is not None and width else "–"
            lines.append(
                f"| {type_} | {size_label(n)} | {giga(m)} | {bandwidth} | {giga(s)} "
                f"| {ratio(s, m)} |"
            )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", help="Google Benchmark output written with --benchmark_out_format=json")
    parser.add_argument("-o", "--output", help="write the table here instead of standard output")
    args = parser.parse_args(argv)
    with open(args.json, encoding="utf-8") as f:
        text = table(json.load(f))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
