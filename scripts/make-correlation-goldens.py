#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/correlation.json: a small table (as CSV) with missing values,
ties, a constant column and a boolean one, and pandas' DataFrame.corr of it by Pearson and by
Spearman (numeric_only, pairwise complete rows), so the Swift tests check `correlation` against
pandas without needing Python. Run from the repository root: .venv/bin/python scripts/make-correlation-goldens.py"""
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

CSV = """a,b,c,flag,same,name
1,2.5,10,true,7,x
2,,9,false,7,y
3,3.5,9,true,7,z
4,1.0,7,true,7,x
5,8.25,,false,7,y
6,8.25,3,true,7,z
7,9.0,1,false,7,x
8,-1.5,2,true,7,y
"""


def main():
    frame = pd.read_csv(io.StringIO(CSV))
    goldens = {}
    for method in ("pearson", "spearman"):
        matrix = frame.corr(method=method, numeric_only=True)
        goldens[method] = [{"name": "column", "values": list(matrix.index)}] + [
            {"name": name, "values": cells(matrix[name])} for name in matrix.columns]
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "correlation.json"
    path.write_text(json.dumps({"csv": CSV, "methods": goldens}, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
