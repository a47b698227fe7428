-- Listing the nodes of one type ordered by create time (ML Metadata's default order) walked the
-- create_time index and skipped the nodes of every other type: a page cost grew with the number of
-- types. With the type in front, a page (first or deep, by keyset) reads only its own rows.
CREATE INDEX artifact_type_create_time ON artifact (type_id, create_time, id);
CREATE INDEX execution_type_create_time ON execution (type_id, create_time, id);
CREATE INDEX context_type_create_time ON context (type_id, create_time, id);
