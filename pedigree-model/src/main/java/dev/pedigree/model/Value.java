package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/** A property value. Which variant it is must match the property's declared {@link PropertyType}. */
public sealed interface Value {

  PropertyType type();

  static Value of(long value) {
    return new IntValue(value);
  }

  static Value of(double value) {
    return new DoubleValue(value);
  }

  static Value of(String value) {
    return new StringValue(value);
  }

  static Value of(boolean value) {
    return new BoolValue(value);
  }

  record IntValue(long value) implements Value {
    @Override
    public PropertyType type() {
      return PropertyType.INT;
    }
  }

  record DoubleValue(double value) implements Value {
    @Override
    public PropertyType type() {
      return PropertyType.DOUBLE;
    }
  }

  record StringValue(String value) implements Value {
    public StringValue {
      requireNonNull(value, "value");
    }

    @Override
    public PropertyType type() {
      return PropertyType.STRING;
    }
  }

  record BoolValue(boolean value) implements Value {
    @Override
    public PropertyType type() {
      return PropertyType.BOOLEAN;
    }
  }

  /** A structured value (MLMD's {@code google.protobuf.Struct}), held as its canonical JSON text. */
  record StructValue(String json) implements Value {
    public StructValue {
      requireNonNull(json, "json");
    }

    @Override
    public PropertyType type() {
      return PropertyType.STRUCT;
    }
  }

  /** A packed protocol-buffer message (MLMD's {@code google.protobuf.Any}). */
  record ProtoValue(String typeUrl, byte[] bytes) implements Value {
    public ProtoValue {
      requireNonNull(typeUrl, "typeUrl");
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public PropertyType type() {
      return PropertyType.PROTO;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ProtoValue that
          && typeUrl.equals(that.typeUrl)
          && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return typeUrl.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "ProtoValue[typeUrl=" + typeUrl + ", bytes=" + Base64.getEncoder().encodeToString(bytes) + "]";
    }
  }
}
