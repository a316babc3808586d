"""A CSV file of very many columns and few rows: read whole, in memory in proportion to the file."""
import os
import subprocess

from conftest import SLUICE_BIN


def test_a_file_of_300_000_columns_loads_in_memory_in_proportion(tmp_path):
    columns = 300_000
    path = tmp_path / "wide.csv"
    with open(path, "w") as out:
        out.write(",".join(f"c{index}" for index in range(columns)) + "\n")
        out.write(",".join(str(index % 10) for index in range(columns)) + "\n")
        out.write(",".join(str(index % 7) for index in range(columns)) + "\n")
    script = tmp_path / "wide.sluice"
    script.write_text(f'let w = load "{path}"\nw | select [c{columns - 1}]\n')
    with open(tmp_path / "out", "wb") as out, open(tmp_path / "err", "wb") as err:
        process = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], stdout=out, stderr=err)
        # Reaped here to read the peak resident memory of this child alone (kilobytes on Linux).
        _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, (tmp_path / "err").read_text()
    text = (tmp_path / "out").read_text()
    assert "2 rows × 1 column" in text
    assert [line.split()[-1] for line in text.splitlines()[3:5]] == [str((columns - 1) % 10), str((columns - 1) % 7)], text
    # About 2 MB of text: each column used to reserve room for a thousand rows (1.36 GB peak here); now
    # a few hundred bytes a column (196 MB peak measured, most of it the process's own).
    assert usage.ru_maxrss < 400_000, f"{usage.ru_maxrss} kB"
