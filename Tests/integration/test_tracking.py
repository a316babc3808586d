"""Runs recorded by `sluice`, read back where they are kept: the store's run log (JSON Lines, read here with
the json module) and a real MLflow tracking server, through MLflow's own Python client and its REST API; a
server that is down; two processes recording into one store at once; the tracking notebook end to end."""
import json
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
import xgboost
from mlflow.tracking import MlflowClient
from nbclient import NotebookClient

from conftest import DATA, ROOT, SLUICE_BIN
from mlflow_server import MLflowServer
from seaweed import free_port
from serving import stop_endpoints


@pytest.fixture(scope="module")
def mlflow_server():
    server = MLflowServer()
    yield server
    server.stop()


def run(script, cwd, env, name="track.sluice"):
    path = cwd / name
    path.write_text(script)
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def local_entries(store: Path):
    """The store's run log: its runs and links, every line of every session's file."""
    entries = [json.loads(line) for file in sorted((store / "runs").glob("*.jsonl")) for line in file.read_text().splitlines()]
    return [e["run"] for e in entries if "run" in e], [e["link"] for e in entries if "link" in e]


SCRIPT = f"""
let raw = load "{DATA}/telco_churn.csv"
let train_set, test_set = raw | split 80% stratify churn seed 42
let prep = recipe | impute median [total_charges]
let model = train xgboost on train_set predicting churn using prep {{ rounds = 15, max_depth = 3, validation = test_set }}
let tuned = tune xgboost on train_set predicting churn using prep {{ maximize auc, trials 3, search random, rounds = 10, max_depth in 2..5 }}
let cv = crossvalidate linear_learner on train_set predicting churn using prep {{ folds 3 }}
evaluate [model, tuned] on test_set
save model as "churn"
"""


def test_every_run_reaches_mlflow_with_its_parameters_metrics_history_tags_and_model(mlflow_server, tmp_path):
    import os
    store = tmp_path / "store"
    run(SCRIPT, tmp_path, dict(os.environ, SLUICE_HOME=str(store), SLUICE_TRACKING_URI=mlflow_server.uri))
    runs, links = local_entries(store)
    assert sorted(r["kind"] for r in runs) == ["crossvalidate", "evaluate", "evaluate", "train", "trial", "trial", "trial", "tune"]
    assert all(r["mlflow_run_id"] for r in runs)

    client = MlflowClient(mlflow_server.uri)
    experiment = client.get_experiment_by_name("track.sluice")
    logged = {r.data.tags["sluice.run_id"]: r for r in client.search_runs([experiment.experiment_id], max_results=100)}
    assert set(logged) == {r["id"] for r in runs}
    by_id = {r["id"]: r for r in runs}
    for local in runs:
        remote = logged[local["id"]]
        assert remote.info.run_id == local["mlflow_run_id"] and remote.info.status == "FINISHED"
        assert remote.info.start_time == round(local["started_at"])
        assert remote.data.params == local["parameters"], local["kind"]
        assert remote.data.metrics == pytest.approx(local["metrics"], rel=1e-12), local["kind"]
        tags = remote.data.tags
        assert tags["mlflow.source.name"] == "track.sluice" and tags["sluice.kind"] == local["kind"]
        assert tags["sluice.statement"] == local["statement"] and tags["mlflow.user"] == local["user"]
        assert tags["sluice.data.fingerprint"] == local["data"]["fingerprint"]
        # Trials nest under their tuning; an evaluation under the run whose model it measured.
        if local.get("parent"):
            assert tags["mlflow.parentRunId"] == by_id[local["parent"]]["mlflow_run_id"]
    train = next(r for r in runs if r["kind"] == "train")
    assert train["given"] == ["rounds", "max_depth"] and train["parameters"]["eta"] == "0.3"
    assert train["data"]["source"] == str(DATA / "telco_churn.csv") and train["data"]["table"] == "train_set"
    assert train["recipe"] == "impute median [total_charges]"
    # The per-round metrics, every round a step, the last one the run's final value.
    for name in ("training_logloss", "validation_logloss"):
        history = client.get_metric_history(train["mlflow_run_id"], name)
        assert [m.step for m in history] == list(range(15)) and history[-1].value == pytest.approx(train["metrics"][name], rel=1e-12)
    # The model version the run's model was saved as, in the log and on the MLflow run.
    assert [(l["run"], l["model"], l["version"]) for l in links] == [(train["id"], "churn", 1)]
    assert client.get_run(train["mlflow_run_id"]).data.tags["sluice.model_versions"] == "churn v1"
    # The XGBoost model is the run's artifact: the very file the store keeps, which XGBoost itself loads.
    downloaded = client.download_artifacts(train["mlflow_run_id"], "model/xgboost.json", str(tmp_path / "artifact"))
    assert Path(downloaded).read_bytes() == (store / "models" / "churn" / "v1.xgboost.json").read_bytes()
    booster = xgboost.Booster()
    booster.load_model(downloaded)
    assert booster.num_boosted_rounds() == 15


