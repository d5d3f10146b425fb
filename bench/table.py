#!/usr/bin/env python3
"""Turn activ_bench's Google Benchmark JSON into Markdown tables.

    activ_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \\
                --benchmark_out=activ_bench.json --benchmark_out_format=json
    activ_peer_accuracy > peer_accuracy.txt          (optional)
    python3 bench/table.py activ_bench.json [--accuracy peer_accuracy.txt] [--output out.md]

A first table sets activ's two tiers against every peer the run measured (the float forward rows
of fast/, eigen/, xnnpack/ and onednn/), as G/s and as the ratios that the speed targets name
(fast against the fastest peer, precise against oneDNN), with each one's worst error in ULPs and
its defects (NaN or wrong limits at ±∞, wrong signs, zeros for normal values) where the output of
activ_peer_accuracy is given.

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


IMPLEMENTATIONS = ("activ", "fast", "textbook", "eigen", "xnnpack", "onednn")
PEERS = ("eigen", "xnnpack", "onednn")
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


def read_accuracy(path):
    """{(activation, direction, implementation): (worst ULP, defects)} from activ_peer_accuracy's
    lines "  <label> <direction> <implementation> worst <e> ulp at x = ... [defects]", for each
    activation's first configuration (its label is the name, then its parameters in parentheses)."""
    import re

    line_pattern = re.compile(
        r"^\s+(\S+?)(\([^)]*\))?(#\d+)? (forward|derivative)\s+(\S+)\s+worst\s+(\S+) ulp at x = \S+\s+"
        r"beyond 1 ulp:\s+\S+ %(.*)$"
    )
    result = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = line_pattern.match(line)
            if not m:
                continue
            name, _, _, direction, implementation, worst, defects = m.groups()
            key = (name, direction, implementation)
            if key not in result:  # the first configuration, the one the benchmark times
                result[key] = (worst, " ".join(defects.split()))
    return result


def peer_table(measured, ceilings, accuracy, sort_key):
    """activ precise and fast against every peer, float forward, per activation and size."""
    keys = sorted(
        (key for key in measured["activ"] if key[1] == "forward" and key[2] == "float"
         and any(key in measured[peer] for peer in PEERS + ("fast",))),
        key=sort_key,
    )
    if not keys:
        return []
    lines = [
        "",
        "activ's tiers against the peers (float, forward; G/s, and the ratios the speed targets "
        "name).",
        "",
        "| activation | n | precise | fast | Eigen | XNNPACK | oneDNN | memcpy "
        "| fast/fastest peer | precise/oneDNN |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in keys:
        activation, _, type_, n = key
        precise = measured["activ"].get(key)
        fast = measured["fast"].get(key, precise)  # without a fast kernel the tag runs the precise
        peers = {peer: measured[peer].get(key) for peer in PEERS}
        fastest = max((r for r in peers.values() if r is not None), default=None)
        lines.append(
            f"| {activation} | {size_label(n)} | {giga(precise)} | {giga(fast)} "
            + " ".join(f"| {giga(peers[p], '')}" for p in PEERS)
            + f" | {giga(ceilings['memcpy'].get((type_, n)))} | {ratio(fast, fastest, '')} "
            f"| {ratio(precise, peers['onednn'], '')} |"
        )
    if accuracy:
        lines += [
            "",
            "Worst error in ULPs over the swept inputs (activ_peer_accuracy), float forward, and the "
            "defects it found.",
            "",
            "| activation | precise | fast | Eigen | XNNPACK | oneDNN | defects |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for activation in dict.fromkeys(key[0] for key in keys):
            def worst(implementation):
                found = accuracy.get((activation, "forward", implementation))
                return found[0] if found else ""
            defects = "; ".join(
                f"{implementation}: {found[1]}"
                for implementation in ("activ", "fast") + PEERS
                if (found := accuracy.get((activation, "forward", implementation))) and found[1]
            )
            lines.append(
                f"| {activation} | {worst('activ')} | {worst('fast')} | {worst('eigen')} "
                f"| {worst('xnnpack')} | {worst('onednn')} | {defects} |"
            )
    return lines


def table(data, accuracy=None):
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
    lines += peer_table(measured, ceilings, accuracy, sort_key)
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
    parser.add_argument("--accuracy", help="activ_peer_accuracy's output, for the worst errors")
    args = parser.parse_args(argv)
    accuracy = read_accuracy(args.accuracy) if args.accuracy else None
    with open(args.json, encoding="utf-8") as f:
        text = table(json.load(f), accuracy)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
