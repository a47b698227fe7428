package dev.pedigree.store.jdbc.mlflow;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.jdbc.Dialect;
import dev.pedigree.store.mlflow.SearchClause;
import dev.pedigree.store.mlflow.SearchClause.Comparator;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement under construction: SQL text made only of fixed fragments and placeholders, with the
 * bound values beside it. Column names come from fixed tables in the callers, never from requests.
 */
final class SqlBuilder {
  final StringBuilder joins = new StringBuilder();
  final List<Object> joinParameters = new ArrayList<>();
  final List<String> conditions = new ArrayList<>();
  final List<Object> parameters = new ArrayList<>();
  final List<String> orderTerms = new ArrayList<>();
  private final Dialect dialect;
  private int aliases;

  SqlBuilder(Dialect dialect) {
    this.dialect = dialect;
  }

  String alias(String prefix) {
    return prefix + (aliases++);
  }

  void join(String sql, Object... values) {
    joins.append(' ').append(sql);
    joinParameters.addAll(List.of(values));
  }

  void where(String sql, Object... values) {
    conditions.add(sql);
    parameters.addAll(List.of(values));
  }

  /** A condition comparing a string column with the clause's value. */
  void stringCondition(String column, SearchClause clause) {
    switch (clause.comparator()) {
      case EQ -> where(column + " = ?", string(clause));
      case NE -> where(column + " <> ?", string(clause));
      // MLflow's LIKE is case-sensitive; each database spells that differently.
      case LIKE -> where(dialect.caseSensitiveLike(column), dialect.caseSensitiveLikeValue(string(clause)));
      case ILIKE -> where("LOWER(" + column + ") LIKE LOWER(?) ESCAPE '\\'", string(clause));
      case IN, NOT_IN -> {
        List<String> items = clause.listValue();
        where(column + (clause.comparator() == Comparator.IN ? " IN (" : " NOT IN (")
            + "?, ".repeat(items.size() - 1) + "?)", items.toArray());
      }
      case IS_NULL -> where(column + " IS NULL");
      case IS_NOT_NULL -> where(column + " IS NOT NULL");
      default -> throw invalid(clause, "strings compare with =, !=, LIKE or ILIKE");
    }
  }

  /** A condition comparing a numeric column with the clause's value. */
  void numberCondition(String column, SearchClause clause) {
    if (!(clause.value() instanceof Double number)) {
      throw invalid(clause, "expected a number (unquoted)");
    }
    String op = switch (clause.comparator()) {
      case EQ -> "=";
      case NE -> "<>";
      case GT -> ">";
      case GE -> ">=";
      case LT -> "<";
      case LE -> "<=";
      default -> throw invalid(clause, "numbers compare with =, !=, >, >=, <, <=");
    };
    where(column + " " + op + " ?", number);
  }

  /** The condition text and its values for use inside an EXISTS subquery. */
  String stringPredicate(String column, SearchClause clause, List<Object> out) {
    SqlBuilder inner = new SqlBuilder(dialect);
    inner.stringCondition(column, clause);
    out.addAll(inner.parameters);
    return inner.conditions.get(0);
  }

  static String string(SearchClause clause) {
    if (!(clause.value() instanceof String text)) {
      throw invalid(clause, "expected a quoted string value");
    }
    return text;
  }

  static PedigreeException invalid(SearchClause clause, String reason) {
    String name = clause.entity().name().toLowerCase(java.util.Locale.ROOT) + "." + clause.key();
    return PedigreeException.invalidArgument("Invalid clause(s) in filter string: '" + name + " "
        + clause.comparator().text() + "': " + reason);
  }

  String whereClause() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  String orderClause() {
    return orderTerms.isEmpty() ? "" : " ORDER BY " + String.join(", ", orderTerms);
  }

  List<Object> allParameters() {
    List<Object> all = new ArrayList<>(joinParameters);
    all.addAll(parameters);
    return all;
  }
}
