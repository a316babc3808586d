"""Every script in examples/ runs with `sluice run` and shows what its `# expect:` lines say.

An example names the output it must print with `# expect: TEXT` lines and the files it
must write with `# expect file: PATH`. Each runs in a fresh directory where `data/` is
the repository's data and the model store is empty.
"""
import os
import subprocess

import pytest

from conftest import DATA, ROOT, SLUICE_BIN

EXAMPLES = sorted((ROOT / "examples").glob("*.sluice"))


def expectations(script, marker):
    prefix = f"# {marker}: "
    return [line[len(prefix):] for line in script.read_text().splitlines() if line.startswith(prefix)]


def test_there_are_examples():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_runs_and_shows_what_it_expects(script, tmp_path):
    (tmp_path / "data").symlink_to(DATA)
    environment = dict(os.environ, SLUICE_HOME=str(tmp_path / "store"))
    result = subprocess.run([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    expected = expectations(script, "expect")
    assert expected, f"{script.name} has no # expect: lines"
    for text in expected:
        assert text in result.stdout, f"{script.name}: missing {text!r}"
    for path in expectations(script, "expect file"):
        assert (tmp_path / path).is_file(), f"{script.name}: {path} was not written"
