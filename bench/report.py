"""Turning benchmark results into the BENCHMARKS.md tables and the PNG plot."""

from __future__ import annotations

import importlib.metadata
import pathlib
import platform
import re
import sqlite3
import subprocess
from typing import Any

RATIO_TARGETS = {"list20": 0.55, "home": 0.40, "list500": 0.08}
RATE_TARGETS = {"500": 10.0, "2000": 25.0}  # p99 ms, with zero errors
RSS_TARGET_MB = 120.0
STARTUP_TARGET_S = 1.0
ACHIEVED_SHARE = 0.95  # a fixed rate counts as held when at least this share of it was served

def _marks(name: str) -> tuple[str, str]:
    return (f"<!-- {name}:start (written by bench/run.py; edit outside these marks) -->",
            f"<!-- {name}:end -->")


def machine() -> str:
    """CPU model, CPU count, memory and OS, in one line."""
    model = "unknown CPU"
    try:
        cpuinfo = pathlib.Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = found.group(1).strip() if found else model
        memory = re.search(r"^MemTotal:\s*(\d+)", pathlib.Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory_text = f", {int(memory.group(1)) / 1024 / 1024:.0f} GB RAM" if memory else ""
    except OSError:
        memory_text = ""
    os_name = platform.system()
    try:
        os_release = pathlib.Path("/etc/os-release").read_text()
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release, re.MULTILINE)
        os_name = found.group(1) if found else os_name
    except OSError:
        pass
    import os
    return f"{model}, {os.cpu_count()} CPUs{memory_text}; {os_name}, Linux {platform.release()}"


def _debian_version(package: str) -> str:
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                              text=True, timeout=10).stdout.strip() or "?"
    except OSError:
        return "?"


