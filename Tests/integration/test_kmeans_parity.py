"""k-means against scikit-learn: the same prepared features, the same number
of initialisations; Sluice's inertia must be within 1% of scikit-learn's."""
import subprocess

import numpy as np
import pytest
from sklearn.cluster import KMeans

from conftest import DATA, SLUICE_BIN


def run_sluice(script, directory):
    path = directory / "job.sluice"
    path.write_text(script)
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=directory, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


CASES = {
    "penguins": (f'load "{DATA / "penguins.csv"}" | filter bill_length_mm is not null '
                 '| select [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g]', 3, 5),
    "diamonds": (f'load "{DATA / "diamonds.csv"}" | select [carat, depth, table, price, x, y, z]', 8, 3),
}


@pytest.mark.parametrize("name", CASES)
def test_inertia_within_1_percent_of_scikit_learn(name, tmp_path):
    table, k, n_init = CASES[name]
    output = run_sluice(f"""
let data = {table}
let prep = recipe | scale standard
let fitted = fit prep on data
save data | apply fitted to "features.csv"
let clusters = train kmeans on data using prep {{ k = {k}, n_init = {n_init}, seed = 3 }}
clusters
save data | predict clusters | select [distance_to_cluster] to "distances.csv"
""", tmp_path)
    features = np.genfromtxt(tmp_path / "features.csv", delimiter=",", skip_header=1)
    distances = np.genfromtxt(tmp_path / "distances.csv", delimiter=",", skip_header=1)
    sluice_inertia = float(np.sum(distances ** 2))
    inertia_line = next(line for line in output.splitlines() if line.startswith("inertia"))
    assert abs(float(inertia_line.split()[1]) - sluice_inertia) / sluice_inertia < 1e-5
    reference = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(features).inertia_
    print(f"{name}: sluice {sluice_inertia:.4f}, scikit-learn {reference:.4f}")
    assert abs(sluice_inertia - reference) / reference < 0.01, (sluice_inertia, reference)
