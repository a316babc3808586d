"""Sluice's CSV reader against Python's csv module on random records (see csv_differential.py)."""
import pytest

from conftest import SLUICE_BIN
from csv_differential import compare


@pytest.mark.parametrize("seed, threads", [(1, 1), (2, 2), (3, 4), (4, 3)])
def test_random_records_read_as_pythons_csv_module_reads_them(seed, threads):
    # Threads decide where each batch is cut (twice as many chunks as threads), never what is read.
    difference, records = compare(SLUICE_BIN, 20_000, seed, threads)
    assert records == 20_000
    assert difference is None, difference
