-- Lineage and OpenLineage ingest.
-- Lineage traversal walks the event table in one direction at a time: from artifacts by
-- (artifact_id, type) and from executions by (execution_id, type). These covering indexes answer
-- each frontier step from the index alone.
CREATE INDEX event_lineage_artifact ON event (artifact_id, type, execution_id, time_ms);
CREATE INDEX event_lineage_execution ON event (execution_id, type, artifact_id, time_ms);

-- OpenLineage identities. Jobs and datasets are identified by (namespace, name); names may contain
-- any character, so identity is kept in columns rather than encoded into a node name.
CREATE TABLE openlineage_job (
  id {{ID}},
  namespace VARCHAR(1024) NOT NULL,
  name VARCHAR(1024) NOT NULL,
  context_id BIGINT NOT NULL REFERENCES context (id),
  CONSTRAINT openlineage_job_identity UNIQUE (namespace, name)
);

CREATE TABLE openlineage_dataset (
  id {{ID}},
  namespace VARCHAR(1024) NOT NULL,
  name VARCHAR(1024) NOT NULL,
  display_name VARCHAR(2048) NOT NULL,
  version_count BIGINT NOT NULL,
  CONSTRAINT openlineage_dataset_identity UNIQUE (namespace, name)
);
-- Versions are named DISPLAY@vN; a display name is unique so version names never collide.
CREATE UNIQUE INDEX openlineage_dataset_display ON openlineage_dataset (display_name);

-- One artifact per dataset version. A run's output creates a version (run_id set); a dataset only
-- ever read gets an observed version (run_id NULL). event_time_ms is when the version appeared.
CREATE TABLE openlineage_dataset_version (
  dataset_id BIGINT NOT NULL REFERENCES openlineage_dataset (id),
  version_number BIGINT NOT NULL,
  artifact_id BIGINT NOT NULL REFERENCES artifact (id),
  run_id VARCHAR(64),
  event_time_ms BIGINT NOT NULL,
  PRIMARY KEY (dataset_id, version_number)
){{WITHOUT_ROWID}};
CREATE UNIQUE INDEX openlineage_dataset_version_run ON openlineage_dataset_version (dataset_id, run_id);
CREATE UNIQUE INDEX openlineage_dataset_version_artifact ON openlineage_dataset_version (artifact_id);
CREATE INDEX openlineage_dataset_version_time ON openlineage_dataset_version (dataset_id, event_time_ms);

-- Ingested events by the SHA-256 of their content: a retried event is recognised and skipped.
CREATE TABLE openlineage_event (
  digest VARCHAR(64) NOT NULL PRIMARY KEY,
  run_id VARCHAR(64),
  event_type VARCHAR(16),
  event_time_ms BIGINT NOT NULL,
  ingest_time_ms BIGINT NOT NULL
){{WITHOUT_ROWID}};
