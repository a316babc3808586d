"""The linear learner against scikit-learn: on the same standardised
features, logistic regression with L2 converges to the same optimum as
scikit-learn's lbfgs at the same regularisation (C = 1 / (n · l2))."""
import subprocess

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from conftest import DATA, SLUICE_BIN


def test_logistic_loss_within_1e_4_of_scikit_learn(tmp_path):
    l2 = 0.01
    script = tmp_path / "job.sluice"
    script.write_text(f"""
let churn = load "{DATA / 'telco_churn.csv'}"
let prep = recipe | impute median [total_charges] | encode onehot | scale standard
let fitted = fit prep on churn predicting churn
save churn | apply fitted | select -[churn] to "features.csv"
save churn | derive label = if(churn == "Yes", 1, 0) | select [label] to "labels.csv"
let model = train linear_learner on churn predicting churn using prep {{ l2 = {l2} }}
model
save churn | predict model | select [score] to "scores.csv"
""")
    result = subprocess.run([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "converged" in result.stdout
    features = np.genfromtxt(tmp_path / "features.csv", delimiter=",", skip_header=1)
    labels = np.genfromtxt(tmp_path / "labels.csv", delimiter=",", skip_header=1)
    scores = np.genfromtxt(tmp_path / "scores.csv", delimiter=",", skip_header=1)
    reference = LogisticRegression(C=1 / (len(labels) * l2), solver="lbfgs", max_iter=10_000, tol=1e-10)
    reference.fit(features, labels)
    sluice_loss = log_loss(labels, scores)
    reference_loss = log_loss(labels, reference.predict_proba(features)[:, 1])
    print(f"log loss: sluice {sluice_loss:.8f}, scikit-learn {reference_loss:.8f}")
    assert abs(sluice_loss - reference_loss) < 1e-4
