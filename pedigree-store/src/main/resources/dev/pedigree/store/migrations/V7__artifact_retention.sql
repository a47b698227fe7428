-- Deleting a version marks its row instead of removing it: version numbers are never reused, alias
-- history keeps pointing at real rows, and the version's node stays in the lineage graph (as
-- DELETED). Garbage collection then frees the blobs that no live version needs. A retention rule
-- per collection deletes old versions automatically when garbage is collected.

ALTER TABLE artifact_version ADD COLUMN delete_time BIGINT;
ALTER TABLE artifact_version ADD COLUMN deleted_by VARCHAR(255);

CREATE TABLE artifact_retention (
  collection_id BIGINT NOT NULL PRIMARY KEY REFERENCES artifact_collection (id),
  keep_last INTEGER,
  keep_ms BIGINT,
  updated_by VARCHAR(255) NOT NULL,
  update_time BIGINT NOT NULL
);