def versions() -> dict[str, str]:
    """Versions of everything that shapes the figures."""
    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("gunicorn", "bottle", "simplelists"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "?"
    found["wrk"] = _debian_version("wrk")
    found["hey"] = _debian_version("hey")
    return found


def check_targets(median: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 6 with the median figure and whether it was met."""
    checks = []
    for page, target in RATIO_TARGETS.items():
        if page in median["pages"]:
            value = median["pages"][page]["ratio"]
            checks.append({"target": f"{page} ratio >= {target}", "value": f"{value:.3f}", "met": value >= target})
    for rate, p99 in RATE_TARGETS.items():
        if rate in median["rates"]:
            result = median["rates"][rate]
            met = result["errors"] == 0 and result["p99_ms"] <= p99 and result["rps"] >= ACHIEVED_SHARE * int(rate)
            checks.append({"target": f"{rate}/s: 0 errors, p99 <= {p99:g} ms",
                           "value": f"{result['rps']:.0f}/s, p99 {result['p99_ms']:.1f} ms, {result['errors']:g} errors",
                           "met": met})
    checks.append({"target": f"RSS <= {RSS_TARGET_MB:g} MB", "value": f"{median['rss_mb']:.1f} MB",
                   "met": median["rss_mb"] <= RSS_TARGET_MB})
    checks.append({"target": f"first 200 <= {STARTUP_TARGET_S:g} s", "value": f"{median['startup_s']:.2f} s",
                   "met": median["startup_s"] <= STARTUP_TARGET_S})
    return checks


def _page_rows(median: dict[str, Any], pages: dict[str, str]) -> list[str]:
    rows = ["| page | req/s | × reference | p50 ms | p99 ms | errors | CPU ms/request | × reference by CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    reference = median["reference"]
    rows.append(f"| reference: hello world, `gunicorn -w 2` | {reference['rps']:.0f} | 1.000 | "
                f"{reference['p50_ms']:.2f} | {reference['p99_ms']:.2f} | {reference['errors']:g} | "
                f"{reference.get('cpu_ms', float('nan')):.2f} | 1.000 |")
    for page, result in median["pages"].items():
        rows.append(f"| {pages.get(page, page)} | {result['rps']:.0f} | {result['ratio']:.3f} | "
                    f"{result['p50_ms']:.2f} | {result['p99_ms']:.2f} | {result['errors']:g} | "
                    f"{result['cpu_ms']:.2f} | {result['cpu_ratio']:.3f} |")
    return rows


def markdown(results: dict[str, Any], pages: dict[str, str], rate_page: str) -> str:
    """The generated part of BENCHMARKS.md: conditions, tables, targets."""
    settings = results["settings"]
    versions = ", ".join(f"{name} {version}" for name, version in results["versions"].items())
    lines = [
        f"Run on {results['date']}: {results['machine']}; {results['cpus']}.",
        "",
        f"Versions: {versions}.",
        "",
        f"Each figure is the median of {settings['runs']} runs of {settings['seconds']} s per step "
        f"(after {settings['warmup']} s of warm-up); wrk with 1 thread and {settings['connections']} "
        f"connections; hey with {settings['hey_connections']} workers sharing the fixed rate "
        f"(20 for 2,000/s, since one worker keeps up with about 100/s). "
        "Sign-in is on (every page checks the session in SQLite).",
        "",
    ]
    if "median" in results:
        median = results["median"]
        lines += ["### Throughput per page (wrk, closed loop)", ""] + _page_rows(median, pages) + [""]
        lines += [f"### Fixed rates on the {pages.get(rate_page, rate_page).lower()} (hey, open loop)", "",
                  "| asked | achieved req/s | p50 ms | p99 ms | errors |", "| ---: | ---: | ---: | ---: | ---: |"]
        for rate, result in median["rates"].items():
            lines.append(f"| {rate}/s | {result['rps']:.0f} | {result['p50_ms']:.2f} | {result['p99_ms']:.2f} | "
                         f"{result['errors']:g} |")
        lines += ["", f"All server processes after the load: RSS {median['rss_mb']:.1f} MB "
                      f"(PSS {median['pss_mb']:.1f} MB, which counts pages shared after fork once). "
                      f"Start to first 200: {median['startup_s']:.2f} s.", "",
                  "### Targets (issue 6)", "", "| target | median | met |", "| --- | --- | --- |"]
        for check in results["targets"]:
            lines.append(f"| {check['target']} | {check['value']} | {'yes' if check['met'] else '**no**'} |")
        lines += ["", "Ratio per run (list of 20 / home / list of 500): " + "; ".join(
            "/".join(f"{run['pages'][page]['ratio']:.3f}" for page in ("list20", "home", "list500")
                     if page in run["pages"]) for run in results["runs"]) + ".", ""]
    return "\n".join(lines)


def variants_markdown(results: dict[str, Any], pages: dict[str, str]) -> str:
    """The worker-settings comparison as a table (ratios to the reference of the same run)."""
    rows = results["variants"]
    shown = list(rows[0]["median"]["pages"])
    settings = results["settings"]
    lines = [f"Run on {results['date']}, {settings['runs']} run(s) of {settings['seconds']} s per step; "
             "GUNICORN_CMD_ARGS over gunicorn.conf.py. Ratio = req/s ÷ the reference's req/s measured just "
             "before; CPU = the server's CPU time per request (immune to other programs' load).", "",
             "| settings | " + " | ".join(f"{pages.get(page, page)} × ref | CPU ms" for page in shown)
             + " | 2000/s served | p99 ms | errors | RSS MB | PSS MB |",
             "| --- | " + " | ".join("---: | ---:" for _ in shown) + " | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        median = row["median"]
        rate = median["rates"].get("2000", {})
        cells = " | ".join(f"{median['pages'][page]['ratio']:.3f} | {median['pages'][page]['cpu_ms']:.2f}"
                           for page in shown)
        lines.append(f"| {row['label']} | {cells} | {rate.get('rps', float('nan')):.0f} | "
                     f"{rate.get('p99_ms', float('nan')):.1f} | {rate.get('errors', 0):g} | "
                     f"{median['rss_mb']:.1f} | {median['pss_mb']:.1f} |")
    return "\n".join(lines) + "\n"


def update_benchmarks_md(path: pathlib.Path, name: str, generated: str) -> None:
    """Put the generated text between the marks called name in BENCHMARKS.md (added at
    the end if they are not there yet)."""
    start_mark, end_mark = _marks(name)
    block = f"{start_mark}\n{generated.strip()}\n{end_mark}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if start_mark in text and end_mark in text:
        text = text.split(start_mark, 1)[0] + block + text.split(end_mark, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def plot(results: dict[str, Any], pages: dict[str, str], path: pathlib.Path) -> bool:
    """Bar charts of throughput ratio per page and latency per fixed rate; False when
    matplotlib is not installed (the benchmark itself does not need it)."""
    if "median" not in results:
        return False
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    median = results["median"]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [3, 2]})
    names = list(median["pages"])
    ratios = [median["pages"][name]["ratio"] for name in names]
    bars = left.bar(range(len(names)), ratios, color="#4c78a8")
    left.bar_label(bars, labels=[f"{ratio:.2f}" for ratio in ratios])
    for index, name in enumerate(names):
        if name in RATIO_TARGETS:
            left.hlines(RATIO_TARGETS[name], index - 0.4, index + 0.4, colors="#e45756", linestyles="--")
    left.set_xticks(range(len(names)), [pages.get(name, name).replace(" (", "\n(").replace(", ", "\n")
                                        for name in names], fontsize=8)
    left.set_ylabel("throughput × hello-world reference")
    left.set_title(f"Throughput per page (reference {median['reference']['rps']:.0f} req/s = 1; dashes: targets)",
                   fontsize=9)
    rates = list(median["rates"])
    width = 0.35
    for offset, key, color in ((-width / 2, "p50_ms", "#72b7b2"), (width / 2, "p99_ms", "#f58518")):
        values = [median["rates"][rate][key] for rate in rates]
        bars = right.bar([index + offset for index in range(len(rates))], values, width, label=key[:3], color=color)
        right.bar_label(bars, labels=[f"{value:.1f}" for value in values], fontsize=8)
    for index, rate in enumerate(rates):
        if rate in RATE_TARGETS:
            right.hlines(RATE_TARGETS[rate], index - 0.4, index + 0.4, colors="#e45756", linestyles="--")
    right.set_xticks(range(len(rates)), [f"{rate}/s asked\n{median['rates'][rate]['rps']:.0f}/s served"
                                         for rate in rates], fontsize=8)
    right.set_ylabel("latency, ms")
    right.set_title("Fixed rates, list of 20 (dashes: p99 targets)", fontsize=9)
    right.legend()
    figure.suptitle(f"Simple Lists on one CPU, {results['date']}", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True
