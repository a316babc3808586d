#!/usr/bin/env python3
"""k-means: Sluice against scikit-learn, in one run.

The 1M x 28 set of csv_load.py without its label, k = 8, one initialisation
(k-means++), 2 threads, from data already in memory (scikit-learn from a
float64 numpy array; Sluice from a loaded table, via `sluice run --timings`).
Inertia is printed to show both found clusterings of the same quality.
Usage: benchmarks/kmeans.py [--sluice PATH]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT, dataset  # noqa: E402

K, THREADS = 8, 2


def run_sluice(binary, path):
    """Sluice's training time, inertia and iterations (from `sluice run --timings`)."""
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "bench.sluice"
        script.write_text(f'let t = load "{path}" | select -[label]\n'
                          f'let m = train kmeans on t {{ k = {K}, n_init = 1, seed = 0, threads = {THREADS} }}\n'
                          f'm\n')
        result = subprocess.run([str(binary), "run", "--timings", str(script)], capture_output=True, text=True, check=True)
        return (float(re.search(r"timing: line 2: ([\d.]+) s", result.stderr).group(1)),
                float(re.search(r"^inertia\s+([\d.e+]+)", result.stdout, re.M).group(1)),
                re.search(r"^trained\s+(\d+) iterations", result.stdout, re.M).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    args = parser.parse_args()
    path = dataset()
    sluice_seconds, sluice_inertia, sluice_iterations = run_sluice(args.sluice, path)

    os.environ["OMP_NUM_THREADS"] = str(THREADS)
    import pandas as pd
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    x = pd.read_csv(path).drop(columns=["label"]).to_numpy()
    with threadpool_limits(THREADS):
        start = time.perf_counter()
        model = KMeans(n_clusters=K, n_init=1, random_state=0).fit(x)
        sklearn_seconds = time.perf_counter() - start
    print(f"{len(x):,} rows x {x.shape[1]} features, k = {K}, n_init = 1, {THREADS} threads\n")
    print("| tool | time | Sluice ÷ tool | inertia | iterations |")
    print("|---|---|---|---|---|")
    print(f"| sluice | {sluice_seconds:.2f} s | — | {sluice_inertia:.6g} | {sluice_iterations} |")
    print(f"| scikit-learn | {sklearn_seconds:.2f} s | {sluice_seconds / sklearn_seconds:.2f}× | {model.inertia_:.6g} | {model.n_iter_} |")


if __name__ == "__main__":
    main()
