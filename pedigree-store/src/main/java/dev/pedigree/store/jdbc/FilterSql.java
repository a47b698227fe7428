package dev.pedigree.store.jdbc;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.query.Attribute;
import dev.pedigree.store.query.FilterExpression;
import dev.pedigree.store.query.FilterParser;
import dev.pedigree.store.query.Literal;
import dev.pedigree.store.query.Neighbour;
import dev.pedigree.store.query.Operand;
import dev.pedigree.store.query.Operand.AttributeRef;
import dev.pedigree.store.query.Operand.PropertyRef;
import dev.pedigree.store.query.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders a {@link FilterExpression} as a parameterised SQL boolean condition over the V1 schema.
 *
 * <p>The condition is about one row of the node table of the given kind ({@code artifact},
 * {@code execution} or {@code context}), which the caller's query must alias {@code n}:
 * <pre>{@code
 * FilterSql.Fragment where = FilterSql.where(filterQuery, TypeKind.ARTIFACT);
 * String sql = "SELECT n.id FROM artifact n WHERE " + where.sql() + " ORDER BY n.id";
 * // bind where.parameters() in order, starting at the first '?' of the fragment
 * }</pre>
 *
 * <p>Semantics, following MLMD:
 * <ul>
 *   <li>Neighbours ({@code contexts_a}, {@code events_e}, ...) behave as inner joins: the node matches
 *       when some combination of related rows, one per alias, makes the whole condition true; the
 *       same alias is the same row. A node without such a neighbour never matches a filter naming it.
 *       The fragment is then one {@code EXISTS (SELECT 1 FROM <links> WHERE <links match n> AND (...))}.</li>
 *   <li>Properties behave as left joins: a missing property (or one stored with another kind) is
 *       NULL, so {@code properties.p.int_value != 1} and {@code NOT (properties.p.int_value = 1)} do
 *       not match nodes without {@code p}. {@code properties.p.int_value IS NULL} matches only nodes
 *       that have {@code p} with another kind of value, as upstream (checked against MLMD itself). Where
 *       NULL and FALSE cannot differ (not under NOT) a property predicate is rendered as
 *       {@code n.id IN (SELECT node_id ... WHERE name = ? AND ... AND value <op> ?)} so that the
 *       property value indexes serve it.</li>
 *   <li>{@code state != LIVE} also matches a NULL state, and so does {@code NOT IN}, as upstream.</li>
 *   <li>{@code bool_value} compares the stored 0/1 {@code int_value} of BOOLEAN properties.</li>
 * </ul>
 *
 * <p>Only bound parameters carry user text; every identifier comes from fixed tables in this class
 * (aliases are numbered {@code nb0, nb1, ...}, never taken from the filter). The SQL is the same on
 * SQLite and PostgreSQL. One behaviour differs by database and is left to it on purpose, as in
 * upstream MLMD: {@code LIKE} is ASCII case-insensitive on SQLite and case-sensitive on PostgreSQL.
 */
public final class FilterSql {

  private final TypeKind kind;
  private final Map<Neighbour, Integer> neighbours = new LinkedHashMap<>();
  private final List<Object> parameters = new ArrayList<>();

  private FilterSql(TypeKind kind) {
    this.kind = kind;
  }

  /** A SQL boolean condition and the values of its {@code ?} placeholders, in order. */
  public record Fragment(String sql, List<Object> parameters) {
    public Fragment {
      requireNonNull(sql, "sql");
      parameters = List.copyOf(parameters);
    }
  }

  /** Parses {@code filterQuery} and renders it for nodes of {@code kind} (table aliased {@code n}). */
  public static Fragment where(String filterQuery, TypeKind kind) {
    return where(FilterParser.parse(filterQuery), kind);
  }

