-- The typed metadata graph: types, nodes with their properties, and the edges between nodes.
-- Tokens in double braces are filled in per database by the Dialect (see Migrations.java).
-- Kinds are TypeKind ordinals: 0 artifact, 1 execution, 2 context.

CREATE TABLE node_type (
  id {{ID}},
  kind SMALLINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  version VARCHAR(255) NOT NULL DEFAULT '',
  description TEXT,
  external_id VARCHAR(255),
  base_type VARCHAR(64),
  CONSTRAINT node_type_name UNIQUE (kind, name, version)
);
CREATE UNIQUE INDEX node_type_external_id ON node_type (kind, external_id);

CREATE TABLE node_type_property (
  type_id BIGINT NOT NULL REFERENCES node_type (id),
  name VARCHAR(255) NOT NULL,
  data_type SMALLINT NOT NULL,
  PRIMARY KEY (type_id, name)
){{WITHOUT_ROWID}};

CREATE TABLE artifact (
  id {{ID}},
  type_id BIGINT NOT NULL REFERENCES node_type (id),
  name VARCHAR(255),
  uri TEXT,
  state SMALLINT NOT NULL,
  external_id VARCHAR(255),
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  CONSTRAINT artifact_name UNIQUE (type_id, name)
);
CREATE UNIQUE INDEX artifact_external_id ON artifact (external_id);
CREATE INDEX artifact_type ON artifact (type_id, id);
CREATE INDEX artifact_uri ON artifact (uri);
CREATE INDEX artifact_create_time ON artifact (create_time, id);
CREATE INDEX artifact_update_time ON artifact (update_time, id);

CREATE TABLE execution (
  id {{ID}},
  type_id BIGINT NOT NULL REFERENCES node_type (id),
  name VARCHAR(255),
  last_known_state SMALLINT NOT NULL,
  external_id VARCHAR(255),
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  CONSTRAINT execution_name UNIQUE (type_id, name)
);
CREATE UNIQUE INDEX execution_external_id ON execution (external_id);
CREATE INDEX execution_type ON execution (type_id, id);
CREATE INDEX execution_create_time ON execution (create_time, id);
CREATE INDEX execution_update_time ON execution (update_time, id);

CREATE TABLE context (
  id {{ID}},
  type_id BIGINT NOT NULL REFERENCES node_type (id),
  name VARCHAR(255) NOT NULL,
  external_id VARCHAR(255),
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  CONSTRAINT context_name UNIQUE (type_id, name)
);
CREATE UNIQUE INDEX context_external_id ON context (external_id);
CREATE INDEX context_type ON context (type_id, id);
CREATE INDEX context_create_time ON context (create_time, id);
CREATE INDEX context_update_time ON context (update_time, id);

-- Property rows: kind is the PropertyType number. INT and BOOLEAN (0/1) use int_value;
-- DOUBLE uses double_value; STRING and STRUCT (canonical JSON) use string_value;
-- PROTO keeps its type URL in string_value and its bytes in bytes_value.
CREATE TABLE artifact_property (
  node_id BIGINT NOT NULL REFERENCES artifact (id),
  is_custom SMALLINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  kind SMALLINT NOT NULL,
  int_value BIGINT,
  double_value {{DOUBLE}},
  string_value TEXT,
  bytes_value {{BLOB}},
  PRIMARY KEY (node_id, is_custom, name)
){{WITHOUT_ROWID}};
CREATE INDEX artifact_property_int ON artifact_property (name, is_custom, int_value) WHERE int_value IS NOT NULL;
CREATE INDEX artifact_property_double ON artifact_property (name, is_custom, double_value) WHERE double_value IS NOT NULL;
CREATE INDEX artifact_property_string ON artifact_property (name, is_custom, {{STRING_KEY}}) WHERE string_value IS NOT NULL;

CREATE TABLE execution_property (
  node_id BIGINT NOT NULL REFERENCES execution (id),
  is_custom SMALLINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  kind SMALLINT NOT NULL,
  int_value BIGINT,
  double_value {{DOUBLE}},
  string_value TEXT,
  bytes_value {{BLOB}},
  PRIMARY KEY (node_id, is_custom, name)
){{WITHOUT_ROWID}};
CREATE INDEX execution_property_int ON execution_property (name, is_custom, int_value) WHERE int_value IS NOT NULL;
CREATE INDEX execution_property_double ON execution_property (name, is_custom, double_value) WHERE double_value IS NOT NULL;
CREATE INDEX execution_property_string ON execution_property (name, is_custom, {{STRING_KEY}}) WHERE string_value IS NOT NULL;

CREATE TABLE context_property (
  node_id BIGINT NOT NULL REFERENCES context (id),
  is_custom SMALLINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  kind SMALLINT NOT NULL,
  int_value BIGINT,
  double_value {{DOUBLE}},
  string_value TEXT,
  bytes_value {{BLOB}},
  PRIMARY KEY (node_id, is_custom, name)
){{WITHOUT_ROWID}};
CREATE INDEX context_property_int ON context_property (name, is_custom, int_value) WHERE int_value IS NOT NULL;
CREATE INDEX context_property_double ON context_property (name, is_custom, double_value) WHERE double_value IS NOT NULL;
CREATE INDEX context_property_string ON context_property (name, is_custom, {{STRING_KEY}}) WHERE string_value IS NOT NULL;

-- Events: artifact <-> execution. path is the event's path steps as a JSON array whose numbers are
-- index steps and whose strings are key steps (NULL when empty).
CREATE TABLE event (
  id {{ID}},
  artifact_id BIGINT NOT NULL REFERENCES artifact (id),
  execution_id BIGINT NOT NULL REFERENCES execution (id),
  type SMALLINT NOT NULL,
  time_ms BIGINT NOT NULL,
  path TEXT,
  CONSTRAINT event_edge UNIQUE (artifact_id, execution_id, type)
);
CREATE INDEX event_execution ON event (execution_id, artifact_id);

CREATE TABLE attribution (
  context_id BIGINT NOT NULL REFERENCES context (id),
  artifact_id BIGINT NOT NULL REFERENCES artifact (id),
  PRIMARY KEY (context_id, artifact_id)
){{WITHOUT_ROWID}};
CREATE INDEX attribution_artifact ON attribution (artifact_id, context_id);

CREATE TABLE association (
  context_id BIGINT NOT NULL REFERENCES context (id),
  execution_id BIGINT NOT NULL REFERENCES execution (id),
  PRIMARY KEY (context_id, execution_id)
){{WITHOUT_ROWID}};
CREATE INDEX association_execution ON association (execution_id, context_id);

CREATE TABLE parent_context (
  child_id BIGINT NOT NULL REFERENCES context (id),
  parent_id BIGINT NOT NULL REFERENCES context (id),
  PRIMARY KEY (child_id, parent_id)
){{WITHOUT_ROWID}};
CREATE INDEX parent_context_parent ON parent_context (parent_id, child_id);
