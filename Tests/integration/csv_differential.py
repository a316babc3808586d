"""A differential test of Sluice's CSV reader against Python's csv module: random records with stray
quotes inside unquoted fields, doubled quotes and line breaks (LF, CR LF) inside quoted fields, empty
fields and non-ASCII text, read by both and compared cell by cell. Used by the integration tests at a
size that fits CI, and by scripts/csv-differential for a million records."""
import csv
import os
import random
import subprocess
import tempfile
from pathlib import Path

COLUMNS = 5


def write_random_csv(path: Path, records: int, seed: int) -> None:
    generator = random.Random(seed)
    plain = ["a", "b", "12", "x y", "é", "🙂", '"', 'pi"pe', 'q""q', " ", "", "3.5", "-1"]
    quoted_parts = ["a", ",", "\n", "\r\n", '""', "é", " ", "🙂", "1"]
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(f"c{index}" for index in range(COLUMNS)) + "\n")
        for _ in range(records):
            fields = []
            for _ in range(COLUMNS):
                if generator.randrange(3) == 0:
                    fields.append('"' + "".join(generator.choice(quoted_parts) for _ in range(generator.randrange(5))) + '"')
                else:
                    field = generator.choice(plain) + generator.choice(plain)
                    fields.append(field.lstrip('"'))  # a quote starts a quoted field only at the start
            out.write(",".join(fields) + ("\r\n" if generator.randrange(4) == 0 else "\n"))


def python_cells(path: Path):
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def sluice_cells(sluice: Path, path: Path, folder: Path, threads: int):
    """The cells Sluice reads with `threads` parsing threads (each batch cut into twice as many chunks),
    every column as text, written back by Sluice and read by Python."""
    output = folder / "read-by-sluice.csv"
    types = ", ".join(f'c{index} = "text"' for index in range(COLUMNS))
    script = folder / "read.sluice"
    script.write_text(f'let t = load "{path}" {{ types = {{ {types} }}, threads = {threads} }}\nsave t to "{output}"\n')
    subprocess.run([str(sluice), "run", str(script)], check=True, capture_output=True, text=True, timeout=600)
    return python_cells(output)


def compare(sluice: Path, records: int, seed: int, threads: int):
    """The first difference as (record, Python's cells, Sluice's cells), or None; and the records compared."""
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        path = folder / "random.csv"
        write_random_csv(path, records, seed)
        expected, got = python_cells(path), sluice_cells(sluice, path, folder, threads)
        for index, (want, have) in enumerate(zip(expected, got)):
            if want != have:
                return (index, want, have), len(expected) - 1
        if len(expected) != len(got):
            return (min(len(expected), len(got)), "records", f"{len(expected)} vs {len(got)}"), len(expected) - 1
        return None, len(expected) - 1
