package dev.pedigree.store.jdbc.mlflow;

import dev.pedigree.store.jdbc.Dialect;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.mlflow.MlflowRows.RunSearch;
import dev.pedigree.store.mlflow.MlflowRows.Search;
import dev.pedigree.store.mlflow.OrderKey;
import dev.pedigree.store.mlflow.SearchClause;
import dev.pedigree.store.mlflow.SearchClause.Comparator;
import dev.pedigree.store.mlflow.SearchClause.Entity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MLflow searches as parameterised SQL. Each search has a fixed table of the attribute names it
 * knows, mapped to columns; anything else is INVALID_ARGUMENT. Params and tags are the node's
 * string custom properties ({@code param.KEY}, {@code tag.KEY}); run metrics are latest values.
 */
final class SearchSql {
  /** The registry's prompt marker: a model without it counts as not a prompt. */
  private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

  private SearchSql() {}

  private record Column(String sql, boolean numeric) {}

  private static final Map<String, Column> RUN_ATTRIBUTES = Map.ofEntries(
      Map.entry("run_id", new Column("r.run_uuid", false)),
      Map.entry("run_name", new Column("r.name", false)),
      Map.entry("status", new Column("r.status", false)),
      Map.entry("user_id", new Column("r.user_id", false)),
      Map.entry("artifact_uri", new Column("r.artifact_uri", false)),
      Map.entry("lifecycle_stage", new Column("r.lifecycle_stage", false)),
      Map.entry("start_time", new Column("r.start_time", true)),
      Map.entry("created", new Column("r.start_time", true)),
      Map.entry("end_time", new Column("r.end_time", true)));

  static SqlBuilder runs(Dialect dialect, RunSearch search) {
    SqlBuilder sql = new SqlBuilder(dialect);
    sql.where("r.experiment_id IN (" + Jdbc.placeholders(search.experimentIds().size()) + ")",
        search.experimentIds().toArray());
    stages(sql, "r.lifecycle_stage", search.viewType().stages());
    Map<String, String> metricJoins = new HashMap<>();
    for (SearchClause clause : search.clauses()) {
      switch (clause.entity()) {
        case ATTRIBUTE -> attribute(sql, RUN_ATTRIBUTES, clause, "runs");
        case METRIC -> {
          String alias = metricJoins.get(clause.key());
          if (alias == null) {
            alias = sql.alias("m");
            sql.join("JOIN mlflow_latest_metric " + alias + " ON " + alias + ".run_id = r.execution_id AND "
                + alias + ".metric_key = ? AND " + alias + ".is_nan = 0", clause.key());
            metricJoins.put(clause.key(), alias);
          }
          sql.numberCondition(alias + ".value", clause);
        }
        case PARAM -> property(sql, TypeKind.EXECUTION, "r.execution_id", "param.", clause, false);
        case TAG -> {
          if (clause.key().equals("mlflow.runName")) {
            sql.stringCondition("r.name", clause);
          } else {
            property(sql, TypeKind.EXECUTION, "r.execution_id", "tag.", clause, false);
          }
        }
        case DATASET -> dataset(sql, clause);
      }
    }
    for (OrderKey order : search.orderBy()) {
      String direction = order.ascending() ? " ASC" : " DESC";
      switch (order.entity()) {
        case ATTRIBUTE -> {
          Column column = column(RUN_ATTRIBUTES, order.key(), "runs");
          sql.orderTerms.add("(" + column.sql + " IS NULL)");
          sql.orderTerms.add(column.sql + direction);
        }
        case METRIC -> {
          String alias = metricJoins.get(order.key());
          if (alias == null) {
            alias = sql.alias("o");
            sql.join("LEFT JOIN mlflow_latest_metric " + alias + " ON " + alias + ".run_id = r.execution_id AND "
                + alias + ".metric_key = ?", order.key());
            sql.orderTerms.add("(" + alias + ".value IS NULL)");
          }
          // NaN sorts after numbers, as upstream.
          sql.orderTerms.add(alias + ".is_nan");
          sql.orderTerms.add(alias + ".value" + direction);
        }
        case PARAM, TAG -> {
          String prefix = order.entity() == Entity.PARAM ? "param." : "tag.";
          String alias = sql.alias("p");
          sql.join("LEFT JOIN execution_property " + alias + " ON " + alias + ".node_id = r.execution_id AND "
              + alias + ".is_custom = 1 AND " + alias + ".name = ?", prefix + order.key());
          sql.orderTerms.add("(" + alias + ".string_value IS NULL)");
          sql.orderTerms.add(alias + ".string_value" + direction);
        }
        case DATASET -> throw PedigreeException.invalidArgument("Invalid order_by entity: datasets");
      }
    }
    sql.orderTerms.add("r.start_time DESC");
    sql.orderTerms.add("r.run_uuid");
    return sql;
  }

