package dev.pedigree.store.query;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** The left-hand side of a predicate: an attribute or a property of the node or of a neighbour. */
public sealed interface Operand {

  ValueType valueType();

  /** 1-based character position in the filter text, for error messages. */
  int position();

  /** {@code name}, {@code state}, {@code contexts_a.name}, {@code events_e.type}, ... */
  record AttributeRef(@Nullable Neighbour neighbour, Attribute attribute, int position) implements Operand {
    public AttributeRef {
      requireNonNull(attribute, "attribute");
    }

    @Override
    public ValueType valueType() {
      return attribute.valueType();
    }
  }

  /**
   * {@code properties.<name>.<kind>_value} or {@code custom_properties.<name>.<kind>_value}; the value
   * type is one of INT, DOUBLE, STRING, BOOL.
   */
  record PropertyRef(String name, Scope scope, ValueType valueType, int position) implements Operand {
    public PropertyRef {
      requireNonNull(name, "name");
      requireNonNull(scope, "scope");
      requireNonNull(valueType, "valueType");
      if (valueType.isEnum()) {
        throw new IllegalArgumentException("valueType: " + valueType + " (expected: INT, DOUBLE, STRING, BOOL)");
      }
    }
  }

  /** Whether a property is declared by the node's type or is a free custom property. */
  enum Scope {
    PROPERTIES,
    CUSTOM_PROPERTIES
  }
}
