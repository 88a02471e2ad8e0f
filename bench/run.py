#!/usr/bin/env python3
"""The Simple Lists benchmark (`make bench`; `make bench-smoke` for the short CI run).

Each run measures, on one CPU, the reference (a hello-world WSGI app on `gunicorn -w 2`)
and then Simple Lists started exactly as deployed (the Procfile command, which reads
gunicorn.conf.py), seeded through its own forms. Load comes from another CPU: wrk for
maximum throughput per page, hey at fixed rates. Results are the medians of the runs;
ratios to the reference are taken within each run, so machine drift cancels out.

Writes bench/out/results.json, and for a full run the table in BENCHMARKS.md and the plot
bench/bench.png. Exit status: 0 when the run worked (targets met or not; the report says
which), 1 when a page answered with an error status, 2 when the tools are missing.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import json
import os
import pathlib
import statistics
import sys
import tempfile
from typing import Any

import loadgen
import report
import seed
import servers
from loadgen import Target

BENCH_DIR = pathlib.Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
USERNAME = "bench"
PASSWORD = "benchmark password"

PAGES = {  # key: label in the report
    "home": "Home page, 50 lists",
    "list20": "List of 20 items",
    "list500": "List of 500 items",
    "stylesheet": "Stylesheet",
    "add_item": "POST add-item (303 redirect)",
}
RATES = [500, 2000]
RATE_PAGE = "list20"  # what hey loads at the fixed rates: the page a family opens most

# Worker settings compared with --variants: GUNICORN_CMD_ARGS (which overrides
# gunicorn.conf.py; "" is the file as it is) and Python run after the file (for what has
# no command-line form, like turning the access log off). sync needs --threads 1, else
# gunicorn quietly switches to gthread.
VARIANTS = [
    ("as gunicorn.conf.py", "", ""),
    ("same, access log off", "", "accesslog = None"),
    ("gthread 2 workers x 4 threads, keep-alive off", "--keep-alive 0", ""),
    ("gthread 2 workers x 2 threads", "--threads 2", ""),
    ("gthread 2 workers x 1 thread", "--threads 1 --worker-class gthread", ""),
    ("gthread 1 worker x 4 threads", "--workers 1 --threads 4", ""),
    ("gthread 3 workers x 2 threads", "--workers 3 --threads 2", ""),
    ("sync 1 worker", "--worker-class sync --threads 1 --workers 1", ""),
    ("sync 2 workers", "--worker-class sync --threads 1 --workers 2", ""),
    ("sync 3 workers", "--worker-class sync --threads 1 --workers 3", ""),
    ("sync 2 workers, access log off", "--worker-class sync --threads 1 --workers 2", "accesslog = None"),
]


def variant_args(workdir: pathlib.Path, number: int, args: str, extra_config: str) -> str:
    """GUNICORN_CMD_ARGS for a variant; extra_config goes in a config file that first runs
    the repository's gunicorn.conf.py (a -c here replaces the default file)."""
    if not extra_config:
        return args
    path = workdir / f"variant-{number}.conf.py"
    conf = servers.REPO_DIR / "gunicorn.conf.py"
    path.write_text(f"exec(compile(open({str(conf)!r}).read(), {str(conf)!r}, 'exec'))\n{extra_config}\n")
    return f"{args} -c {path}".strip()


@dataclasses.dataclass
class Settings:
    """How long and how hard to load, and which CPUs to use."""

    seconds: int
    warmup: int
    runs: int
    connections: int = 16  # wrk, closed loop
    # hey workers sharing the fixed rate. hey paces each worker with its own ticker, all
    # started together, so N workers send N requests at the same instant: with 50 workers,
    # "500/s" is a burst of 50 every 100 ms, and even the hello-world reference then shows
    # p50 11 ms (against 1.5 ms with 5 workers at the same 500/s). 10 workers keep the
    # bursts small enough that the figures describe the server, not the load's pattern.
    hey_connections: int = 10  # at least; see the rate loop
    server_cpu: int | None = 0
    load_cpu: int | None = 1
    password_hash: str = ""


def choose_cpus() -> tuple[int | None, int | None, str]:
    """The server's CPU and the load's CPU: the first two this process may use."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2:
        return cpus[0], cpus[1], f"server on CPU {cpus[0]}, load on CPU {cpus[1]}"
    return cpus[0], cpus[0], f"ONE CPU ONLY: server and load share CPU {cpus[0]}; figures are pessimistic"


def page_targets(port: int, seeded: seed.Seeded) -> dict[str, Target]:
    """The URL (and for the POST, the form) of each page measured."""
    base = f"http://127.0.0.1:{port}"
    body = f"csrf-token={seeded.csrf_token}&list-id={seeded.spare_list}&description=Another+thing"
    return {
        "home": Target(f"{base}/", seeded.cookie),
        "list20": Target(f"{base}/lists/{seeded.list_20}", seeded.cookie),
        "list500": Target(f"{base}/lists/{seeded.list_500}", seeded.cookie),
        "stylesheet": Target(f"{base}{seeded.stylesheet}", seeded.cookie),
        # Last, because it grows a list (the spare one, shown on no other measured page).
        "add_item": Target(f"{base}/add-item", seeded.cookie, "POST", body),
    }


def _measure(server: servers.Server, target: Target, settings: Settings) -> tuple[loadgen.Result, float]:
    """wrk against one server; its result and the server's CPU seconds per request."""
    cpu_before = server.cpu_seconds()
    result = loadgen.wrk(target, settings.seconds, settings.connections, settings.load_cpu)
    return result, (server.cpu_seconds() - cpu_before) / max(result.requests, 1)


