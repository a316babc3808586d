"""Installing the kernelspec, and the quickstart notebook executed headless
through it with nbclient."""
import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from alert_receiver import AlertReceiver
from conftest import KERNEL_BIN, ROOT
from serving import stop_endpoints


def test_install_prefix_writes_kernelspec_pointing_at_the_binary(tmp_path):
    result = subprocess.run([str(KERNEL_BIN), "install", "--prefix", str(tmp_path)],
                            capture_output=True, text=True, check=True)
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "sluice"
    assert str(spec_dir) in result.stdout
    # It offers the Pygments lexer from the source tree it was built in.
    assert f"pip install {ROOT / 'python' / 'sluice-pygments'}" in result.stdout
    installed = json.loads((spec_dir / "kernel.json").read_text())
    template = json.loads((ROOT / "kernelspec" / "sluice" / "kernel.json").read_text())
    assert installed["argv"] == [str(KERNEL_BIN.resolve()), "-f", "{connection_file}"]
    assert {k: v for k, v in installed.items() if k != "argv"} == {k: v for k, v in template.items() if k != "argv"}
    for logo in ("logo-32x32.png", "logo-64x64.png"):
        assert (spec_dir / logo).read_bytes() == (ROOT / "kernelspec" / "sluice" / logo).read_bytes()


