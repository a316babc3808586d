#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/dates.json: a small table (as CSV) with dates and times, and
pandas' results of the language's date functions and of steps over datetime columns, so the Swift
tests check them against pandas without needing Python. Run from the repository root:
.venv/bin/python scripts/make-date-goldens.py

The choices written out here: a datetime is naive (pandas' datetime64[ns] without a time zone); text
with `Z` or an offset is converted to UTC and the zone dropped (pandas keeps it aware); `date(x)` is
`to_datetime(errors="coerce")` of ISO 8601 text and `date(x, pattern)` the same with `format=`;
`days_between(a, b)` is `(b - a).dt.days` (whole days, rounded down); `weekday` is `.dt.day_of_week`
(Monday = 0). Datetimes are written as `Timestamp.isoformat()`."""
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

CSV = """id,d,ts,dmy,txt,g
1,2024-01-31,2024-01-31T08:30:00,31/01/2024,2024-01-05,a
2,2023-12-25,2023-12-25 23:59:59.5,25/12/2023,hello,b
3,,2024-02-29T00:00:00Z,,2024-02-30,a
4,2024-03-01,2024-03-01T12:00:00+02:00,01/03/2024,2024-01-05 10:00,b
5,1969-12-31,1969-12-31T23:00:00,31/12/1969,,a
6,2000-02-29,2000-02-29T12:34:56.789,29/02/2000,1999-12-31T23:59:59,c
7,2024-01-31,2024-06-15T06:07:08-05:30,32/01/2024,31/12/2024,a
"""


def instant(text):
    """A text of the ts column as the language reads it: naive as written, an offset converted to UTC."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return pd.NaT
    stamp = pd.Timestamp(text)
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo is not None else stamp


def iso(values):
    return [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in values]


def parse_iso(text):
    """pandas' reading of one ISO 8601 text, NaT when it is not one (to_datetime(errors="coerce"), value by value)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return pd.NaT
    return instant(text) if pd.notna(pd.to_datetime(text, format="ISO8601", errors="coerce")) else pd.NaT


def table(frame):
    return [{"name": name, "values": iso(frame[name]) if str(frame[name].dtype).startswith("datetime") else cells(frame[name])}
            for name in frame.columns]


def main():
    raw = pd.read_csv(io.StringIO(CSV), dtype=str, keep_default_na=False)
    raw = raw.replace("", None)
    frame = pd.DataFrame({
        "id": raw["id"].astype(int),
        "d": pd.to_datetime(raw["d"]),
        "ts": pd.Series([instant(v) for v in raw["ts"]], dtype="datetime64[ns]"),
        "dmy": raw["dmy"],
        "txt": raw["txt"],
        "g": raw["g"],
    })
    d, ts = frame["d"], frame["ts"]
    parsed_txt = pd.Series([parse_iso(v) for v in raw["txt"]], dtype="datetime64[ns]")
    cases = {
        "d": iso(d),
        "ts": iso(ts),
        "year(d)": cells(d.dt.year),
        "month(d)": cells(d.dt.month),
        "day(d)": cells(d.dt.day),
        "weekday(d)": cells(d.dt.day_of_week),
        "weekday(ts)": cells(ts.dt.day_of_week),
        "hour(ts)": cells(ts.dt.hour),
        "year(ts)": cells(ts.dt.year),
        "days_between(d, ts)": cells((ts - d).dt.days),
        "days_between(ts, d)": cells((d - ts).dt.days),
        "days_between(d, \"2024-01-01\")": cells((pd.Timestamp("2024-01-01") - d).dt.days),
        "date(dmy, \"%d/%m/%Y\")": iso(pd.to_datetime(frame["dmy"], format="%d/%m/%Y", errors="coerce")),
        "date(txt)": iso(parsed_txt),
        "month(date(txt))": cells(parsed_txt.dt.month),
        "if(d > \"2024-01-01\", d, ts)": iso(d.where(d > pd.Timestamp("2024-01-01"), ts).where(d.notna(), ts)),
    }
    by_d = frame.groupby("d", sort=True, dropna=False)
    pipelines = {
        "filter d >= \"2024-01-01\"": table(frame[d >= pd.Timestamp("2024-01-01")]),
        "sort ts | select [id, ts]": table(frame.sort_values("ts", kind="stable")[["id", "ts"]]),
        "sort d desc | select [id, d]": table(frame.sort_values("d", ascending=False, kind="stable", na_position="last")[["id", "d"]]),
        "group by d aggregate n = count(), first = min(ts), last = max(ts), seen = nunique(ts)": table(pd.DataFrame({
            "d": list(by_d.groups.keys()),
            "n": by_d.size().values,
            "first": by_d["ts"].min().values,
            "last": by_d["ts"].max().values,
            "seen": by_d["ts"].nunique().values,
        })),
        "group by g aggregate latest = max(d), earliest = first(d)": table(pd.DataFrame({
            "g": sorted(frame["g"].unique()),
            "latest": frame.groupby("g")["d"].max().values,
            "earliest": frame.groupby("g")["d"].first().values,
        })),
    }
    one = frame[frame["id"] == 1]
    pipelines["filter id == 1 | group by d aggregate n = count(), last = max(ts)"] = table(pd.DataFrame({
        "d": one["d"].values, "n": [1], "last": one["ts"].values}))
    none = frame[frame["id"] > 100]
    pipelines["filter id > 100 | group by d aggregate n = count(), last = max(ts)"] = table(pd.DataFrame({
        "d": none["d"].values, "n": pd.Series([], dtype=int), "last": none["ts"].values}))
    pipelines["filter id > 100 | derive y = year(d), gap = days_between(d, ts) | select [y, gap]"] = table(pd.DataFrame({
        "y": none["d"].dt.year, "gap": (none["ts"] - none["d"]).dt.days}))
    golden = {
        "csv": CSV,
        "cases": [{"expression": expression, "values": values} for expression, values in cases.items()],
        "pipelines": [{"pipeline": pipeline, "columns": columns} for pipeline, columns in pipelines.items()],
    }
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "dates.json"
    path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
