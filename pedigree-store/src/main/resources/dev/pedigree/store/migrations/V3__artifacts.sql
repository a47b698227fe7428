-- Versioned artifacts: collections of immutable versions, movable aliases with their history, and
-- upload sessions. A version's content is its manifest, stored as a blob named by the version
-- digest; artifact_version_blob lists the blobs each version needs, so garbage collection can ask
-- "is this blob referenced?" one indexed lookup at a time, without loading any manifest.

CREATE TABLE artifact_collection (
  id {{ID}},
  name VARCHAR(512) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  create_time BIGINT NOT NULL,
  CONSTRAINT artifact_collection_name UNIQUE (name)
);

CREATE TABLE artifact_version (
  id {{ID}},
  collection_id BIGINT NOT NULL REFERENCES artifact_collection (id),
  number INTEGER NOT NULL,
  digest CHAR(64) NOT NULL,
  total_size BIGINT NOT NULL,
  file_count BIGINT NOT NULL,
  entry_count BIGINT NOT NULL,
  manifest_size BIGINT NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  create_time BIGINT NOT NULL,
  artifact_id BIGINT NOT NULL REFERENCES artifact (id),
  CONSTRAINT artifact_version_number UNIQUE (collection_id, number)
);
CREATE INDEX artifact_version_digest ON artifact_version (digest);
CREATE UNIQUE INDEX artifact_version_artifact ON artifact_version (artifact_id);

CREATE TABLE artifact_version_blob (
  version_id BIGINT NOT NULL REFERENCES artifact_version (id),
  digest CHAR(64) NOT NULL,
  PRIMARY KEY (version_id, digest)
){{WITHOUT_ROWID}};
CREATE INDEX artifact_version_blob_digest ON artifact_version_blob (digest);

CREATE TABLE artifact_alias (
  collection_id BIGINT NOT NULL REFERENCES artifact_collection (id),
  name VARCHAR(255) NOT NULL,
  version_id BIGINT NOT NULL REFERENCES artifact_version (id),
  is_protected SMALLINT NOT NULL,
  updated_by VARCHAR(255) NOT NULL,
  update_time BIGINT NOT NULL,
  PRIMARY KEY (collection_id, name)
);
CREATE INDEX artifact_alias_version ON artifact_alias (version_id);

CREATE TABLE artifact_alias_history (
  id {{ID}},
  collection_id BIGINT NOT NULL REFERENCES artifact_collection (id),
  name VARCHAR(255) NOT NULL,
  from_version_id BIGINT REFERENCES artifact_version (id),
  to_version_id BIGINT REFERENCES artifact_version (id),
  is_protected SMALLINT NOT NULL,
  changed_by VARCHAR(255) NOT NULL,
  change_time BIGINT NOT NULL
);
CREATE INDEX artifact_alias_history_alias ON artifact_alias_history (collection_id, name, id);

-- state: 0 open, 1 committed, 2 aborted, 3 expired
CREATE TABLE artifact_upload (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  collection_name VARCHAR(512) NOT NULL,
  manifest_digest CHAR(64) NOT NULL,
  state SMALLINT NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  create_time BIGINT NOT NULL,
  expire_time BIGINT NOT NULL,
  version_id BIGINT REFERENCES artifact_version (id)
);
CREATE INDEX artifact_upload_open ON artifact_upload (state, expire_time);
CREATE INDEX artifact_upload_manifest ON artifact_upload (manifest_digest);

CREATE TABLE artifact_upload_blob (
  upload_id VARCHAR(64) NOT NULL REFERENCES artifact_upload (id),
  digest CHAR(64) NOT NULL,
  PRIMARY KEY (upload_id, digest)
){{WITHOUT_ROWID}};
CREATE INDEX artifact_upload_blob_digest ON artifact_upload_blob (digest);
