"""The benchmark still works: `bench/run.py --smoke` (1 s per step) starts the app as the
Procfile does, seeds it through its forms and loads every page without an error status.
Speed is not asserted here (targets are checked by the full run, in BENCHMARKS.md)."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_smoke_benchmark_runs_every_step_without_errors():
    # .ci/run installs them; elsewhere `make bench-smoke` (as root) does.
    if not (shutil.which("wrk") and shutil.which("hey")):
        pytest.skip("needs wrk and hey: apt-get install -y wrk hey")
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    results = json.loads((ROOT / "bench" / "out" / "smoke.json").read_text())
    run = results["runs"][0]
    assert set(run["pages"]) == {"home", "list20", "list500", "stylesheet", "add_item"}
    for page, measured in run["pages"].items():
        assert measured["requests"] > 0 and measured["bad_status"] == 0, (page, measured)
        assert measured["ratio"] > 0, page
    assert set(run["rates"]) == {"500", "2000"}
    assert all(rate["requests"] > 0 and rate["bad_status"] == 0 for rate in run["rates"].values())
    assert run["rss_mb"] > 0 and 0 < run["startup_s"] < 30
    assert {check["target"].split()[0] for check in results["targets"]} >= {"list20", "home", "list500"}
    assert "| Home page, 50 lists |" in result.stdout
