"""Boosted trees against XGBoost itself: the exported model loads in
xgboost and predicts what Sluice predicts, and quality matches xgboost's
hist method with the same parameters on the same split."""
import subprocess

import numpy as np
import pytest
import xgboost as xgb
from sklearn.metrics import roc_auc_score

from conftest import DATA, SLUICE_BIN


def read_csv(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    values = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, filling_values=np.nan, ndmin=2)
    return header, values


def load_booster(path):
    booster = xgb.Booster()
    booster.load_model(str(path))
    return booster


def xgboost_predictions(booster, names, features):
    """What xgboost itself predicts for `features` (NaN = missing), as float32 like its DMatrix."""
    return booster.predict(xgb.DMatrix(features.astype(np.float32), missing=np.nan, feature_names=names))


def run_sluice(script: str, directory):
    path = directory / "job.sluice"
    path.write_text(script)
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=directory, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def churn(tmp_path_factory):
    """Telco churn prepared by a recipe, with monthly_charges made missing for
    new customers so that learned default directions matter."""
    directory = tmp_path_factory.mktemp("churn")
    run_sluice(f"""
let raw = load "{DATA / 'telco_churn.csv'}" | derive monthly_charges = if(tenure < 4, null, monthly_charges)
let train_set, test_set = raw | split 80% stratify churn seed 42
let prep = recipe | encode onehot
let fitted = fit prep on train_set predicting churn
save train_set | apply fitted | select -[churn] to "train_features.csv"
save test_set | apply fitted | select -[churn] to "test_features.csv"
save train_set | derive label = if(churn == "Yes", 1, 0) | select [label] to "train_labels.csv"
save test_set | derive label = if(churn == "Yes", 1, 0) | select [label] to "test_labels.csv"
let churn_model = train xgboost on train_set predicting churn using prep {{ rounds = 100, max_depth = 4, eta = 0.1 }}
save test_set | predict churn_model | select [score] to "sluice_scores.csv"
save churn_model to "model.json"
""", directory)
    return directory


def test_exported_model_predicts_in_xgboost_what_sluice_predicts(churn):
    names, features = read_csv(churn / "test_features.csv")
    _, scores = read_csv(churn / "sluice_scores.csv")
    assert np.isnan(features).sum() > 100, "the test rows should hold missing values"
    booster = load_booster(churn / "model.json")
    assert booster.feature_names == names
    predicted = xgboost_predictions(booster, names, features)
    assert np.abs(predicted - scores[:, 0]).max() < 1e-5


def test_churn_auc_within_0_005_of_xgboost(churn):
    _, train_x = read_csv(churn / "train_features.csv")
    _, train_y = read_csv(churn / "train_labels.csv")
    _, test_x = read_csv(churn / "test_features.csv")
    _, test_y = read_csv(churn / "test_labels.csv")
    _, scores = read_csv(churn / "sluice_scores.csv")
    reference = xgb.train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.1, "tree_method": "hist"},
                          xgb.DMatrix(train_x, label=train_y[:, 0], missing=np.nan), 100)
    reference_auc = roc_auc_score(test_y[:, 0], reference.predict(xgb.DMatrix(test_x, missing=np.nan)))
    sluice_auc = roc_auc_score(test_y[:, 0], scores[:, 0])
    assert abs(sluice_auc - reference_auc) < 0.005, (sluice_auc, reference_auc)


