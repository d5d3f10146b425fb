#!/usr/bin/env python3
"""Turn activ_bench's Google Benchmark JSON into a Markdown table.

    activ_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \\
                --benchmark_out=activ_bench.json --benchmark_out_format=json
    python3 bench/table.py activ_bench.json [--output activ_bench.md]

One row per activation, direction, type and size: activ's items/s, the textbook loop's, their
ratio, memcpy's items/s on the same type and size, and activ's share of it. Where the file holds
a median aggregate (runs with --benchmark_repetitions) that is used; otherwise the plain runs,
taking the median of their repetitions. Items/s are Google Benchmark's, i.e. per CPU second.
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


def parse(name):
    """Splits activ_bench's names; arguments the library appends (min_time:, repeats:) are dropped.

    activ/<activation>/<direction>/<type>/<n> and textbook/... give (kind, activation, direction,
    type, n); memcpy/<type>/<n> gives ("memcpy", None, None, type, n). Other names give None.
    """
    parts = [part for part in name.split("/") if ":" not in part]
    try:
        if parts[0] in ("activ", "textbook") and len(parts) == 5:
            return parts[0], parts[1], parts[2], parts[3], int(parts[4])
        if parts[0] == "memcpy" and len(parts) == 3:
            return "memcpy", None, None, parts[1], int(parts[2])
    except ValueError:
        pass
    return None


def size_label(n):
    for shift, unit in ((30, "Gi"), (20, "Mi"), (10, "Ki")):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return str(n)


def giga(rate):
    """items/s as G/s with about three significant digits."""
    if rate is None:
        return "–"
    g = rate / 1e9
    if g >= 100:
        return f"{g:.0f}"
    if g >= 10:
        return f"{g:.1f}"
    if g >= 1:
        return f"{g:.2f}"
    return f"{g:#.3g}"


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return "–"
    r = numerator / denominator
    return f"{r:.2f}" if r >= 0.1 else f"{r:#.2g}"


def context_lines(context, statistic):
    lines = []
    if "host_name" in context or "date" in context:
        lines.append(f"- run: {context.get('date', '?')} on {context.get('host_name', '?')}")
    if "num_cpus" in context:
        lines.append(
            f"- CPU: {context['num_cpus']} × {context.get('mhz_per_cpu', '?')} MHz"
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

    activ_rates, textbook_rates, memcpy_rates = {}, {}, {}
    order = defaultdict(dict)  # first-seen position of each activation, direction and type
    for name, rate in rates.items():
        parsed = parse(name)
        if parsed is None:
            continue
        kind, activation, direction, type_, n = parsed
        if kind == "memcpy":
            memcpy_rates[(type_, n)] = rate
            continue
        for field, value in (("activation", activation), ("direction", direction), ("type", type_)):
            order[field].setdefault(value, len(order[field]))
        key = (activation, direction, type_, n)
        (activ_rates if kind == "activ" else textbook_rates)[key] = rate

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
        "| activation | direction | type | n | activ G/s | textbook G/s | activ/textbook "
        "| memcpy G/s | activ/memcpy |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(set(activ_rates) | set(textbook_rates), key=sort_key):
        activation, direction, type_, n = key
        a = activ_rates.get(key)
        t = textbook_rates.get(key)
        m = memcpy_rates.get((type_, n))
        lines.append(
            f"| {activation} | {direction} | {type_} | {size_label(n)} | {giga(a)} | {giga(t)} "
            f"| {ratio(a, t)} | {giga(m)} | {ratio(a, m)} |"
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
