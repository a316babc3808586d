#!/usr/bin/env python3
"""Wrangling: `group by` and `join` against polars and pandas, in one run.

- group by: 10M rows, 2 keys (an integer of 100 values, a text of 10: 1,000 groups), 4 aggregates
  (count, sum and max of a float, mean of an integer);
- join: a 1M-row table left-joined with a 100k-row table on one integer key (each right key once).
Each tool reads the same CSV files first; only the step is timed (Sluice: `sluice run --timings`
for its line), best of 3. The results are compared (row counts and a checksum) to show that all
tools computed the same thing.

Memory: how far each process's peak resident size rose above its size when the step started (Linux's
high-water mark, reset through /proc/self/clear_refs; Sluice's from `sluice run --memory`, polars' and pandas'
from a fresh process that loads the data and runs the step once), against the output's payload
(polars' estimated_size of the result). The goal is at most 2× the payload. These runs fix glibc
malloc's mmap threshold at 64 KiB (MALLOC_MMAP_THRESHOLD_), so that large arrays are mapped and
unmapped whole: memory an earlier statement freed is given back, not silently reused, and the
resident size counts what is live. (polars allocates with jemalloc, which the setting does not touch.)
Usage: benchmarks/wrangling.py [--sluice PATH]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT  # noqa: E402

GROUP_ROWS, LEFT_ROWS, RIGHT_ROWS = 10_000_000, 1_000_000, 100_000
REPEATS = 3
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def datasets():
    cache = Path(os.environ.get("SLUICE_BENCH_CACHE", Path.home() / ".cache" / "sluice-bench"))
    cache.mkdir(parents=True, exist_ok=True)
    paths = {name: cache / f"wrangle_{name}.csv" for name in ("groups", "left", "right")}
    if all(path.exists() for path in paths.values()):
        return paths
    import pandas as pd
    print("generating the wrangling data (once)...", file=sys.stderr)
    rng = np.random.default_rng(7)
    groups = pd.DataFrame({"k1": rng.integers(0, 100, GROUP_ROWS), "k2": np.array(WORDS)[rng.integers(0, 10, GROUP_ROWS)],
                           "v1": rng.normal(0, 1, GROUP_ROWS).round(6), "v2": rng.integers(0, 1000, GROUP_ROWS)})
    left = pd.DataFrame({"key": rng.integers(0, RIGHT_ROWS, LEFT_ROWS), "x": rng.normal(0, 1, LEFT_ROWS).round(6)})
    right = pd.DataFrame({"key": rng.permutation(RIGHT_ROWS), "y": rng.normal(0, 1, RIGHT_ROWS).round(6),
                          "tag": np.array(WORDS)[rng.integers(0, 10, RIGHT_ROWS)]})
    for name, frame in (("groups", groups), ("left", left), ("right", right)):
        partial = paths[name].with_suffix(".partial")
        frame.to_csv(partial, index=False)
        partial.rename(paths[name])
    return paths


def best(function):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def run_sluice(binary, paths):
    script = (f'let t = load "{paths["groups"]}"\n'
              'let g = t | group by k1, k2 aggregate n = count(), s = sum(v1), m = mean(v2), mx = max(v1)\n'
              f'let l = load "{paths["left"]}"\n'
              f'let r = load "{paths["right"]}"\n'
              'let j = l | join r on key how left\n'
              'g | aggregate rows = count(), total = sum(s)\n'
              'j | aggregate rows = count(), y = sum(y)\n')
    group_times, join_times = [], []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sluice"
        path.write_text(script)
        for _ in range(REPEATS):
            result = subprocess.run([str(binary), "run", "--timings", str(path)], capture_output=True, text=True, check=True)
            group_times.append(float(re.search(r"timing: line 2: ([\d.]+) s", result.stderr).group(1)))
            join_times.append(float(re.search(r"timing: line 5: ([\d.]+) s", result.stderr).group(1)))
        measured = subprocess.run([str(binary), "run", "--memory", str(path)], capture_output=True, text=True, check=True,
                                  env=MEASURING_ENVIRONMENT)
    memory = {step: float(re.search(rf"timing: line {line}: memory .* peak \+([\d.]+) MB", measured.stderr).group(1)) * 1e6
              for line, step in ((2, "group"), (5, "join"))}
    return min(group_times), min(join_times), memory, result.stdout


MEASURING_ENVIRONMENT = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536"}


PEAK_PROBE = '''
import sys, polars as pl, pandas as pd
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
tool, step, groups, left, right = sys.argv[1:]
read = pl.read_csv if tool == "polars" else pd.read_csv
if step == "group":
    frame = read(groups)
else:
    left, right = read(left), read(right)
open("/proc/self/clear_refs", "w").write("5")
start = status("VmRSS")
if tool == "polars" and step == "group":
    out = frame.group_by(["k1", "k2"]).agg(pl.len().alias("n"), pl.col("v1").sum().alias("s"), pl.col("v2").mean().alias("m"),
                                          pl.col("v1").max().alias("mx"))
elif tool == "polars":
    out = left.join(right, on="key", how="left")
elif step == "group":
    out = frame.groupby(["k1", "k2"]).agg(n=("v1", "size"), s=("v1", "sum"), m=("v2", "mean"), mx=("v1", "max"))
else:
    out = left.merge(right, on="key", how="left")
print(status("VmHWM") - start)
'''


def python_peak(tool, step, paths):
    """How far a fresh process's peak rose above its size at the start of the step, in bytes."""
    result = subprocess.run([sys.executable, "-c", PEAK_PROBE, tool, step, str(paths["groups"]), str(paths["left"]),
                             str(paths["right"])], capture_output=True, text=True, check=True, env=MEASURING_ENVIRONMENT)
    return max(0, int(result.stdout.strip()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    args = parser.parse_args()
    paths = datasets()
    sluice_group, sluice_join, sluice_memory, sluice_out = run_sluice(args.sluice, paths)

    import pandas as pd
    import polars as pl
    pl_groups, pl_left, pl_right = (pl.read_csv(paths[name]) for name in ("groups", "left", "right"))
    pl_group, pl_grouped = best(lambda: pl_groups.group_by(["k1", "k2"]).agg(
        pl.len().alias("n"), pl.col("v1").sum().alias("s"), pl.col("v2").mean().alias("m"), pl.col("v1").max().alias("mx")))
    pl_join, pl_joined = best(lambda: pl_left.join(pl_right, on="key", how="left"))
    pd_groups, pd_left, pd_right = (pd.read_csv(paths[name]) for name in ("groups", "left", "right"))
    pd_group, pd_grouped = best(lambda: pd_groups.groupby(["k1", "k2"]).agg(
        n=("v1", "size"), s=("v1", "sum"), m=("v2", "mean"), mx=("v1", "max")))
    pd_join, pd_joined = best(lambda: pd_left.merge(pd_right, on="key", how="left"))

    print(f"group by: {GROUP_ROWS:,} rows, 2 keys (1,000 groups), 4 aggregates; join: {LEFT_ROWS:,} x {RIGHT_ROWS:,} left "
          f"join on an integer key; {os.cpu_count()} cores; best of {REPEATS}; the step alone, data in memory\n")
    print("| step | sluice | polars | pandas | Sluice ÷ polars | Sluice ÷ pandas |")
    print("|---|---|---|---|---|---|")
    print(f"| group by | {sluice_group:.3f} s | {pl_group:.3f} s | {pd_group:.3f} s | {sluice_group / pl_group:.2f}× | "
          f"{sluice_group / pd_group:.2f}× |")
    print(f"| left join | {sluice_join:.3f} s | {pl_join:.3f} s | {pd_join:.3f} s | {sluice_join / pl_join:.2f}× | "
          f"{sluice_join / pd_join:.2f}× |")
    payload = {"group": pl_grouped.estimated_size(), "join": pl_joined.estimated_size()}
    print("\nmemory above the start of the step (peak), against the output's payload (polars' estimated_size):\n")
    print("| step | output payload | sluice | polars | pandas | Sluice ÷ payload | Sluice ÷ polars |")
    print("|---|---|---|---|---|---|---|")
    for step, name in (("group", "group by"), ("join", "left join")):
        peaks = [python_peak(tool, step, paths) for tool in ("polars", "pandas")]
        print(f"| {name} | {payload[step] / 1e6:.2f} MB | {sluice_memory[step] / 1e6:.1f} MB | {peaks[0] / 1e6:.1f} MB | "
              f"{peaks[1] / 1e6:.1f} MB | {sluice_memory[step] / payload[step]:.1f}× | {sluice_memory[step] / peaks[0]:.2f}× |")
    print(f"\nchecks: groups {len(pl_grouped)} (polars) {len(pd_grouped)} (pandas), sum of sums {pl_grouped['s'].sum():.6f}; "
          f"joined rows {len(pl_joined)} (polars) {len(pd_joined)} (pandas), sum of y {pl_joined['y'].sum():.6f}")
    print("sluice says:\n" + sluice_out)


if __name__ == "__main__":
    main()
