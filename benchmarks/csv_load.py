#!/usr/bin/env python3
"""CSV load: Sluice against pandas, pyarrow and polars, in one run.

The data is scikit-learn's make_classification(n_samples=1_000_000,
n_features=28, n_informative=20, random_state=0), label first, written once
by pandas (shortest round-trip floats) into a cache outside git
($SLUICE_BENCH_CACHE, default ~/.cache/sluice-bench).

Each tool loads the file in a fresh process, three times; the table shows the
best wall time, the peak resident memory of the whole process, and Sluice's
ratio to each peer. The page cache is warmed first, so every tool reads from
memory. Usage: benchmarks/csv_load.py [--sluice PATH] [--repeat N]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS, FEATURES = 1_000_000, 28
PAYLOAD_BYTES = ROWS * (FEATURES + 1) * 8  # the table as float64

PEERS = {
    "pandas": "import pandas as pd\ndef load(p): return pd.read_csv(p)",
    "pandas (pyarrow engine)": "import pandas as pd\ndef load(p): return pd.read_csv(p, engine='pyarrow')",
    "pyarrow": "import pyarrow.csv as c\ndef load(p): return c.read_csv(p)",
    "polars": "import polars as pl\ndef load(p): return pl.read_csv(p)",
}

# Peak memory is the process's own high-water mark (VmHWM), which, unlike
# ru_maxrss, does not inherit the launching process's size.
PEER_RUNNER = """
import sys, time
{setup}
start = time.perf_counter()
table = load(sys.argv[1])
elapsed = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(elapsed, peak * 1024)
"""

GENERATOR = """
import sys
import numpy as np, pandas as pd
from sklearn.datasets import make_classification
rows, features, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
x, y = make_classification(n_samples=rows, n_features=features, n_informative=20, random_state=0)
frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(features)])
frame.insert(0, "label", y.astype(np.int64))
frame.to_csv(path, index=False)
"""


def dataset() -> Path:
    cache = Path(os.environ.get("SLUICE_BENCH_CACHE", Path.home() / ".cache" / "sluice-bench"))
    path = cache / f"classification_{ROWS}x{FEATURES}.csv"
    if path.exists():
        return path
    # In a child process, so this process stays small: a process launched from a
    # large one reports the launcher's size as its own peak (ru_maxrss).
    print(f"generating {path} (once)...", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    subprocess.run([sys.executable, "-c", GENERATOR, str(ROWS), str(FEATURES), str(partial)], check=True)
    partial.rename(path)
    return path


def run_peer(name: str, path: Path) -> tuple[float, int]:
    code = PEER_RUNNER.format(setup=PEERS[name])
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    seconds, peak = out.stdout.split()
    return float(seconds), int(peak)


def run_sluice(binary: Path, path: Path) -> tuple[float, int]:
    """Wall time and peak RSS (ru_maxrss from wait4: this harness stays far
    smaller than any load, so the inherited high-water mark does not show)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sluice", delete=False) as script:
        script.write(f'let table = load "{path}"\n')
    start = time.perf_counter()
    process = subprocess.Popen([str(binary), "run", script.name], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    os.unlink(script.name)
    if status != 0:
        raise SystemExit(f"sluice failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    path = dataset()
    with open(path, "rb") as f:  # warm the page cache
        while f.read(1 << 24):
            pass
    size_mb = path.stat().st_size / 1e6
    print(f"{path.name}: {size_mb:.0f} MB, {ROWS:,} rows × {FEATURES + 1} columns; "
          f"float64 payload {PAYLOAD_BYTES / 1e6:.0f} MB; {os.cpu_count()} cores; {platform.platform()}")

    results = {}
    tools = ["sluice"] + list(PEERS)
    for tool in tools:
        runs = [run_sluice(args.sluice, path) if tool == "sluice" else run_peer(tool, path) for _ in range(args.repeat)]
        results[tool] = (min(r[0] for r in runs), max(r[1] for r in runs))

    sluice_time, sluice_peak = results["sluice"]
    print(f"\n| tool | load time (best of {args.repeat}) | peak RSS | Sluice time ÷ tool's |")
    print("|---|---|---|---|")
    for tool in tools:
        seconds, peak = results[tool]
        ratio = "—" if tool == "sluice" else f"{sluice_time / seconds:.2f}×"
        print(f"| {tool} | {seconds:.3f} s | {peak / 1e6:.0f} MB ({peak / PAYLOAD_BYTES:.2f}× payload) | {ratio} |")
    print(f"\nTargets: Sluice time ≤ 1.0× pyarrow's (now {sluice_time / results['pyarrow'][0]:.2f}×); "
          f"peak ≤ 1.5× payload (now {sluice_peak / PAYLOAD_BYTES:.2f}×).")
    if args.json:
        args.json.write_text(json.dumps({t: {"seconds": s, "peak_bytes": p} for t, (s, p) in results.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
