-- The string-value indexes held every row with a string_value, including STRUCT properties (JSON
-- documents such as OpenLineage facets) and PROTO type URLs, which no filter compares: for
-- OpenLineage datasets they doubled the size of the property tables. They now hold STRING
-- properties only (kind 3, PropertyType.STRING); filter queries name that kind as a literal so both
-- databases can use the partial index.
DROP INDEX artifact_property_string;
CREATE INDEX artifact_property_string ON artifact_property (name, is_custom, {{STRING_KEY}}) WHERE kind = 3;
DROP INDEX execution_property_string;
CREATE INDEX execution_property_string ON execution_property (name, is_custom, {{STRING_KEY}}) WHERE kind = 3;
DROP INDEX context_property_string;
CREATE INDEX context_property_string ON context_property (name, is_custom, {{STRING_KEY}}) WHERE kind = 3;