  /**
   * Renders {@code filter} for nodes of {@code kind}; an attribute or neighbour that this kind does
   * not have is INVALID_ARGUMENT with its position.
   */
  public static Fragment where(FilterExpression filter, TypeKind kind) {
    requireNonNull(filter, "filter");
    requireNonNull(kind, "kind");
    FilterSql renderer = new FilterSql(kind);
    String body = renderer.render(filter, true);
    if (renderer.neighbours.isEmpty()) {
      return new Fragment(body, renderer.parameters);
    }
    StringJoiner from = new StringJoiner(", ");
    StringJoiner links = new StringJoiner(" AND ");
    renderer.neighbours.forEach((neighbour, index) -> renderer.join(neighbour.kind(), index, from, links));
    return new Fragment("EXISTS (SELECT 1 FROM " + from + " WHERE " + links + " AND " + body + ")",
        renderer.parameters);
  }

  private String render(FilterExpression expression, boolean positive) {
    return switch (expression) {
      case FilterExpression.And and -> "(" + render(and.left(), positive) + " AND " + render(and.right(), positive) + ")";
      case FilterExpression.Or or -> "(" + render(or.left(), positive) + " OR " + render(or.right(), positive) + ")";
      case FilterExpression.Not not -> "(NOT " + render(not.operand(), !positive) + ")";
      case FilterExpression.Comparison comparison -> {
        Source source = source(comparison.operand());
        String operator = comparison.operator().sql();
        if (comparison.operator() == FilterExpression.ComparisonOperator.NE
            && comparison.operand().valueType().isEnum()) {
          String column = source.scalar(parameters);
          parameters.add(value(comparison.value()));
          yield "(" + column + " != ? OR " + column + " IS NULL)";
        }
        if (positive && comparison.operator() == FilterExpression.ComparisonOperator.EQ
            && comparison.operand() instanceof PropertyRef property && property.valueType() == ValueType.STRING) {
          // PostgreSQL indexes only a prefix of string values (a btree entry has a size limit):
          // comparing the prefix too lets it use that index; the full comparison stays exact.
          Object text = value(comparison.value());
          yield predicate(source, true, "= ? AND " + PostgresDialect.stringKey("t.string_value") + " = "
              + PostgresDialect.stringKey("?"), List.of(text, text));
        }
        yield predicate(source, positive, operator + " ?", List.of(value(comparison.value())));
      }
      case FilterExpression.Like like -> predicate(source(like.operand()), positive,
          (like.negated() ? "NOT LIKE" : "LIKE") + " ?", List.of(like.pattern().value()));
      case FilterExpression.In in -> {
        Source source = source(in.operand());
        List<Object> values = in.values().stream().map(FilterSql::value).toList();
        String placeholders = "(" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")";
        if (in.negated() && in.operand().valueType().isEnum()) {
          String column = source.scalar(parameters);
          parameters.addAll(values);
          yield "(" + column + " NOT IN " + placeholders + " OR " + column + " IS NULL)";
        }
        yield predicate(source, positive, (in.negated() ? "NOT IN " : "IN ") + placeholders, values);
      }
      case FilterExpression.IsNull isNull -> {
        Source source = source(isNull.operand());
        // As upstream (whose property tables are inner-joined), "IS NULL" on a property matches
        // nodes that have the property with another kind of value, never nodes without it.
        if (!isNull.negated() && source instanceof Lookup lookup) {
          yield lookup.nullMembership(parameters);
        }
        yield source.scalar(parameters) + (isNull.negated() ? " IS NOT NULL" : " IS NULL");
      }
    };
  }

  private String predicate(Source source, boolean positive, String test, List<Object> values) {
    String sql = positive ? source.membership(parameters, test) : source.scalar(parameters) + " " + test;
    parameters.addAll(values);
    return sql;
  }

  /** Where an operand's value comes from: a column of a joined row, or a lookup in another table. */
  private sealed interface Source {
    /** An expression for the value (NULL when a lookup finds nothing); adds its own parameters. */
    String scalar(List<Object> parameters);

    /** A condition true when the value passes {@code test}; never NULL. Adds its own parameters. */
    String membership(List<Object> parameters, String test);
  }

