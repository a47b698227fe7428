"""Bulk-loads a stock MLflow server's SQLite database for the load driver (its API is too slow to
load 100k runs in reasonable time). Writes the same rows MLflow's SQL store writes for a run with
one metric, one param and a run-name tag, or a metric history for one run.

Usage: seed_mlflow_sqlite.py DB runs EXPERIMENT_ID COUNT
       seed_mlflow_sqlite.py DB history RUN_ID KEY COUNT
"""
import math
import random
import sqlite3
import sys
import time
import uuid

db, mode = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db, timeout=60)
con.execute("PRAGMA journal_mode=WAL")
now = int(time.time() * 1000)

if mode == "runs":
    experiment_id, count = int(sys.argv[3]), int(sys.argv[4])
    location = con.execute("SELECT artifact_location FROM experiments WHERE experiment_id = ?",
                           (experiment_id,)).fetchone()[0]
    runs, metrics, latest, params, tags = [], [], [], [], []
    for i in range(count):
        run = uuid.uuid4().hex
        score = random.random()
        runs.append((run, f"run-{i}", "UNKNOWN", "", "", "bench", "FINISHED", now + i, now + i + 1, "", "active",
                     f"{location}/{run}/artifacts", experiment_id))
        metrics.append(("score", score, now, run, 0, 0))
        latest.append(("score", score, now, 0, 0, run))
        params.append(("model", "tree" if i % 2 == 0 else "linear", run))
        tags.append(("mlflow.runName", f"run-{i}", run))
    with con:
        con.executemany("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status,"
                        " start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runs)
        con.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)",
                        metrics)
        con.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid)"
                        " VALUES (?, ?, ?, ?, ?, ?)", latest)
        con.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)", params)
        con.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)", tags)
elif mode == "history":
    run, key, count = sys.argv[3], sys.argv[4], int(sys.argv[5])
    rows = ((key, math.sin(i), 1_700_000_000_000 + i, run, i, 0) for i in range(count))
    with con:
        con.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)",
                        rows)
        con.execute("INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid)"
                    " VALUES (?, ?, ?, ?, 0, ?)", (key, math.sin(count - 1), 1_700_000_000_000 + count - 1,
                                                   count - 1, run))
else:
    raise SystemExit("unknown mode " + mode)
