#!/usr/bin/env python3
"""The Python reference endpoint for benchmarks/serving.py: FastAPI on uvicorn with xgboost,
serving the same model as Sluice (its XGBoost JSON export) with the same contract for a CSV
request: rows of the model's input columns, no header, answered with `score,predicted_label`
lines. Categorical columns are one-hot encoded as the Sluice bundle's feature names say
(`column=level`), missing numbers are NaN, and xgboost's fastest path (inplace_predict on a
numpy array) scores them.

    benchmarks/reference_server.py BUNDLE.json MODEL.xgboost.json PORT WORKERS
"""
import csv
import io
import json
import os
import sys

import numpy as np
import uvicorn
import xgboost
from fastapi import FastAPI, Request, Response


def build_app(bundle_path: str, booster_path: str) -> FastAPI:
    bundle = json.load(open(bundle_path))["model"]
    columns = [column["name"] for column in bundle["inputSchema"]]
    features = bundle["featureNames"]
    position = {name: index for index, name in enumerate(features)}
    numeric = {name: position[name] for name in columns if name in position}
    task = bundle["task"]["binaryClassification"]
    negative, positive = task["negative"], task["positive"]
    booster = xgboost.Booster()
    booster.load_model(booster_path)
    booster.set_param({"nthread": 1})
    app = FastAPI()

    @app.get("/ping")
    def ping():
        return {"status": "ok"}

    @app.post("/invocations")
    async def invocations(request: Request):
        body = (await request.body()).decode()
        rows = list(csv.reader(io.StringIO(body)))
        matrix = np.zeros((len(rows), len(features)), dtype=np.float32)
        for r, row in enumerate(rows):
            if len(row) != len(columns):
                return Response(json.dumps({"error": f"row {r + 1} has {len(row)} values"}), 400, media_type="application/json")
            for name, value in zip(columns, row):
                if name in numeric:
                    matrix[r, numeric[name]] = float(value) if value != "" else np.nan
                else:
                    index = position.get(f"{name}={value}")
                    if index is not None:
                        matrix[r, index] = 1.0
        scores = booster.inplace_predict(matrix)
        answer = "".join(f"{score},{positive if score >= 0.5 else negative}\n" for score in scores.tolist())
        return Response(answer, media_type="text/csv")

    return app


if __name__ == "__main__":
    bundle_path, booster_path, port, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.environ["SLUICE_REFERENCE_BUNDLE"], os.environ["SLUICE_REFERENCE_BOOSTER"] = bundle_path, booster_path
    uvicorn.run("reference_server:app_from_environment", factory=True, host="127.0.0.1", port=port,
                workers=workers, log_level="warning", access_log=False,
                app_dir=os.path.dirname(os.path.abspath(__file__)))


def app_from_environment() -> FastAPI:
    return build_app(os.environ["SLUICE_REFERENCE_BUNDLE"], os.environ["SLUICE_REFERENCE_BOOSTER"])
