#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/insights.json: a table built to hold every problem `insights`
looks for (an identifier, a constant column, a leaking column, a correlated pair, outliers, a mostly
missing column, a few missing values, an imbalanced target, rows without a target, duplicate rows),
as CSV, with what pandas, numpy and scikit-learn say of it, so the Swift tests check the report
without needing Python.

Per column: missing values (isna), distinct values (nunique), values beyond 1.5 IQR of numpy's
quartiles (numbers of more than two values). For the table: duplicated().sum() and the pairs of
numeric columns with |DataFrame.corr()| >= 0.9. Predicting `target` and predicting `a`: each other
column alone, scored on the held-out rows (every fourth of those with a target) by scikit-learn's
roc_auc_score or r2_score, where each row is predicted by the mean target of the training rows in its
bucket (numbers: cut at the training rows' numpy quantiles 1/20 … 19/20; text: by value; missing: a
bucket of its own), and the findings each rule raises, in the report's order.

Run from the repository root: .venv/bin/python scripts/make-insights-goldens.py"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score, roc_auc_score

LEAKAGE_AUC, LEAKAGE_R2, CORRELATION, HIGH_CARDINALITY, IDENTIFIER_SHARE = 0.95, 0.9, 0.9, 50, 0.5
IMBALANCE_RATIO, MOSTLY_MISSING, BUCKETS = 0.25, 0.5, 20


def build_table():
    rng = np.random.RandomState(7)
    n = 390
    latent = rng.normal(0, 1, n)
    yes = latent > 1.3
    a = rng.normal(0, 1, n).round(4)
    frame = pd.DataFrame({
        "id": [f"c{i:04d}" for i in range(n)],
        "const": ["same"] * n,
        "a": a,
        "b": (2 * a + rng.normal(0, 0.05, n)).round(4),
        "income": rng.lognormal(10, 0.5, n).round(2),
        "notes": np.where(rng.uniform(size=n) < 0.7, np.nan, rng.normal(5, 1, n).round(3)),
        "age": pd.array(np.where(rng.uniform(size=n) < 0.05, None, rng.randint(18, 81, n)), dtype="Int64"),
        "city": np.where(latent + rng.normal(0, 1, n) > 0.5, "north", rng.choice(["south", "east", "west"], n)),
        "leak": (yes * 1.0 + rng.normal(0, 0.1, n)).round(4),
        "target": np.where(yes, "yes", "no").astype(object),
    })
    frame.loc[[3, 60, 150], "income"] *= 20
    frame.loc[[11, 97, 205, 301, 377], "target"] = None
    return pd.concat([frame, frame.iloc[:10]], ignore_index=True)


def buckets(column, train):
    if pd.api.types.is_numeric_dtype(column):
        values = column.astype("float64")
        present = np.sort(values.iloc[train].dropna().to_numpy())
        edges = []
        for step in range(1, BUCKETS):
            edge = float(np.quantile(present, step / BUCKETS))
            if not edges or edge != edges[-1]:
                edges.append(edge)
        return np.array([len(edges) + 1 if np.isnan(v) else int(np.searchsorted(edges, v, side="left")) for v in values])
    codes = {}
    return np.array([0 if v is None or v != v else codes.setdefault(v, len(codes) + 1) for v in column])


def power(column, labels, train, holdout, regression):
    bucket = buckets(column, train)
    frame = pd.DataFrame({"bucket": bucket[train], "y": labels[train]})
    means = frame.groupby("bucket")["y"].mean()
    overall = labels[train].mean()
    predictions = np.array([means.get(b, overall) for b in bucket[holdout]])
    actual = labels[holdout]
    return float(r2_score(actual, predictions) if regression else roc_auc_score(actual, predictions))


def report(frame, target):
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    features = [c for c in frame.columns if c != target]
    rows = len(frame)
    with_target = frame[frame[target].notna()].reset_index(drop=True)
    positions = np.arange(len(with_target))
    train, holdout = positions[positions % 4 != 3], positions[positions % 4 == 3]
    regression = target in numeric
    if regression:
        labels = with_target[target].to_numpy(dtype="float64")
    else:
        classes = sorted(with_target[target].unique())
        labels = (with_target[target] == classes[-1]).to_numpy(dtype="float64")
    columns = []
    for name in frame.columns:
        column = frame[name]
        entry = {"name": name, "missing": int(column.isna().sum()), "distinct": int(column.nunique())}
        if name in numeric and column.nunique() > 2:
            present = column.dropna().to_numpy(dtype="float64")
            q1, q3 = np.quantile(present, [0.25, 0.75])
            reach = 1.5 * (q3 - q1)
            entry["outliers"] = int(((present < q1 - reach) | (present > q3 + reach)).sum())
        if name != target:
            entry["power"] = power(with_target[name], labels, train, holdout, regression)
        columns.append(entry)
    by_name = {c["name"]: c for c in columns}
    findings = []
    bar = LEAKAGE_R2 if regression else LEAKAGE_AUC
    findings += [("leakage", [c]) for c in features if by_name[c]["power"] >= bar]
    if by_name[target]["missing"] > 0:
        findings.append(("missing target", [target]))
    findings += [("constant", [c]) for c in features if by_name[c]["distinct"] <= 1]
    duplicates = int(frame.duplicated().sum())
    if duplicates > 0:
        findings.append(("duplicates", []))
    findings += [("high cardinality", [c]) for c in features
                 if c not in numeric and by_name[c]["distinct"] > HIGH_CARDINALITY
                 and by_name[c]["distinct"] >= IDENTIFIER_SHARE * (rows - by_name[c]["missing"])]
    if not regression:
        counts = frame[target].value_counts()
        if counts.min() < IMBALANCE_RATIO * counts.max():
            findings.append(("imbalance", [target]))
    findings += [("missing", [c]) for c in features if by_name[c]["missing"] > 0 and by_name[c]["distinct"] > 0]
    numeric_features = [c for c in features if c in numeric]
    matrix = frame[numeric_features].corr()
    for i, first in enumerate(numeric_features):
        for second in numeric_features[i + 1:]:
            if abs(matrix.loc[first, second]) >= CORRELATION:
                findings.append(("correlated", [first, second]))
    findings += [("outliers", [c]) for c in features if by_name[c].get("outliers", 0) > 0]
    return {"target": target, "rows": rows, "duplicates": duplicates, "analysed": len(with_target),
            "columns": columns, "findings": [{"kind": k, "columns": c} for k, c in findings]}


def main():
    frame = build_table()
    csv = frame.to_csv(index=False)
    goldens = {"csv": csv, "reports": [report(frame, "target"), report(frame, "a")]}
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "insights.json"
    path.write_text(json.dumps(goldens, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
