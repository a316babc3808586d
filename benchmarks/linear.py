#!/usr/bin/env python3
"""Logistic regression: Sluice's linear learner against scikit-learn's lbfgs, in one run.

The 1M x 28 set of csv_load.py, L2 regularisation at scikit-learn's default C = 1
(Sluice's l2 = 1 / n), 2 threads, from data in memory. Sluice standardises
internally; scikit-learn is given the same standardised features, so both solve
the same problem. The final log loss shows both reached the optimum.
Usage: benchmarks/linear.py [--sluice PATH]
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

THREADS = 2


def run_sluice(binary, path, rows):
    """Sluice's training time (from `sluice run --timings`) and its scores on the training rows."""
    import numpy as np
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "bench.sluice"
        scores = Path(directory) / "scores.csv"
        script.write_text(f'let t = load "{path}"\n'
                          f'let m = train linear_learner on t predicting label {{ l2 = {1 / rows}, threads = {THREADS} }}\n'
                          f'save t | predict m | select [score] to "{scores}"\n')
        result = subprocess.run([str(binary), "run", "--timings", str(script)], capture_output=True, text=True, check=True)
        return float(re.search(r"timing: line 2: ([\d.]+) s", result.stderr).group(1)), np.genfromtxt(scores, skip_header=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    args = parser.parse_args()
    path = dataset()
    os.environ["OMP_NUM_THREADS"] = str(THREADS)
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    rows = sum(1 for _ in open(path)) - 1
    # Sluice first, while this process is still small.
    sluice_seconds, sluice_scores = run_sluice(args.sluice, path, rows)
    frame = pd.read_csv(path)
    x = StandardScaler().fit_transform(frame.drop(columns=["label"]).to_numpy())
    y = frame["label"].to_numpy()
    sluice_loss = log_loss(y, sluice_scores)
    with threadpool_limits(THREADS):
        start = time.perf_counter()
        model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(x, y)
        sklearn_seconds = time.perf_counter() - start
    sklearn_loss = log_loss(y, model.predict_proba(x)[:, 1])
    print(f"{rows:,} rows x {x.shape[1]} features, logistic regression, C = 1, {THREADS} threads\n")
    print("| tool | time | Sluice ÷ tool | log loss | iterations |")
    print("|---|---|---|---|---|")
    print(f"| sluice | {sluice_seconds:.2f} s | — | {sluice_loss:.6f} | |")
    print(f"| scikit-learn lbfgs | {sklearn_seconds:.2f} s | {sluice_seconds / sklearn_seconds:.2f}× | {sklearn_loss:.6f} | {model.n_iter_[0]} |")


if __name__ == "__main__":
    main()
