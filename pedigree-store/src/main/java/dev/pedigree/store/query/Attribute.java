package dev.pedigree.store.query;

/** A built-in attribute of a node or of a neighbour ({@code id}, {@code name}, {@code state}, ...). */
public enum Attribute {
  ID("id", ValueType.INT),
  TYPE_ID("type_id", ValueType.INT),
  /** The node's type name. */
  TYPE("type", ValueType.STRING),
  NAME("name", ValueType.STRING),
  URI("uri", ValueType.STRING),
  EXTERNAL_ID("external_id", ValueType.STRING),
  CREATE_TIME("create_time_since_epoch", ValueType.INT),
  LAST_UPDATE_TIME("last_update_time_since_epoch", ValueType.INT),
  STATE("state", ValueType.ARTIFACT_STATE),
  LAST_KNOWN_STATE("last_known_state", ValueType.EXECUTION_STATE),
  /** Attributes of events ({@code events_<alias>.…}). */
  EVENT_ARTIFACT_ID("artifact_id", ValueType.INT),
  EVENT_EXECUTION_ID("execution_id", ValueType.INT),
  EVENT_TYPE("type", ValueType.EVENT_TYPE),
  EVENT_TIME("milliseconds_since_epoch", ValueType.INT);

  private final String text;
  private final ValueType valueType;

  Attribute(String text, ValueType valueType) {
    this.text = text;
    this.valueType = valueType;
  }

  /** The name as written in a filter. */
  public String text() {
    return text;
  }

  public ValueType valueType() {
    return valueType;
  }

  public boolean isEventAttribute() {
    return this == EVENT_ARTIFACT_ID || this == EVENT_EXECUTION_ID || this == EVENT_TYPE || this == EVENT_TIME;
  }
}
