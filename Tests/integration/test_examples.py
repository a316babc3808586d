"""Every script in examples/ runs with `sluice run` and shows what its `# expect:` lines say.

An example names the output it must print with `# expect: TEXT` lines and the files it
must write with `# expect file: PATH`. Each runs in a fresh directory where `data/` is
the repository's data and the model store is empty.
"""
import os
import re
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



def test_memory_reports_each_statements_peak_above_its_start(tmp_path):
    # 400,000 rows: the derived float column alone is 3.2 MB, which the derive's peak must cover;
    # printing a number allocates next to nothing.
    (tmp_path / "rows.csv").write_text("x\n" + "".join(f"{i}\n" for i in range(400_000)))
    script = 'let t = load "rows.csv"\nlet u = t | derive y = x * 0.5\nprint 1\n'
    result = subprocess.run([str(SLUICE_BIN), "run", "--memory", "--timings", "-"], cwd=tmp_path, input=script,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("timing: ")]
    assert [line.split(":")[1].strip() for line in lines] == ["line 1", "line 2", "line 3"]
    peaks = [float(re.search(r"s, memory [\d.]+ MB at the start, peak \+([\d.]+) MB$", line).group(1)) for line in lines]
    assert peaks[1] >= 3.2, lines
    assert peaks[2] < 1.0, lines