def test_diamonds_rmse_within_2_percent_of_xgboost(tmp_path):
    run_sluice(f"""
let diamonds = load "{DATA / 'diamonds.csv'}"
let train_set, test_set = diamonds | split 80% seed 7
let prep = recipe | encode onehot [cut, color, clarity]
let fitted = fit prep on train_set predicting price
save train_set | apply fitted | select -[price] to "train_features.csv"
save test_set | apply fitted | select -[price] to "test_features.csv"
save train_set | select [price] to "train_labels.csv"
save test_set | select [price] to "test_labels.csv"
let price_model = train xgboost on train_set predicting price using prep {{ rounds = 100, max_depth = 6, eta = 0.1 }}
save test_set | predict price_model | select [score] to "sluice_scores.csv"
""", tmp_path)
    _, train_x = read_csv(tmp_path / "train_features.csv")
    _, train_y = read_csv(tmp_path / "train_labels.csv")
    _, test_x = read_csv(tmp_path / "test_features.csv")
    _, test_y = read_csv(tmp_path / "test_labels.csv")
    _, scores = read_csv(tmp_path / "sluice_scores.csv")
    reference = xgb.train({"objective": "reg:squarederror", "max_depth": 6, "eta": 0.1, "tree_method": "hist"},
                          xgb.DMatrix(train_x, label=train_y[:, 0]), 100)
    reference_rmse = np.sqrt(np.mean((reference.predict(xgb.DMatrix(test_x)) - test_y[:, 0]) ** 2))
    sluice_rmse = np.sqrt(np.mean((scores[:, 0] - test_y[:, 0]) ** 2))
    assert abs(sluice_rmse - reference_rmse) / reference_rmse < 0.02, (sluice_rmse, reference_rmse)


def test_lossguide_model_predicts_in_xgboost_what_sluice_predicts(churn):
    run_sluice(f"""
let raw = load "{DATA / 'telco_churn.csv'}" | derive monthly_charges = if(tenure < 4, null, monthly_charges)
let train_set, test_set = raw | split 80% stratify churn seed 42
let leafy = train xgboost on train_set predicting churn {{ rounds = 30, grow_policy = "lossguide", max_leaves = 24, max_depth = 0 }}
save test_set | predict leafy | select [score] to "lossguide_scores.csv"
save leafy to "lossguide.json"
""", churn)
    names, features = read_csv(churn / "test_features.csv")
    _, scores = read_csv(churn / "lossguide_scores.csv")
    predicted = xgboost_predictions(load_booster(churn / "lossguide.json"), names, features)
    assert np.abs(predicted - scores[:, 0]).max() < 1e-5


def test_multiclass_model_predicts_class_probabilities_in_xgboost(tmp_path):
    run_sluice(f"""
let penguins = load "{DATA / 'penguins.csv'}" | filter bill_length_mm is not null
  | select [species, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g]
let species_model = train xgboost on penguins predicting species {{ rounds = 10, max_depth = 3 }}
save penguins | select -[species] to "features.csv"
save penguins | predict species_model | select [probability_Adelie, probability_Chinstrap, probability_Gentoo] to "probabilities.csv"
save species_model to "species.json"
""", tmp_path)
    names, features = read_csv(tmp_path / "features.csv")
    _, probabilities = read_csv(tmp_path / "probabilities.csv")
    predicted = xgboost_predictions(load_booster(tmp_path / "species.json"), names, features)
    assert predicted.shape == probabilities.shape
    assert np.abs(predicted - probabilities).max() < 1e-5


def test_importance_matches_xgboost_gain_and_total_gain(tmp_path):
    path = tmp_path / "job.sluice"
    path.write_text(f"""
let raw = load "{DATA / 'telco_churn.csv'}"
let m = train xgboost on raw predicting churn {{ rounds = 20, max_depth = 3 }}
importance m
save m to "m.json"
""")
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines()[1:]:
        parts = line.rstrip(" █▉▊▋▌▍▎▏").rsplit(None, 4)  # without the share's bar
        if len(parts) == 5 and parts[4].endswith("%"):
            rows[parts[0].strip()] = (float(parts[1]), float(parts[2]), int(parts[3]))
    booster = load_booster(tmp_path / "m.json")
    gain, total = booster.get_score(importance_type="gain"), booster.get_score(importance_type="total_gain")
    weight = booster.get_score(importance_type="weight")
    assert set(rows) == set(total)
    for feature, (average, summed, splits) in rows.items():
        assert splits == weight[feature]
        assert abs(summed - total[feature]) <= 1e-4 * max(1, total[feature])
        assert abs(average - gain[feature]) <= 1e-4 * max(1, gain[feature])
