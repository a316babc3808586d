"""`crossvalidate` against scikit-learn's cross_val_score: with the folds scikit-learn picks by default
(StratifiedKFold for classes, KFold for numbers) and a model both sides fit to the same optimum
(unpenalised logistic and least-squares regression), each fold's score is the same."""
import subprocess

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from conftest import DATA, SLUICE_BIN

CHURN_FEATURES = ["tenure", "monthly_charges", "senior_citizen", "partner", "dependents", "paperless_billing", "female"]
DIAMOND_FEATURES = ["carat", "depth", "table", "x", "y", "z"]


def run(script, directory):
    path = directory / "job.sluice"
    path.write_text(script)
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=directory, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_classification_folds_and_scores_equal_cross_val_score(tmp_path):
    columns = ", ".join(["churn"] + CHURN_FEATURES)
    shown = run(f"""
let churn = load "{DATA / 'telco_churn.csv'}" | select [{columns}]
let cv = crossvalidate linear_learner on churn predicting churn {{ folds 5 }}
cv
save cv to "folds.csv"
""", tmp_path)
    assert shown.startswith("5-fold cross-validation of linear_learner predicting churn · 7,043 rows · binary classification")
    folds = pd.read_csv(tmp_path / "folds.csv")
    frame = pd.read_csv(DATA / "telco_churn.csv")
    x, y = frame[CHURN_FEATURES].to_numpy(float), (frame["churn"] == "Yes").to_numpy(int)
    assert list(folds["rows"]) == [len(test) for _, test in StratifiedKFold(5).split(x, y)]
    assert list(folds["training_rows"]) == [len(train) for train, _ in StratifiedKFold(5).split(x, y)]
    model = make_pipeline(StandardScaler(), LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-10))
    for scoring, column in (("roc_auc", "auc"), ("accuracy", "accuracy"), ("neg_log_loss", "logloss")):
        reference = cross_val_score(model, x, y, cv=5, scoring=scoring)
        reference = -reference if scoring.startswith("neg_") else reference
        assert np.abs(folds[column].to_numpy() - reference).max() < 1e-5, (column, list(folds[column]), list(reference))
    # The summary is numpy's mean ± std of the folds' scores.
    auc = folds["auc"].to_numpy()
    _, mean, _, std = next(line for line in shown.splitlines() if line.startswith("auc ")).split()
    for text, value in ((mean, auc.mean()), (std, auc.std())):
        assert abs(float(text) - value) <= 0.5 * 10 ** -len(text.split(".")[1]), (text, value)


def test_regression_folds_are_consecutive_blocks_scored_as_cross_val_score(tmp_path):
    columns = ", ".join(["price"] + DIAMOND_FEATURES)
    run(f"""
let diamonds = load "{DATA / 'diamonds.csv'}" | select [{columns}]
save crossvalidate linear_learner on diamonds predicting price {{ folds 4 }} to "folds.csv"
""", tmp_path)
    folds = pd.read_csv(tmp_path / "folds.csv")
    frame = pd.read_csv(DATA / "diamonds.csv")
    x, y = frame[DIAMOND_FEATURES].to_numpy(float), frame["price"].to_numpy(float)
    assert list(folds["rows"]) == [len(test) for _, test in KFold(4).split(x)]
    reference = -cross_val_score(LinearRegression(), x, y, cv=4, scoring="neg_root_mean_squared_error")
    assert np.abs(folds["rmse"].to_numpy() - reference).max() / reference.max() < 1e-6, (list(folds["rmse"]), list(reference))
    r2 = cross_val_score(LinearRegression(), x, y, cv=4, scoring="r2")
    assert np.abs(folds["r2"].to_numpy() - r2).max() < 1e-6