def test_install_user_honours_jupyter_data_dir(tmp_path):
    env = {"JUPYTER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    subprocess.run([str(KERNEL_BIN), "install", "--user"], env=env, check=True, capture_output=True)
    assert (tmp_path / "data" / "kernels" / "sluice" / "kernel.json").exists()


def test_install_rejects_user_with_prefix(tmp_path):
    result = subprocess.run([str(KERNEL_BIN), "install", "--user", "--prefix", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "--user and --prefix cannot be used together" in result.stderr


def test_quickstart_notebook_runs_with_html_tables_and_no_errors():
    path = ROOT / "notebooks" / "quickstart.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata.kernelspec.name == "sluice"
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "the notebook is saved with outputs"
    NotebookClient(notebook, timeout=120, kernel_name="sluice",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    first = notebook.cells[1].outputs
    assert [o.output_type for o in first] == ["execute_result"]
    assert "<table>" in first[0].data["text/html"]
    assert "7,043 rows × 20 columns (first 10 shown)" in first[0].data["text/html"]
    selected = notebook.cells[3].outputs[0].data
    assert "5 rows × 5 columns" in selected["text/plain"]
    assert "<th>monthly_charges</th>" in selected["text/html"]
    cells = {cell.id: cell for cell in notebook.cells}
    described = cells["cell-6"].outputs
    assert [o.output_type for o in described] == ["display_data"]
    assert described[0].data["text/html"].count("<svg") == 5
    assert "32.3711" in described[0].data["text/plain"]  # tenure's mean, as pandas gives it
    split = cells["cell-10"].outputs[0].data["text/plain"]
    assert split == "[5,626 rows × 22 columns, 1,406 rows × 22 columns]"
    fitted = cells["cell-12"].outputs[0].data["text/plain"]
    assert "onehot contract → 3 columns (Month-to-month, One year, Two year)" in fitted
    prepared = cells["cell-13"].outputs[0].data["text/html"]
    assert "<th>contract=One year</th>" in prepared
    training = cells["cell-15"].outputs
    # Progress frames are stream text, each drawn over the last with a carriage return; nbconvert's
    # stream coalescing (run-notebook uses it) keeps the last frame, as JupyterLab shows it.
    assert [o.output_type for o in training][-2:] == ["display_data", "execute_result"]
    assert all(o.output_type == "stream" and o.text.startswith("\r") for o in training[:-2])
    coalesced, _ = CoalesceStreamsPreprocessor().preprocess_cell(cells["cell-15"], {}, 15)
    assert [o.output_type for o in coalesced.outputs] == ["stream", "display_data", "execute_result"]
    assert coalesced.outputs[0].text.startswith("[####################] 150/150 round 150")
    assert "\r" not in coalesced.outputs[0].text
    assert training[-2].data["text/plain"].startswith("xgboost model · binary classification of churn (positive: Yes)")
    predictions = cells["cell-16"].outputs[0].data["text/plain"]
    assert "score" in predictions and "predicted_label" in predictions and "8 rows × 5 columns" in predictions
    evaluation = [o.data for o in cells["cell-18"].outputs]
    assert evaluation[0]["text/plain"].startswith("binary classification · 1,406 rows · positive: Yes · threshold 0.35")
    assert len(evaluation) == 4 and "ROC (AUC" in evaluation[1]["image/svg+xml"]


def test_run_notebook_script_writes_executed_copy_and_summary(tmp_path):
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run-notebook"), "--html", str(ROOT / "notebooks" / "quickstart.ipynb"),
         str(tmp_path)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    executed = tmp_path / "quickstart.ipynb"
    assert f"Executed notebook: {executed}" in result.stdout
    assert "7,043 rows × 20 columns (first 10 shown)" in result.stdout
    assert any(o.output_type == "execute_result"
               for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code" for o in c.outputs)
    page = (tmp_path / "quickstart.html").read_text()
    assert f"HTML version: {tmp_path / 'quickstart.html'}" in result.stdout
    assert "<svg" in page and "7,043 rows × 20 columns" in page
    # The cells are highlighted by the Sluice lexer the kernel names (python/sluice-pygments).
    assert '<span class="k">let</span>' in page and '<span class="nb">xgboost</span>' in page


# For each notebook: (cell id, output type, MIME type, text the output must contain).
NOTEBOOK_OUTPUTS = {
    "regression-diamonds": [
        ("cell-2", "execute_result", "text/html", "53,940 rows × 10 columns"),
        ("cell-3", "display_data", "text/html", "<svg"),
        ("cell-5", "display_data", "text/plain", "xgboost model · regression of log_price"),
        ("cell-7", "display_data", "text/plain", "regression · 10,788 rows"),
        ("cell-7", "execute_result", "image/svg+xml", "residual (actual − predicted)"),
        ("cell-8", "display_data", "image/svg+xml", "share of total gain (%)"),
    ],
    "wrangling": [
        ("cell-2", "execute_result", "text/plain", "Adelie           152"),
        ("cell-4", "execute_result", "text/plain", "Gentoo       Biscoe           124      123  5076.02"),
        ("cell-5", "execute_result", "text/html", "<th>Torgersen</th>"),
        ("cell-7", "execute_result", "text/plain", "Biscoe       true          92"),
        ("cell-9", "execute_result", "text/plain", "ADE-torgersen      3.8"),
        ("cell-10", "execute_result", "text/plain", "Fair            1610          3282"),
        ("cell-12", "execute_result", "text/plain", "Two year        1695"),
        ("cell-13", "execute_result", "text/plain", "Yes             1869"),
        ("cell-15", "display_data", "text/plain", "2012-01-01  2012-12-31  2013-12-31  2014-12-31  2015-12-31  ██████████ over 1460 days"),
        ("cell-17", "execute_result", "text/plain", "2014        7       31         2     34.4"),
        ("cell-18", "execute_result", "text/plain", "2015-12-28            1.5         5       1.7    1.3  fog                0          362"),
        ("cell-20", "display_data", "text/plain", "features           7 (from 4 columns)"),
    ],
    "exploring": [
        ("cell-2", "execute_result", "image/svg+xml", "a random sample of 5,000 of 53,940 points"),
        ("cell-2", "execute_result", "text/plain", "• Fair  + Good  x Ideal  o Premium  * Very Good"),
        ("cell-4", "execute_result", "image/svg+xml", ">15,000</text>"),
        ("cell-5", "execute_result", "image/svg+xml", "of the values beyond the whiskers, at most 100 a box are drawn"),
        ("cell-6", "execute_result", "text/plain", "Ideal     │████████████████████████████████████████ 21551"),
        ("cell-8", "execute_result", "image/svg+xml", ">2015-07</text>"),
        ("cell-9", "execute_result", "image/svg+xml", ">drizzle</text>"),
        ("cell-11", "execute_result", "image/svg+xml", ">124</text>"),
        ("cell-12", "stream", "", 'saved the chart "bill_depth_mm against bill_length_mm" to out/penguin-bills.svg'),
        ("cell-14", "display_data", "text/plain", "price  0.922  -0.011   0.127   1.000   0.884   0.865  0.861"),
        ("cell-14", "display_data", "image/svg+xml", ">0.92</text>"),
        ("cell-15", "display_data", "text/plain", "carat  1.000   0.030   0.195  0.963   0.996   0.996  0.993"),
        ("cell-17", "display_data", "text/plain", "Insights on 7,043 rows × 20 columns, predicting `churn` (binary classification)"),
        ("cell-17", "display_data", "text/plain", "22 rows (0.3%) repeat an earlier row exactly"),
        ("cell-17", "display_data", "image/svg+xml", "share of total gain (%)"),
        ("cell-19", "display_data", "text/plain", "2 models · binary classification · 1,409 rows"),
        ("cell-19", "display_data", "image/svg+xml", "linear (AUC "),
        ("cell-19", "execute_result", "image/svg+xml", "trees (AP "),
        ("cell-21", "execute_result", "text/plain", "2 rows × 4 columns"),
        ("cell-23", "execute_result", "text/plain", "5-fold cross-validation of xgboost predicting churn · 7,043 rows"),
        ("cell-25", "execute_result", "text/plain", "coefficients per unit of each column before the recipe scaled it"),
    ],
    "clustering-penguins": [
        ("cell-3", "display_data", "text/plain", "342 rows × 4 columns"),
        ("cell-5", "display_data", "text/plain", "tuning kmeans · 5 trials · grid search · maximize silhouette"),
        ("cell-5", "execute_result", "image/svg+xml", "best so far"),
        ("cell-6", "display_data", "text/plain", "clustering into 3 · 342 rows"),
        ("cell-8", "execute_result", "text/html", "<th>closest_cluster</th>"),
    ],
    "tuning": [
        ("cell-4", "display_data", "text/plain", "12 trials · bayesian search · maximize auc on 3-fold cross-validation"),
        ("cell-4", "display_data", "text/plain", "auc mean ± std"),
        ("cell-6", "display_data", "text/plain", "hyperband search"),
        ("cell-6", "display_data", "text/plain", "stopped at "),
        ("cell-8", "display_data", "text/plain", "random search · maximize auc on a 20% hold-out"),
        ("cell-10", "display_data", "image/svg+xml", "ROC (AUC"),
    ],
    "churn-end-to-end": [
        ("cell-2", "display_data", "text/html", "<svg"),
        ("cell-3", "execute_result", "text/plain", "recipe"),
        ("cell-5", "execute_result", "text/plain", "kmeans model"),
        ("cell-6", "execute_result", "image/svg+xml", "best so far"),
        ("cell-7", "display_data", "text/plain", "binary classification · 1,409 rows"),
        ("cell-8", "display_data", "image/svg+xml", "ROC (AUC"),
        ("cell-9", "display_data", "image/svg+xml", "share of total gain (%)"),
        ("cell-11", "stream", None, "saved churn v1"),
        ("cell-13", "stream", None, 'deployed "churn": churn v1 at http://127.0.0.1:'),
        ("cell-13", "display_data", "text/html", "healthy"),
        ("cell-14", "execute_result", "text/html", "predicted_label"),
        ("cell-16", "stream", None, "transformed 7,043 rows of out/churn-prepared.csv"),
        ("cell-18", "display_data", "text/plain", "captured traffic: no violations"),
        ("cell-19", "display_data", "text/html", "baseline_drift_check"),
        ("cell-19", "display_data", "image/svg+xml", "L∞ distance"),
        ("cell-22", "display_data", "text/plain", "baseline_drift_check"),
        ("cell-22", "stream", None, 'monitoring "churn" every 1h · alert http://127.0.0.1:'),
        ("cell-22", "stream", None, "alert sent to http://127.0.0.1:"),
        ("cell-23", "display_data", "text/html", "every 1h · alert http://127.0.0.1:"),
        ("cell-25", "display_data", "text/plain", 'model quality of "churn": auc on 2,818 rows with ground truth, per 1s window'),
        ("cell-25", "display_data", "text/plain", "violation"),
        ("cell-25", "display_data", "image/svg+xml", "auc over time"),
        ("cell-25", "stream", None, "alert sent to http://127.0.0.1:"),
        ("cell-20", "stream", None, 'stopped "churn"'),
    ],
}


@pytest.mark.parametrize("name", sorted(NOTEBOOK_OUTPUTS))
def test_notebook_runs_without_errors_with_its_rich_outputs(name, tmp_path, monkeypatch, request):
    path = ROOT / "notebooks" / f"{name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "the notebook is saved with outputs"
    monkeypatch.setenv("SLUICE_HOME", str(tmp_path / "store"))  # `save … as` writes here, not in the repository
    receiver = AlertReceiver()  # where a bare `alert` sends
    request.addfinalizer(receiver.stop)
    monkeypatch.setenv("SLUICE_ALERT_URL", receiver.url)
    request.addfinalizer(lambda: stop_endpoints(tmp_path / "store"))  # should a cell fail before `undeploy`
    NotebookClient(notebook, timeout=600, kernel_name="sluice",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    cells = {cell.id: cell for cell in notebook.cells}
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    for cell_id, kind, mime, text in NOTEBOOK_OUTPUTS[name]:
        outputs = [o for o in cells[cell_id].outputs if o.output_type == kind]
        found = [o.text if kind == "stream" else o.data.get(mime, "") for o in outputs]
        assert any(text in f for f in found), f"{name} {cell_id}: no {kind} {mime} with {text!r}"
    if name == "exploring":
        # Each chart reaches JupyterLab as a Vega-Lite specification: JSON in the message, not a string.
        for cell in notebook.cells:
            for output in getattr(cell, "outputs", []):
                if "image/svg+xml" in output.get("data", {}):
                    spec = output.data["application/vnd.vegalite.v5+json"]
                    assert isinstance(spec, dict) and spec["$schema"].endswith("vega-lite/v5.json"), cell.id
                    assert "mark" in spec or "layer" in spec, cell.id
    if name == "churn-end-to-end":
        # The example teaches good practice: the tuned model beats the linear baseline on every metric.
        def metrics(cell_id):
            text = next(o.data["text/plain"] for o in cells[cell_id].outputs if o.output_type == "display_data")
            return {line.split()[0]: float(line.split()[1]) for line in text.splitlines()
                    if line.split() and line.split()[0] in ("auc", "logloss", "recall", "f1")}
        base, tuned = metrics("cell-7"), metrics("cell-8")
        assert set(base) == {"auc", "logloss", "recall", "f1"}
        assert tuned["auc"] > base["auc"] and tuned["logloss"] < base["logloss"], (base, tuned)
        assert tuned["recall"] > base["recall"] and tuned["f1"] > base["f1"], (base, tuned)
        # The alerts reached the receiver: the doubled charges' drift, then the windows whose AUC fell.
        drift, quality = [body for _, _, body in receiver.received]
        assert drift["monitoring"] == "data_quality" and drift["endpoint"] == "churn" and drift["drift"]["monthly_charges"] > 0.1
        assert any(v["feature_name"] == "monthly_charges" for v in drift["violations"])
        assert quality["monitoring"] == "model_quality" and quality["metric"] == "auc" and quality["windows"]
        assert all(w["value"] < quality["baseline"] - quality["threshold"] for w in quality["windows"])