def one_run(settings: Settings, workdir: pathlib.Path, number: int, gunicorn_args: str = "",
            pages: list[str] | None = None, rates: list[int] | None = None) -> dict[str, Any]:
    """The reference and the app on a fresh database, side by side on the server's CPU:
    each page's throughput, measured right after the reference's (so a page's ratio
    compares two loads seconds apart, even on a busy machine), then the fixed rates,
    memory and start time."""
    pages = list(PAGES) if pages is None else pages
    rates = RATES if rates is None else rates
    cpu, load_cpu, seconds = settings.server_cpu, settings.load_cpu, settings.seconds
    with open(workdir / "servers.log", "ab") as log, \
            servers.start_reference(log, cpu, workdir) as reference_server:
        reference_server.wait_first_200()
        reference_target = Target(f"http://127.0.0.1:{reference_server.port}/")
        db_path = workdir / f"run-{number}.sqlite"
        app_env = {"SIMPLELISTS_DB": str(db_path), "SIMPLELISTS_LISTS": "1", "SIMPLELISTS_TIMEZONE": "UTC",
                   "SIMPLELISTS_USERNAME": USERNAME, "SIMPLELISTS_PASSHASH": settings.password_hash}
        with servers.start_app(log, cpu, app_env, gunicorn_args) as app:
            startup = app.wait_first_200("/")
            seeded = seed.seed(app.port, USERNAME, PASSWORD)
            targets = page_targets(app.port, seeded)
            results: dict[str, Any] = {"startup_s": startup, "pages": {}, "rates": {}}
            references, reference_cpus = [], []
            for page in pages:
                if settings.warmup:
                    loadgen.wrk(reference_target, settings.warmup, settings.connections, load_cpu)
                reference, reference_cpu = _measure(reference_server, reference_target, settings)
                references.append(reference)
                reference_cpus.append(reference_cpu)
                if settings.warmup and page != "add_item":
                    loadgen.wrk(targets[page], settings.warmup, settings.connections, load_cpu)
                result, cpu_per_request = _measure(app, targets[page], settings)
                ratio = result.rps / reference.rps
                cpu_ratio = reference_cpu / cpu_per_request if cpu_per_request else float("nan")
                results["pages"][page] = dict(result.as_dict(), ratio=ratio, reference_rps=reference.rps,
                                              cpu_ms=cpu_per_request * 1000, cpu_ratio=cpu_ratio)
                print(f"  {page:<10} {result.rps:8.0f} req/s  ratio {ratio:.3f} (reference {reference.rps:.0f})  "
                      f"p50 {result.p50_ms:.2f} ms  p99 {result.p99_ms:.2f} ms  errors {result.errors}  "
                      f"CPU {cpu_per_request * 1000:.2f} ms/request, ratio {cpu_ratio:.3f}", file=sys.stderr)
            for rate in rates:
                # A hey worker waits for each answer before its next tick, so one worker
                # can only keep up with about 100/s at these latencies: more for 2,000/s.
                workers = max(settings.hey_connections, rate // 100)
                result = loadgen.hey(targets[RATE_PAGE], seconds, rate, workers, load_cpu)
                results["rates"][str(rate)] = result.as_dict()
                print(f"  {rate}/s    achieved {result.rps:.0f}/s  p50 {result.p50_ms:.2f} ms  "
                      f"p99 {result.p99_ms:.2f} ms  errors {result.errors}", file=sys.stderr)
            results.update(app.memory_mb())
    # The reference row of the report: the median of its measurements in this run.
    results["reference"] = {key: statistics.median(getattr(reference, key) for reference in references)
                            for key in ("rps", "p50_ms", "p99_ms", "errors", "requests", "bad_status")}
    results["reference"]["cpu_ms"] = statistics.median(reference_cpus) * 1000
    print(f"  start {startup:.2f} s; RSS {results['rss_mb']:.1f} MB (PSS {results['pss_mb']:.1f} MB)",
          file=sys.stderr)
    return results


def median_of(runs: list[Any]) -> Any:
    """The element-wise median of runs shaped alike (dicts of numbers, nested)."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_of([run[key] for run in runs]) for key in first}
    return statistics.median(runs)


def environment(cpu_note: str) -> dict[str, Any]:
    """Machine, date and versions, for the report."""
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": report.machine(), "cpus": cpu_note, "versions": report.versions()}


def run_variants(settings: Settings, workdir: pathlib.Path, pages: list[str],
                 only: list[int] | None = None) -> list[dict[str, Any]]:
    """The worker-settings comparison: each variant's pages, 2000/s and memory."""
    rows = []
    for number, (label, args, extra_config) in enumerate(VARIANTS):
        if only and number not in only:
            continue
        print(f"variant: {label}", file=sys.stderr)
        gunicorn_args = variant_args(workdir, number, args, extra_config)
        runs = [one_run(settings, workdir, 1000 + number * 10 + index, gunicorn_args, pages, [2000])
                for index in range(settings.runs)]
        rows.append({"label": label, "gunicorn_args": args, "extra_config": extra_config,
                     "median": median_of(runs)})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the benchmark, write the results; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="1 s per step, one run, writes only bench/out/")
    parser.add_argument("--runs", type=int, help="runs to take the median of [3; smoke 1]")
    parser.add_argument("--seconds", type=int, help="seconds of load per step [10; smoke 1]")
    parser.add_argument("--variants", action="store_true",
                        help="also compare worker classes, threads and keep-alive (adds a few minutes)")
    parser.add_argument("--variants-only", action="store_true", help="only the worker comparison")
    parser.add_argument("--variant-pages", default="home,list20,stylesheet", help="pages the comparison loads [%(default)s]")
    parser.add_argument("--variant-numbers", default="", help="only these variants (0-based, comma-separated)")
    parser.add_argument("--gunicorn-args", default="", metavar="ARGS",
                        help="for experiments: GUNICORN_CMD_ARGS over gunicorn.conf.py (implies --no-write)")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md and bench/bench.png alone")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk/hey")
    options = parser.parse_args(argv)

    loadgen.ensure_tools(install=not options.no_install)
    server_cpu, load_cpu, cpu_note = choose_cpus()
    import bcrypt  # the app's own dependency, so it is in the venv

    settings = Settings(
        seconds=options.seconds or (1 if options.smoke else 10),
        warmup=0 if options.smoke else 2,
        runs=options.runs or (1 if options.smoke else 3),
        server_cpu=server_cpu, load_cpu=load_cpu,
        password_hash=bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(12)).decode(),
    )
    OUT_DIR.mkdir(exist_ok=True)
    results: dict[str, Any] = environment(cpu_note)
    results["settings"] = dataclasses.asdict(settings) | {"password_hash": "(bcrypt, cost 12)",
                                                          "gunicorn_args": options.gunicorn_args}
    with tempfile.TemporaryDirectory(prefix="simplelists-bench-") as temp:
        workdir = pathlib.Path(temp)
        try:
            if not options.variants_only:
                runs = []
                for number in range(settings.runs):
                    print(f"run {number + 1} of {settings.runs} ({cpu_note})", file=sys.stderr)
                    runs.append(one_run(settings, workdir, number, options.gunicorn_args))
                results["runs"] = runs
                results["median"] = median_of(runs)
                results["targets"] = report.check_targets(results["median"])
            if options.variants or options.variants_only:
                only = [int(number) for number in options.variant_numbers.split(",") if number.strip()]
                results["variants"] = run_variants(settings, workdir, options.variant_pages.split(","), only)
        except Exception:
            with contextlib.suppress(OSError):
                print((workdir / "servers.log").read_text()[-3000:], file=sys.stderr)
            raise

    name = "smoke" if options.smoke else ("variants" if options.variants_only else "results")
    (OUT_DIR / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    writes = not (options.smoke or options.no_write or options.gunicorn_args)
    benchmarks_md = BENCH_DIR.parent / "BENCHMARKS.md"
    markdown = ""
    if "median" in results:
        markdown = report.markdown(results, PAGES, RATE_PAGE)
        plot_path = BENCH_DIR / "bench.png" if writes else OUT_DIR / f"{name}.png"
        plotted = report.plot(results, PAGES, plot_path)
        print(markdown)
        print(f"plot: {plot_path}" if plotted else "no plot (pip install -r requirements-bench.txt)")
        if writes:
            report.update_benchmarks_md(benchmarks_md, "bench", markdown)
    if "variants" in results:
        variants = report.variants_markdown(results, PAGES)
        markdown += "\n" + variants
        print(variants)
        if writes:
            report.update_benchmarks_md(benchmarks_md, "variants", variants)
    (OUT_DIR / f"{name}.md").write_text(markdown)
    print(f"wrote {OUT_DIR / (name + '.json')}")
    bad = [page for run in results.get("runs", []) for page, result in
           {**run["pages"], **run["rates"]}.items() if result["bad_status"]]
    if bad:
        print(f"bench: error statuses from {sorted(set(bad))}: see the app's log", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