  private record Column(String expression) implements Source {
    @Override
    public String scalar(List<Object> parameters) {
      return expression;
    }

    @Override
    public String membership(List<Object> parameters, String test) {
      return expression + " " + test;
    }
  }

  /** {@code SELECT valueColumn FROM table t WHERE t.keyColumn = key AND condition}. */
  private record Lookup(String key, String table, String keyColumn, String valueColumn, String condition,
      List<Object> conditionParameters) implements Source {
    @Override
    public String scalar(List<Object> parameters) {
      parameters.addAll(conditionParameters);
      return "(SELECT t." + valueColumn + " FROM " + table + " t WHERE t." + keyColumn + " = " + key
          + condition + ")";
    }

    @Override
    public String membership(List<Object> parameters, String test) {
      parameters.addAll(conditionParameters);
      return key + " IN (SELECT t." + keyColumn + " FROM " + table + " t WHERE t." + valueColumn + " IS NOT NULL"
          + condition + " AND t." + valueColumn + " " + test + ")";
    }

    /** True when a row exists whose value column is NULL. */
    String nullMembership(List<Object> parameters) {
      parameters.addAll(conditionParameters);
      return key + " IN (SELECT t." + keyColumn + " FROM " + table + " t WHERE t." + valueColumn + " IS NULL"
          + condition + ")";
    }
  }

  private Source source(Operand operand) {
    return switch (operand) {
      case PropertyRef property -> new Lookup("n.id", table(kind) + "_property", "node_id",
          property.valueType() == ValueType.DOUBLE ? "double_value"
              : property.valueType() == ValueType.STRING ? "string_value" : "int_value",
          // The kind is a literal, not a parameter: the string index only holds STRING rows
          // (migration V8) and a planner can use a partial index only for a condition it can see.
          " AND t.name = ? AND t.is_custom = ? AND t.kind = " + propertyKind(property.valueType()).number(),
          List.of(property.name(), property.scope() == Operand.Scope.CUSTOM_PROPERTIES ? 1 : 0));
      case AttributeRef ref -> attribute(ref);
    };
  }

  private Source attribute(AttributeRef ref) {
    Neighbour neighbour = ref.neighbour();
    String alias = "n";
    Entity entity = Entity.of(kind);
    if (neighbour != null) {
      entity = neighbourEntity(neighbour, ref.position());
      alias = "nb" + neighbours.computeIfAbsent(neighbour, n -> neighbours.size());
    }
    Attribute attribute = ref.attribute();
    if (!entity.has(attribute)) {
      throw PedigreeException.invalidArgument("invalid filter_query: "
          + (neighbour == null ? kind.label() + "s have" : neighbour.text() + " has") + " no attribute '"
          + attribute.text() + "' at position " + ref.position());
    }
    if (attribute == Attribute.TYPE) {
      return new Lookup(alias + ".type_id", "node_type", "id", "name", "", List.of());
    }
    return new Column(alias + "." + column(attribute));
  }

  private Entity neighbourEntity(Neighbour neighbour, int position) {
    boolean allowed = switch (neighbour.kind()) {
      case CONTEXTS, EVENTS -> kind != TypeKind.CONTEXT;
      case ARTIFACTS, EXECUTIONS, PARENT_CONTEXTS, CHILD_CONTEXTS -> kind == TypeKind.CONTEXT;
    };
    if (!allowed) {
      throw PedigreeException.invalidArgument("invalid filter_query: " + kind.label() + "s have no neighbours "
          + neighbour.kind().prefix() + "<alias> at position " + position);
    }
    return switch (neighbour.kind()) {
      case CONTEXTS, PARENT_CONTEXTS, CHILD_CONTEXTS -> Entity.CONTEXT;
      case ARTIFACTS -> Entity.ARTIFACT;
      case EXECUTIONS -> Entity.EXECUTION;
      case EVENTS -> Entity.EVENT;
    };
  }