def test_a_tracking_server_that_is_down_costs_a_warning_and_the_run_is_kept(tmp_path):
    import os
    store = tmp_path / "store"
    result = run(f'let m = train xgboost on (load "{DATA}/telco_churn.csv") predicting churn {{ rounds = 2 }}\n', tmp_path,
                 dict(os.environ, SLUICE_HOME=str(store), SLUICE_TRACKING_URI=f"http://127.0.0.1:{free_port()}"))
    assert "warning: the run was not logged to MLflow" in result.stderr and "it is kept in the store" in result.stderr
    runs, _ = local_entries(store)
    assert [r["kind"] for r in runs] == ["train"] and "mlflow_run_id" not in runs[0]


def test_two_processes_recording_into_one_store_at_once_lose_and_corrupt_nothing(tmp_path):
    import os
    store = tmp_path / "store"
    env = dict(os.environ, SLUICE_HOME=str(store))
    (tmp_path / "t.csv").write_text("a,b,y\n" + "".join(f"{i % 7},{i % 5},{(i % 7 + i % 5) % 3}\n" for i in range(60)))
    script = "let t = load \"t.csv\"\n" + "".join(f"let m{i} = train linear_learner on t predicting y {{ l2 = {i / 100} }}\n"
                                                   for i in range(25))
    scripts = []
    for writer in ("one", "two"):
        (tmp_path / f"{writer}.sluice").write_text(script)
        scripts.append(subprocess.Popen([str(SLUICE_BIN), "run", f"{writer}.sluice"], cwd=tmp_path, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    for process in scripts:
        assert process.wait(timeout=300) == 0, process.stderr.read()
    runs, _ = local_entries(store)
    assert len(runs) == 50 and len({r["id"] for r in runs}) == 50 and len(list((store / "runs").glob("*.jsonl"))) == 2
    for experiment in ("one.sluice", "two.sluice"):
        assert sorted(float(r["parameters"]["l2"]) for r in runs if r["origin"]["experiment"] == experiment) == [i / 100 for i in range(25)]
    listed = run('print (runs | filter kind == "train" and algorithm == "linear_learner" | select [experiment, l2])\n', tmp_path, env,
                 name="list.sluice")
    assert "50 rows × 2 columns" in listed.stdout, listed.stdout


def test_the_tracking_notebook_runs_and_the_mlflow_rest_api_shows_its_work(mlflow_server, tmp_path, monkeypatch, request):
    path = ROOT / "notebooks" / "tracking.ipynb"
    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("SLUICE_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("SLUICE_TRACKING_URI", mlflow_server.uri)
    # Jupyter's server names the notebook to its kernel so; the kernel names the runs' experiment after it.
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    request.addfinalizer(lambda: stop_endpoints(tmp_path / "store"))
    NotebookClient(notebook, timeout=600, kernel_name="sluice", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type in ("error",)]
    assert not errors, errors
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                     for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "approved \"churn\" v2 (was pending)" in text and "rejected \"churn\" v1 (was pending)" in text, text[-3000:]
    assert "deployed \"churn\": churn v2 at http://127.0.0.1:" in text and "— the latest version, approved" in text
    assert "lineage of \"churn\" v2" in text and "endpoint    \"churn\" at http://127.0.0.1:" in text
    # What the MLflow UI asks its server for: the experiment by name, then its runs.
    def api(path, body=None):
        request = urllib.request.Request(mlflow_server.uri + "/api/2.0/mlflow/" + path,
                                         data=json.dumps(body).encode() if body else None, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
    experiment = api("experiments/get-by-name?experiment_name=tracking.ipynb")["experiment"]
    found = api("runs/search", {"experiment_ids": [experiment["experiment_id"]], "max_results": 200})["runs"]
    kinds = sorted(next(t["value"] for t in r["data"]["tags"] if t["key"] == "sluice.kind") for r in found)
    assert kinds.count("train") >= 1 and kinds.count("tune") == 1 and kinds.count("crossvalidate") == 1 and kinds.count("evaluate") >= 2
    assert kinds.count("trial") >= 4
    places = {next(t["value"] for t in r["data"]["tags"] if t["key"] == "sluice.origin") for r in found}
    assert all(place.startswith("cell ") for place in places), places
