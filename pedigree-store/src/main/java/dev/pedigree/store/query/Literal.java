package dev.pedigree.store.query;

import static java.util.Objects.requireNonNull;

/** A constant on the right-hand side of a predicate. */
public sealed interface Literal {

  /** 1-based character position in the filter text. */
  int position();

  record StringLiteral(String value, int position) implements Literal {
    public StringLiteral {
      requireNonNull(value, "value");
    }
  }

  record IntLiteral(long value, int position) implements Literal {}

  record DoubleLiteral(double value, int position) implements Literal {}

  record BoolLiteral(boolean value, int position) implements Literal {}

  /** A bare enum literal ({@code LIVE}) resolved against the operand's enum to its wire number. */
  record EnumLiteral(String name, int number, int position) implements Literal {
    public EnumLiteral {
      requireNonNull(name, "name");
    }
  }
}
