-- Garbage collection marks a blob as live when any table refers to it; these indexes let the MLflow
-- artifact tree and its pending multipart parts answer "is this digest referenced?" without a scan.
CREATE INDEX mlflow_artifact_entry_digest ON mlflow_artifact_entry (digest);
CREATE INDEX mlflow_multipart_part_digest ON mlflow_multipart_part (digest);
