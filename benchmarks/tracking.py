#!/usr/bin/env python3
"""Tracking: what recording runs costs a statement, and `runs` over 10,000 recorded runs, in one run.

- Recording: a script trains (xgboost, 5 rounds), evaluates and cross-validates on the churn data, 20 times
  each, and tunes once (10 trials); `sluice run --timings` prints, for each statement, the time spent
  building its runs' records (parameters, data fingerprint, metrics) and appending them to the store's
  log. The peer is MLflow's Python client logging a run of the same content (17 parameters, its metrics,
  its tags) to a local sqlite store, as `mlflow.start_run()` … `end_run()` does in a notebook.
- `runs` over 10,000 runs: a store whose log holds 10,000 runs in 40 session files (copies of the runs the
  first part recorded, each with its own id and metrics); the timed statement is `let all = runs` (read
  every file, parse every line, build the table), best of 5 processes. The peer is pandas reading the same
  files (`read_json(lines=True)` per file, `json_normalize` of the runs, concatenated).
Targets: recording under 5 ms a statement; `runs` over 10,000 runs under 200 ms.
Usage: benchmarks/tracking.py [--sluice PATH]
"""
import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT  # noqa: E402

DATA = ROOT / "data" / "telco_churn.csv"
REPEATS, RUNS = 5, 10_000


def recording(binary: Path, folder: Path):
    lines = [f'let raw = load "{DATA}"', "let train_set, test_set = raw | split 80% stratify churn seed 42",
             "let prep = recipe | impute median [total_charges]"]
    kinds = {}
    for i in range(20):
        for kind, statement in (("train", f"let m{i} = train xgboost on train_set predicting churn using prep {{ rounds = 5, seed = {i} }}"),
                                ("evaluate", f"let e{i} = evaluate m{i} on test_set"),
                                ("crossvalidate", f"let c{i} = crossvalidate linear_learner on test_set predicting churn using prep {{ folds 3 }}")):
            lines.append(statement)
            kinds[len(lines)] = kind
    lines.append("let t = tune xgboost on train_set predicting churn using prep { trials 10, search random, rounds = 5, max_depth in 2..6 }")
    kinds[len(lines)] = "tune (10 trials)"
    script = folder / "record.sluice"
    script.write_text("\n".join(lines) + "\n")
    result = subprocess.run([str(binary), "run", "--timings", str(script)], cwd=folder, capture_output=True, text=True, check=True,
                            env={"SLUICE_HOME": str(folder / "store"), "PATH": "/usr/bin:/bin"})
    spent = {}
    for line, milliseconds in re.findall(r"timing: line (\d+): [\d.]+ s, recording its runs ([\d.]+) ms", result.stderr):
        spent.setdefault(kinds[int(line)], []).append(float(milliseconds))
    assert set(spent) == set(kinds.values()), result.stderr[-2000:]
    return spent


def mlflow_peer(folder: Path, run: dict):
    import mlflow
    mlflow.set_tracking_uri(f"sqlite:///{folder / 'mlflow.db'}")
    mlflow.set_experiment("bench")
    times = []
    for _ in range(21):
        start = time.perf_counter()
        with mlflow.start_run(run_name="train xgboost"):
            mlflow.log_params(run["parameters"])
            mlflow.log_metrics(run["metrics"])
            mlflow.set_tags({"sluice.statement": run["statement"], "sluice.data.fingerprint": run["data"]["fingerprint"]})
        times.append(time.perf_counter() - start)
    return [t * 1000 for t in times[1:]]  # the first run creates the tables


def many_runs(folder: Path, recorded: list):
    store = folder / "many"
    (store / "runs").mkdir(parents=True)
    rng = random.Random(1)
    base = int(time.time() * 1000) - RUNS * 1000
    for file in range(40):
        with open(store / "runs" / f"session-{file}.jsonl", "w") as out:
            for i in range(RUNS // 40):
                run = dict(rng.choice(recorded))
                run["id"] = f"{base + file * 1000 + i * 40:012x}-{rng.getrandbits(32):08x}"
                run["metrics"] = {k: v * rng.uniform(0.9, 1.1) for k, v in run["metrics"].items()}
                out.write(json.dumps({"run": run}, separators=(",", ":")) + "\n")
    return store


def time_runs(binary: Path, store: Path, folder: Path):
    script = folder / "runs.sluice"
    script.write_text("let all = runs\nprint (all | take 1)\n")
    times = []
    for _ in range(REPEATS):
        result = subprocess.run([str(binary), "run", "--timings", str(script)], cwd=folder, capture_output=True, text=True, check=True,
                                env={"SLUICE_HOME": str(store), "PATH": "/usr/bin:/bin"})
        assert "1 row × " in result.stdout, result.stdout
        times.append(float(re.search(r"timing: line 1: ([\d.]+) s", result.stderr).group(1)))
    return min(times)


def time_pandas(store: Path):
    import pandas as pd
    files = sorted((store / "runs").glob("*.jsonl"))
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        frames = [pd.json_normalize(pd.read_json(file, lines=True)["run"].tolist()) for file in files]
        table = pd.concat(frames, ignore_index=True).sort_values("id", ascending=False)
        times.append(time.perf_counter() - start)
        assert len(table) == RUNS
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    binary = parser.parse_args().sluice
    with tempfile.TemporaryDirectory(prefix="sluice-bench-tracking-") as temporary:
        folder = Path(temporary)
        spent = recording(binary, folder)
        recorded = [json.loads(line)["run"] for file in (folder / "store" / "runs").glob("*.jsonl")
                    for line in file.read_text().splitlines()]
        train = next(r for r in recorded if r["kind"] == "train")
        peer = mlflow_peer(folder, train)
        print("Recording runs (ms per statement):")
        print(f"| statement | runs recorded | mean | max | MLflow client, one run (median) | Sluice mean ÷ MLflow |")
        print("|---|---|---|---|---|---|")
        for kind, values in spent.items():
            runs = 11 if kind.startswith("tune") else 1
            print(f"| {kind} | {runs} | {statistics.mean(values):.2f} | {max(values):.2f} | {statistics.median(peer):.2f} | "
                  f"{statistics.mean(values) / statistics.median(peer):.2f}× |")
        store = many_runs(folder, recorded)
        sluice, pandas = time_runs(binary, store, folder), time_pandas(store)
        print(f"\n`runs` over {RUNS:,} runs in 40 files (best of {REPEATS}):")
        print("| tool | time | Sluice ÷ tool |")
        print("|---|---|---|")
        print(f"| sluice (`let all = runs`) | {sluice * 1000:.0f} ms | — |")
        print(f"| pandas (read_json lines + json_normalize) | {pandas * 1000:.0f} ms | {sluice / pandas:.2f}× |")


if __name__ == "__main__":
    main()
