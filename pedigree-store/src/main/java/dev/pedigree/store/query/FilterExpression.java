package dev.pedigree.store.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed {@code filter_query}: a boolean expression over one node and its neighbours. */
public sealed interface FilterExpression {

  record And(FilterExpression left, FilterExpression right) implements FilterExpression {
    public And {
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  record Or(FilterExpression left, FilterExpression right) implements FilterExpression {
    public Or {
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  record Not(FilterExpression operand) implements FilterExpression {
    public Not {
      requireNonNull(operand, "operand");
    }
  }

  /** {@code operand <op> literal}; the literal's kind fits the operand's value type. */
  record Comparison(Operand operand, ComparisonOperator operator, Literal value) implements FilterExpression {
    public Comparison {
      requireNonNull(operand, "operand");
      requireNonNull(operator, "operator");
      requireNonNull(value, "value");
    }
  }

  /** {@code operand [NOT] LIKE 'pattern'} with SQL wildcards {@code %} and {@code _}. */
  record Like(Operand operand, Literal.StringLiteral pattern, boolean negated) implements FilterExpression {
    public Like {
      requireNonNull(operand, "operand");
      requireNonNull(pattern, "pattern");
    }
  }

  /** {@code operand [NOT] IN (v1, v2, ...)} with at least one value. */
  record In(Operand operand, List<Literal> values, boolean negated) implements FilterExpression {
    public In {
      requireNonNull(operand, "operand");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("values: [] (expected: at least one)");
      }
    }
  }

  /** {@code operand IS [NOT] NULL}. */
  record IsNull(Operand operand, boolean negated) implements FilterExpression {
    public IsNull {
      requireNonNull(operand, "operand");
    }
  }

  enum ComparisonOperator {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String sql;

    ComparisonOperator(String sql) {
      this.sql = sql;
    }

    /** The operator in SQL, the same on every supported database. */
    public String sql() {
      return sql;
    }
  }
}
