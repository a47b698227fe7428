-- MLflow's view of the graph. Experiments and registered models are contexts, runs are executions,
-- datasets, logged models and model versions are artifacts; these tables hold what MLflow needs
-- beside the graph (its own ids, lifecycle, ordering columns) keyed by the node id. Run params and
-- tags, experiment tags, registry tags and logged-model params/tags are custom properties of the
-- node ('param.KEY', 'tag.KEY'). Metrics are time series in their own append-only table with a
-- latest-value table next to it.

CREATE TABLE mlflow_experiment (
  experiment_id {{ID}},
  context_id BIGINT NOT NULL REFERENCES context (id),
  name VARCHAR(500) NOT NULL,
  artifact_location TEXT NOT NULL,
  lifecycle_stage VARCHAR(32) NOT NULL,
  creation_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  CONSTRAINT mlflow_experiment_name UNIQUE (name)
);
CREATE UNIQUE INDEX mlflow_experiment_context ON mlflow_experiment (context_id);

CREATE TABLE mlflow_run (
  execution_id BIGINT NOT NULL PRIMARY KEY REFERENCES execution (id),
  run_uuid VARCHAR(32) NOT NULL,
  experiment_id BIGINT NOT NULL REFERENCES mlflow_experiment (experiment_id),
  name VARCHAR(250) NOT NULL,
  user_id VARCHAR(256),
  status VARCHAR(20) NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  lifecycle_stage VARCHAR(20) NOT NULL,
  deleted_time BIGINT,
  artifact_uri TEXT NOT NULL,
  CONSTRAINT mlflow_run_uuid UNIQUE (run_uuid)
);
CREATE INDEX mlflow_run_search ON mlflow_run (experiment_id, start_time, run_uuid);

-- History, clustered in get-history order; an exact replay of a point is a no-op.
CREATE TABLE mlflow_metric (
  run_id BIGINT NOT NULL,
  metric_key VARCHAR(250) NOT NULL,
  timestamp_ms BIGINT NOT NULL,
  step BIGINT NOT NULL,
  value {{DOUBLE}} NOT NULL,
  is_nan SMALLINT NOT NULL,
  PRIMARY KEY (run_id, metric_key, timestamp_ms, step, value, is_nan)
){{WITHOUT_ROWID}};

-- The latest point per run and key (by step, then timestamp, then value), for runs/get and search.
CREATE TABLE mlflow_latest_metric (
  run_id BIGINT NOT NULL,
  metric_key VARCHAR(250) NOT NULL,
  value {{DOUBLE}} NOT NULL,
  is_nan SMALLINT NOT NULL,
  timestamp_ms BIGINT NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_id, metric_key)
){{WITHOUT_ROWID}};
CREATE INDEX mlflow_latest_metric_value ON mlflow_latest_metric (metric_key, value, run_id);

CREATE TABLE mlflow_dataset (
  artifact_id BIGINT NOT NULL PRIMARY KEY REFERENCES artifact (id),
  experiment_id BIGINT NOT NULL REFERENCES mlflow_experiment (experiment_id),
  name VARCHAR(500) NOT NULL,
  digest VARCHAR(36) NOT NULL,
  source_type VARCHAR(36) NOT NULL,
  source TEXT NOT NULL,
  schema_json TEXT,
  profile TEXT,
  CONSTRAINT mlflow_dataset_identity UNIQUE (experiment_id, name, digest)
);

-- A dataset used by a run (the graph holds the INPUT event); input tags beside it.
CREATE TABLE mlflow_run_input (
  run_id BIGINT NOT NULL REFERENCES mlflow_run (execution_id),
  dataset_id BIGINT NOT NULL REFERENCES mlflow_dataset (artifact_id),
  context VARCHAR(500),
  PRIMARY KEY (run_id, dataset_id)
);
CREATE TABLE mlflow_run_input_tag (
  run_id BIGINT NOT NULL,
  dataset_id BIGINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  value VARCHAR(500) NOT NULL,
  PRIMARY KEY (run_id, dataset_id, name)
);

CREATE TABLE mlflow_logged_model (
  artifact_id BIGINT NOT NULL PRIMARY KEY REFERENCES artifact (id),
  model_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL REFERENCES mlflow_experiment (experiment_id),
  name VARCHAR(500) NOT NULL,
  artifact_location TEXT NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  status VARCHAR(32) NOT NULL,
  status_message TEXT,
  lifecycle_stage VARCHAR(32) NOT NULL,
  model_type VARCHAR(500),
  source_run_id VARCHAR(32),
  creator_id VARCHAR(256),
  CONSTRAINT mlflow_logged_model_id UNIQUE (model_id)
);
CREATE INDEX mlflow_logged_model_experiment ON mlflow_logged_model (experiment_id, creation_time);

-- Logged models a run produced (runs/outputs) or consumed (log-inputs with models).
CREATE TABLE mlflow_run_model (
  run_id BIGINT NOT NULL REFERENCES mlflow_run (execution_id),
  model_artifact_id BIGINT NOT NULL REFERENCES mlflow_logged_model (artifact_id),
  direction SMALLINT NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_id, model_artifact_id, direction)
);

CREATE TABLE mlflow_registered_model (
  context_id BIGINT NOT NULL PRIMARY KEY REFERENCES context (id),
  name VARCHAR(256) NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT,
  user_id VARCHAR(256),
  next_version INTEGER NOT NULL,
  CONSTRAINT mlflow_registered_model_name UNIQUE (name)
);

CREATE TABLE mlflow_model_version (
  artifact_id BIGINT NOT NULL PRIMARY KEY REFERENCES artifact (id),
  model_context_id BIGINT NOT NULL REFERENCES mlflow_registered_model (context_id),
  version INTEGER NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT,
  user_id VARCHAR(256),
  current_stage VARCHAR(20) NOT NULL,
  source TEXT NOT NULL,
  storage_location TEXT,
  run_uuid VARCHAR(32),
  run_link TEXT,
  status VARCHAR(20) NOT NULL,
  status_message TEXT,
  model_id VARCHAR(36),
  CONSTRAINT mlflow_model_version_number UNIQUE (model_context_id, version)
);
CREATE INDEX mlflow_model_version_run ON mlflow_model_version (run_uuid);

CREATE TABLE mlflow_model_alias (
  model_context_id BIGINT NOT NULL REFERENCES mlflow_registered_model (context_id),
  alias VARCHAR(256) NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (model_context_id, alias)
);

-- The MLflow artifact tree served by the artifact proxy: one row per file or directory, named by
-- its parent directory; a file's bytes are the blob with this SHA-256.
CREATE TABLE mlflow_artifact_entry (
  dir_path VARCHAR(2000) NOT NULL,
  name VARCHAR(1000) NOT NULL,
  is_dir SMALLINT NOT NULL,
  digest CHAR(64),
  size BIGINT,
  created_time BIGINT NOT NULL,
  PRIMARY KEY (dir_path, name)
){{WITHOUT_ROWID}};

-- Multipart uploads through the artifact proxy: parts are blobs until the upload completes.
CREATE TABLE mlflow_multipart_upload (
  upload_id VARCHAR(64) NOT NULL PRIMARY KEY,
  path VARCHAR(3000) NOT NULL,
  num_parts INTEGER NOT NULL,
  created_time BIGINT NOT NULL
);
CREATE TABLE mlflow_multipart_part (
  upload_id VARCHAR(64) NOT NULL REFERENCES mlflow_multipart_upload (upload_id),
  part_number INTEGER NOT NULL,
  digest CHAR(64) NOT NULL,
  size BIGINT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
