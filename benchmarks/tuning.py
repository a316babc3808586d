#!/usr/bin/env python3
"""Tuning: Sluice's searches against Optuna's TPE and random sampler, in one run.

xgboost on telco_churn, 30 trials, 3 seeds, searching eta (log 0.01-0.3), max_depth
(3-10), subsample (0.5-1) and min_child_weight (1-10), 100 rounds. Every tuner scores a
trial by validation AUC on the same split: Sluice's `split 80% stratify churn seed S`,
which is the hold-out Sluice's `tune` uses internally, written out for Optuna. Optuna
trains xgboost itself (hist) on the same one-hot features: one trial at a time on both
cores, or two at a time (n_jobs 2) on one core each, as Sluice's `parallel 2` does.
Prints the best validation AUC after 10, 20 and 30 trials (mean over seeds; trials
stopped early by the median rule or Hyperband do not count) and the wall time.
Usage: benchmarks/tuning.py [--sluice PATH]
"""
import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEEDS, TRIALS, ROUNDS = [0, 1, 2], 30, 100
CHECKPOINTS = [10, 20, 30]
SPACE = "eta in log 0.01..0.3, max_depth in 3..10, subsample in 0.5..1.0, min_child_weight in 1..10"


def sluice_run(binary, items, seed, directory):
    script = directory / f"tune-{seed}.sluice"
    script.write_text(f'let churn = load "{ROOT / "data" / "telco_churn.csv"}"\n'
                      f'let best = tune xgboost on churn predicting churn {{ maximize auc, {items}, trials {TRIALS}, '
                      f'seed {seed}, {SPACE}, rounds = {ROUNDS} }}\nbest\n')
    result = subprocess.run([str(binary), "run", "--timings", str(script)], capture_output=True, text=True, check=True)
    seconds = float(re.search(r"timing: line 2: ([\d.]+) s", result.stderr).group(1))
    values = {}
    for line in result.stdout.splitlines():
        # trial, four parameters, auc, [rounds: "all" or "stopped at N"], seconds
        parts = line.split()
        if len(parts) >= 7 and parts[0].isdigit():
            complete = len(parts) == 7 or parts[6] == "all"
            values[int(parts[0])] = float(parts[5]) if complete else float("-inf")
    return [values[number] for number in sorted(values)], seconds


def export_split(binary, seed, directory):
    script = directory / f"split-{seed}.sluice"
    script.write_text(f'let churn = load "{ROOT / "data" / "telco_churn.csv"}"\n'
                      f'let fitted = fit (recipe | encode onehot) on churn predicting churn\n'
                      f'let tr, va = churn | split 80% stratify churn seed {seed}\n'
                      f'save tr | apply fitted | derive label = if(churn == "Yes", 1, 0) | select -[churn] to "{directory}/train-{seed}.csv"\n'
                      f'save va | apply fitted | derive label = if(churn == "Yes", 1, 0) | select -[churn] to "{directory}/valid-{seed}.csv"\n')
    subprocess.run([str(binary), "run", str(script)], capture_output=True, check=True)

    def read(path):
        data = np.genfromtxt(path, delimiter=",", skip_header=1, filling_values=np.nan)
        return data[:, :-1], data[:, -1]
    return read(directory / f"train-{seed}.csv"), read(directory / f"valid-{seed}.csv")


def optuna_run(sampler_name, seed, train, valid, jobs=1):
    import optuna
    import xgboost as xgb
    from sklearn.metrics import roc_auc_score
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dtrain = xgb.DMatrix(train[0], label=train[1], missing=np.nan)
    dvalid = xgb.DMatrix(valid[0], missing=np.nan)

    def objective(trial):
        params = {"objective": "binary:logistic", "tree_method": "hist", "nthread": 2 // jobs,
                  "eta": trial.suggest_float("eta", 0.01, 0.3, log=True),
                  "max_depth": trial.suggest_int("max_depth", 3, 10),
                  "subsample": trial.suggest_float("subsample", 0.5, 1.0),
                  "min_child_weight": trial.suggest_int("min_child_weight", 1, 10), "seed": seed}
        booster = xgb.train(params, dtrain, ROUNDS)
        return roc_auc_score(valid[1], booster.predict(dvalid))

    sampler = optuna.samplers.TPESampler(seed=seed) if sampler_name == "tpe" else optuna.samplers.RandomSampler(seed=seed)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    start = time.perf_counter()
    study.optimize(objective, n_trials=TRIALS, n_jobs=jobs)
    return [trial.value for trial in study.trials], time.perf_counter() - start


def best_at(values):
    return [max(values[:checkpoint]) for checkpoint in CHECKPOINTS]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        for seed in SEEDS:
            train, valid = export_split(args.sluice, seed, directory)
            for tool, run in [("Sluice bayesian", lambda: sluice_run(args.sluice, "search bayesian", seed, directory)),
                              ("Sluice bayesian, parallel 2", lambda: sluice_run(args.sluice, "parallel 2", seed, directory)),
                              ("Sluice bayesian, parallel 2, prune median",
                               lambda: sluice_run(args.sluice, "parallel 2, prune median", seed, directory)),
                              ("Sluice random", lambda: sluice_run(args.sluice, "search random", seed, directory)),
                              ("Sluice hyperband, parallel 2", lambda: sluice_run(args.sluice, "search hyperband, parallel 2", seed, directory)),
                              ("Optuna TPE", lambda: optuna_run("tpe", seed, train, valid)),
                              ("Optuna TPE, n_jobs 2", lambda: optuna_run("tpe", seed, train, valid, jobs=2)),
                              ("Optuna random", lambda: optuna_run("random", seed, train, valid))]:
                values, seconds = run()
                results.setdefault(tool, []).append((best_at(values), seconds))
    print(f"telco_churn, xgboost {ROUNDS} rounds, {TRIALS} trials, seeds {SEEDS}; best validation AUC (mean over seeds)\n")
    print("| tuner | after 10 | after 20 | after 30 | wall time (mean) |")
    print("|---|---|---|---|---|")
    for tool, runs in results.items():
        means = np.mean([r[0] for r in runs], axis=0)
        cells = " | ".join(f"{mean:.4f}" if np.isfinite(mean) else "—" for mean in means)
        print(f"| {tool} | {cells} | {np.mean([r[1] for r in runs]):.1f} s |")


if __name__ == "__main__":
    main()