  private static void dataset(SqlBuilder sql, SearchClause clause) {
    String column = switch (clause.key()) {
      case "name" -> "d.name";
      case "digest" -> "d.digest";
      case "context" -> "i.context";
      default -> throw SqlBuilder.invalid(clause, "datasets have name, digest and context");
    };
    List<Object> values = new ArrayList<>();
    String predicate = sql.stringPredicate(column, clause, values);
    sql.where("EXISTS (SELECT 1 FROM mlflow_run_input i JOIN mlflow_dataset d ON d.artifact_id = i.dataset_id"
        + " WHERE i.run_id = r.execution_id AND " + predicate + ")", values.toArray());
  }

  private static final Map<String, Column> EXPERIMENT_ATTRIBUTES = Map.of(
      "name", new Column("e.name", false),
      "experiment_id", new Column("e.experiment_id", true),
      "creation_time", new Column("e.creation_time", true),
      "last_update_time", new Column("e.last_update_time", true));

  static SqlBuilder experiments(Dialect dialect, Search search) {
    SqlBuilder sql = new SqlBuilder(dialect);
    stages(sql, "e.lifecycle_stage", search.viewType().stages());
    for (SearchClause clause : search.clauses()) {
      switch (clause.entity()) {
        case ATTRIBUTE -> attribute(sql, EXPERIMENT_ATTRIBUTES, clause, "experiments");
        case TAG -> property(sql, TypeKind.CONTEXT, "e.context_id", "tag.", clause, false);
        default -> throw SqlBuilder.invalid(clause, "experiments filter on attributes and tags");
      }
    }
    orderAttributes(sql, search.orderBy(), EXPERIMENT_ATTRIBUTES, "experiments");
    if (search.orderBy().isEmpty()) {
      sql.orderTerms.add("e.creation_time DESC");
    }
    sql.orderTerms.add("e.experiment_id ASC");
    return sql;
  }

  private static final Map<String, Column> REGISTERED_MODEL_ATTRIBUTES = Map.of(
      "name", new Column("rm.name", false),
      "creation_timestamp", new Column("rm.creation_time", true),
      "timestamp", new Column("rm.creation_time", true),
      "last_updated_timestamp", new Column("rm.last_updated_time", true));

  static SqlBuilder registeredModels(Dialect dialect, Search search) {
    SqlBuilder sql = new SqlBuilder(dialect);
    for (SearchClause clause : search.clauses()) {
      switch (clause.entity()) {
        case ATTRIBUTE -> attribute(sql, REGISTERED_MODEL_ATTRIBUTES, clause, "registered models");
        // A missing tag matches != (the 3.x client's prompt filter relies on it for its marker tag).
        case TAG -> property(sql, TypeKind.CONTEXT, "rm.context_id", "tag.", clause,
            clause.key().equals(PROMPT_TAG));
        default -> throw SqlBuilder.invalid(clause, "registered models filter on name and tags");
      }
    }
    orderAttributes(sql, search.orderBy(), REGISTERED_MODEL_ATTRIBUTES, "registered models");
    sql.orderTerms.add("rm.name ASC");
    return sql;
  }

  private static final Map<String, Column> VERSION_ATTRIBUTES = Map.of(
      "name", new Column("rm.name", false),
      "run_id", new Column("v.run_uuid", false),
      "source_path", new Column("v.source", false),
      "source", new Column("v.source", false),
      "version_number", new Column("v.version", true),
      "current_stage", new Column("v.current_stage", false),
      "creation_timestamp", new Column("v.creation_time", true),
      "timestamp", new Column("v.creation_time", true),
      "last_updated_timestamp", new Column("v.last_updated_time", true));

  static SqlBuilder modelVersions(Dialect dialect, Search search) {
    SqlBuilder sql = new SqlBuilder(dialect);
    for (SearchClause clause : search.clauses()) {
      switch (clause.entity()) {
        case ATTRIBUTE -> attribute(sql, VERSION_ATTRIBUTES, clause, "model versions");
        case TAG -> property(sql, TypeKind.ARTIFACT, "v.artifact_id", "tag.", clause,
            clause.key().equals(PROMPT_TAG));
        default -> throw SqlBuilder.invalid(clause, "model versions filter on attributes and tags");
      }
    }
    orderAttributes(sql, search.orderBy(), VERSION_ATTRIBUTES, "model versions");
    if (search.orderBy().isEmpty()) {
      // MLflow's default: the most recently changed versions first.
      sql.orderTerms.add("v.last_updated_time DESC");
    }
    sql.orderTerms.add("rm.name ASC");
    sql.orderTerms.add("v.version DESC");
    return sql;
  }

