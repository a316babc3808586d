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


@pytest.mark.parametrize("path", ["-", "/dev/stdin"])
def test_a_script_runs_from_standard_input(path, tmp_path):
    result = subprocess.run([str(SLUICE_BIN), "run", path], cwd=tmp_path, input='let a = 20\nprint a + 1\nprint "done"\n',
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "21\ndone\n"


def test_errors_of_a_script_from_standard_input_name_it(tmp_path):
    result = subprocess.run([str(SLUICE_BIN), "run", "-"], cwd=tmp_path, input="print nope\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "<stdin>, line 1:7" in result.stderr and "unknown name `nope`" in result.stderr


def test_a_missing_script_says_so(tmp_path):
    result = subprocess.run([str(SLUICE_BIN), "run", "nothing.sluice"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "cannot read nothing.sluice: no such file" in result.stderr

