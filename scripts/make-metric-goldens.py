#!/usr/bin/env python3
"""Writes Tests/SluiceMLTests/Golden/metrics.json: shared input vectors and
scikit-learn's values for every metric Sluice computes, so the Swift tests
check against scikit-learn without needing Python. Run from the repository
root with the project's .venv: .venv/bin/python scripts/make-metric-goldens.py
"""
import json

import numpy as np
from sklearn import metrics


def binary_case(name, labels, scores, threshold=0.5):
    labels, scores = np.asarray(labels, float), np.asarray(scores, float)
    predicted = (scores >= threshold).astype(int)
    fpr, tpr, roc_thresholds = metrics.roc_curve(labels, scores, drop_intermediate=False)
    precision, recall, pr_thresholds = metrics.precision_recall_curve(labels, scores)
    return {
        "name": name, "labels": labels.tolist(), "scores": scores.tolist(), "threshold": threshold,
        "accuracy": metrics.accuracy_score(labels, predicted),
        "precision": metrics.precision_score(labels, predicted, zero_division=0),
        "recall": metrics.recall_score(labels, predicted, zero_division=0),
        "f1": metrics.f1_score(labels, predicted, zero_division=0),
        "auc": metrics.roc_auc_score(labels, scores),
        "logloss": metrics.log_loss(labels, scores),
        "average_precision": metrics.average_precision_score(labels, scores),
        "confusion": metrics.confusion_matrix(labels, predicted).tolist(),
        "roc_fpr": fpr.tolist(), "roc_tpr": tpr.tolist(), "roc_thresholds": roc_thresholds[1:].tolist(),
        "pr_precision": precision.tolist(), "pr_recall": recall.tolist(), "pr_thresholds": pr_thresholds.tolist(),
    }


def main():
    rng = np.random.default_rng(2026)
    labels = rng.integers(0, 2, 200)
    scores = np.clip(labels * 0.3 + rng.normal(0.35, 0.25, 200), 0.001, 0.999).round(2)  # rounded: many ties
    binary = [
        binary_case("hand", [0, 0, 1, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.9, 0.65]),
        binary_case("ties", labels.tolist(), scores.tolist()),
        binary_case("ties at 0.3", labels.tolist(), scores.tolist(), threshold=0.3),
    ]
    true_classes = rng.integers(0, 3, 150)
    predicted_classes = np.where(rng.random(150) < 0.7, true_classes, rng.integers(0, 3, 150))
    multiclass = {
        "labels": true_classes.tolist(), "predicted": predicted_classes.tolist(),
        "accuracy": metrics.accuracy_score(true_classes, predicted_classes),
        "precision_macro": metrics.precision_score(true_classes, predicted_classes, average="macro"),
        "recall_macro": metrics.recall_score(true_classes, predicted_classes, average="macro"),
        "f1_macro": metrics.f1_score(true_classes, predicted_classes, average="macro"),
        "precision_weighted": metrics.precision_score(true_classes, predicted_classes, average="weighted"),
        "recall_weighted": metrics.recall_score(true_classes, predicted_classes, average="weighted"),
        "f1_weighted": metrics.f1_score(true_classes, predicted_classes, average="weighted"),
        "per_class_f1": metrics.f1_score(true_classes, predicted_classes, average=None).tolist(),
        "confusion": metrics.confusion_matrix(true_classes, predicted_classes).tolist(),
    }
    actual = rng.normal(10, 3, 120)
    predicted = actual + rng.normal(0, 1.2, 120)
    regression = {
        "actual": actual.tolist(), "predicted": predicted.tolist(),
        "rmse": float(np.sqrt(metrics.mean_squared_error(actual, predicted))),
        "mae": metrics.mean_absolute_error(actual, predicted),
        "r2": metrics.r2_score(actual, predicted),
    }
    points = np.vstack([rng.normal(c, 0.8, (40, 2)) for c in ([0, 0], [4, 4], [0, 5])])
    clusters = np.repeat([0, 1, 2], 40)
    clusters[::17] = (clusters[::17] + 1) % 3
    clustering = {
        "points": points.tolist(), "clusters": clusters.tolist(),
        "silhouette": metrics.silhouette_score(points, clusters),
    }
    with open("Tests/SluiceMLTests/Golden/metrics.json", "w") as f:
        json.dump({"binary": binary, "multiclass": multiclass, "regression": regression, "clustering": clustering}, f,
                  indent=1)


if __name__ == "__main__":
    main()