  private void join(Neighbour.Kind neighbourKind, int index, StringJoiner from, StringJoiner links) {
    String nb = "nb" + index;
    String lk = "lk" + index;
    switch (neighbourKind) {
      case CONTEXTS -> {
        boolean artifact = kind == TypeKind.ARTIFACT;
        from.add((artifact ? "attribution " : "association ") + lk).add("context " + nb);
        links.add(lk + (artifact ? ".artifact_id" : ".execution_id") + " = n.id").add(nb + ".id = " + lk + ".context_id");
      }
      case ARTIFACTS -> {
        from.add("attribution " + lk).add("artifact " + nb);
        links.add(lk + ".context_id = n.id").add(nb + ".id = " + lk + ".artifact_id");
      }
      case EXECUTIONS -> {
        from.add("association " + lk).add("execution " + nb);
        links.add(lk + ".context_id = n.id").add(nb + ".id = " + lk + ".execution_id");
      }
      case PARENT_CONTEXTS -> {
        from.add("parent_context " + lk).add("context " + nb);
        links.add(lk + ".child_id = n.id").add(nb + ".id = " + lk + ".parent_id");
      }
      case CHILD_CONTEXTS -> {
        from.add("parent_context " + lk).add("context " + nb);
        links.add(lk + ".parent_id = n.id").add(nb + ".id = " + lk + ".child_id");
      }
      case EVENTS -> {
        from.add("event " + nb);
        links.add(nb + (kind == TypeKind.ARTIFACT ? ".artifact_id" : ".execution_id") + " = n.id");
      }
    }
  }

  private static String column(Attribute attribute) {
    return switch (attribute) {
      case ID -> "id";
      case TYPE_ID -> "type_id";
      case TYPE -> throw new IllegalStateException("type is a lookup");
      case NAME -> "name";
      case URI -> "uri";
      case EXTERNAL_ID -> "external_id";
      case CREATE_TIME -> "create_time";
      case LAST_UPDATE_TIME -> "update_time";
      case STATE -> "state";
      case LAST_KNOWN_STATE -> "last_known_state";
      case EVENT_ARTIFACT_ID -> "artifact_id";
      case EVENT_EXECUTION_ID -> "execution_id";
      case EVENT_TYPE -> "type";
      case EVENT_TIME -> "time_ms";
    };
  }

  private static String table(TypeKind kind) {
    return switch (kind) {
      case ARTIFACT -> "artifact";
      case EXECUTION -> "execution";
      case CONTEXT -> "context";
    };
  }

  private static PropertyType propertyKind(ValueType type) {
    return switch (type) {
      case INT -> PropertyType.INT;
      case DOUBLE -> PropertyType.DOUBLE;
      case STRING -> PropertyType.STRING;
      case BOOL -> PropertyType.BOOLEAN;
      default -> throw new IllegalStateException("not a property value type: " + type);
    };
  }

  private static Object value(Literal literal) {
    return switch (literal) {
      case Literal.StringLiteral s -> s.value();
      case Literal.IntLiteral i -> i.value();
      case Literal.DoubleLiteral d -> d.value();
      case Literal.BoolLiteral b -> b.value() ? 1L : 0L;
      case Literal.EnumLiteral e -> e.number();
    };
  }

  /** The rows a filter can be about, with the attributes each has. */
  private enum Entity {
    ARTIFACT,
    EXECUTION,
    CONTEXT,
    EVENT;

    static Entity of(TypeKind kind) {
      return switch (kind) {
        case ARTIFACT -> ARTIFACT;
        case EXECUTION -> EXECUTION;
        case CONTEXT -> CONTEXT;
      };
    }

    boolean has(Attribute attribute) {
      if (this == EVENT || attribute.isEventAttribute()) {
        return this == EVENT && attribute.isEventAttribute();
      }
      return switch (attribute) {
        case URI, STATE -> this == ARTIFACT;
        case LAST_KNOWN_STATE -> this == EXECUTION;
        default -> true;
      };
    }
  }
}