  private static final Map<String, Column> LOGGED_MODEL_ATTRIBUTES = Map.ofEntries(
      Map.entry("name", new Column("lm.name", false)),
      Map.entry("model_id", new Column("lm.model_id", false)),
      Map.entry("model_type", new Column("lm.model_type", false)),
      Map.entry("status", new Column("lm.status", false)),
      Map.entry("source_run_id", new Column("lm.source_run_id", false)),
      Map.entry("creation_timestamp", new Column("lm.creation_time", true)),
      Map.entry("creation_time", new Column("lm.creation_time", true)),
      Map.entry("creation_timestamp_ms", new Column("lm.creation_time", true)),
      Map.entry("last_updated_timestamp", new Column("lm.last_updated_time", true)),
      Map.entry("last_updated_time", new Column("lm.last_updated_time", true)));

  static SqlBuilder loggedModels(Dialect dialect, List<Long> experimentIds, Search search) {
    SqlBuilder sql = new SqlBuilder(dialect);
    sql.where("lm.experiment_id IN (" + Jdbc.placeholders(experimentIds.size()) + ")", experimentIds.toArray());
    stages(sql, "lm.lifecycle_stage", search.viewType().stages());
    for (SearchClause clause : search.clauses()) {
      switch (clause.entity()) {
        case ATTRIBUTE -> attribute(sql, LOGGED_MODEL_ATTRIBUTES, clause, "logged models");
        case PARAM -> property(sql, TypeKind.ARTIFACT, "lm.artifact_id", "param.", clause, false);
        case TAG -> property(sql, TypeKind.ARTIFACT, "lm.artifact_id", "tag.", clause, false);
        default -> throw SqlBuilder.invalid(clause, "logged models filter on attributes, params and tags");
      }
    }
    orderAttributes(sql, search.orderBy(), LOGGED_MODEL_ATTRIBUTES, "logged models");
    sql.orderTerms.add("lm.creation_time DESC");
    sql.orderTerms.add("lm.model_id");
    return sql;
  }

  // Shared pieces

  private static void stages(SqlBuilder sql, String column, List<String> stages) {
    sql.where(column + " IN (" + Jdbc.placeholders(stages.size()) + ")", stages.toArray());
  }

  private static Column column(Map<String, Column> attributes, String key, String what) {
    Column column = attributes.get(key.toLowerCase(Locale.ROOT).replace(' ', '_'));
    if (column == null) {
      throw PedigreeException.invalidArgument("Invalid attribute key '" + key + "' for " + what
          + " (expected one of: " + String.join(", ", new java.util.TreeSet<>(attributes.keySet())) + ")");
    }
    return column;
  }

  private static void attribute(SqlBuilder sql, Map<String, Column> attributes, SearchClause clause, String what) {
    Column column = column(attributes, clause.key(), what);
    if (column.numeric) {
      sql.numberCondition(column.sql, clause);
    } else {
      if (clause.comparator().isNumeric()) {
        throw SqlBuilder.invalid(clause, "'" + clause.key() + "' is a string attribute");
      }
      sql.stringCondition(column.sql, clause);
    }
  }

  private static void orderAttributes(SqlBuilder sql, List<OrderKey> orderBy, Map<String, Column> attributes,
      String what) {
    for (OrderKey order : orderBy) {
      if (order.entity() != Entity.ATTRIBUTE) {
        throw PedigreeException.invalidArgument("Invalid order_by key for " + what + ": " + order.key());
      }
      sql.orderTerms.add(column(attributes, order.key(), what).sql + (order.ascending() ? " ASC" : " DESC"));
    }
  }

  /**
   * A param or tag clause. Normally a node without the property never matches; with
   * {@code missingMatchesNotEqual} a missing property counts as "not equal to anything".
   */
  private static void property(SqlBuilder sql, TypeKind kind, String nodeColumn, String prefix, SearchClause clause,
      boolean missingMatchesNotEqual) {
    String table = JdbcMlflowStore.propertyTable(kind);
    String exists = "EXISTS (SELECT 1 FROM " + table + " x WHERE x.node_id = " + nodeColumn
        + " AND x.is_custom = 1 AND x.name = ?";
    Comparator comparator = clause.comparator();
    if (comparator == Comparator.IS_NULL) {
      sql.where("NOT " + exists + ")", prefix + clause.key());
      return;
    }
    if (comparator == Comparator.IS_NOT_NULL) {
      sql.where(exists + ")", prefix + clause.key());
      return;
    }
    if (comparator.isNumeric() || comparator == Comparator.IN || comparator == Comparator.NOT_IN) {
      throw SqlBuilder.invalid(clause, "params and tags compare with =, !=, LIKE, ILIKE, IS NULL");
    }
    if (comparator == Comparator.NE && missingMatchesNotEqual) {
      sql.where("NOT " + exists + " AND x.string_value = ?)", prefix + clause.key(), SqlBuilder.string(clause));
      return;
    }
    List<Object> values = new ArrayList<>();
    values.add(prefix + clause.key());
    String predicate = sql.stringPredicate("x.string_value", clause, values);
    sql.where(exists + " AND " + predicate + ")", values.toArray());
  }
}
