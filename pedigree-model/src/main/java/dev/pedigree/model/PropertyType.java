package dev.pedigree.model;

/** The declared kind of a typed property. Numbers match MLMD's {@code PropertyType}. */
public enum PropertyType {
  INT(1),
  DOUBLE(2),
  STRING(3),
  STRUCT(4),
  PROTO(5),
  BOOLEAN(6);

  private final int number;

  PropertyType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public static PropertyType ofNumber(int number) {
    for (PropertyType type : values()) {
      if (type.number == number) {
        return type;
      }
    }
    throw PedigreeException.invalidArgument("unknown property type number: " + number);
  }
}
