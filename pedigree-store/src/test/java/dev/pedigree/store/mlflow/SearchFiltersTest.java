package dev.pedigree.store.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.SearchClause.Comparator;
import dev.pedigree.store.mlflow.SearchClause.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchFiltersTest {

  @Test
  void parsesMetricParamAndAttributeClausesJoinedByAnd() {
    assertThat(SearchFilters.parse("metrics.rmse < 1 and params.model_class = 'LogisticRegression'"
        + " AND attributes.status = \"FINISHED\"")).containsExactly(
        new SearchClause(Entity.METRIC, "rmse", Comparator.LT, 1.0),
        new SearchClause(Entity.PARAM, "model_class", Comparator.EQ, "LogisticRegression"),
        new SearchClause(Entity.ATTRIBUTE, "status", Comparator.EQ, "FINISHED"));
  }

  @Test
  void quotedKeysAliasesAndEntitySynonyms() {
    assertThat(SearchFilters.parse("tags.`user-name` = 'x'"))
        .containsExactly(new SearchClause(Entity.TAG, "user-name", Comparator.EQ, "x"));
    assertThat(SearchFilters.parse("tag.\"mlflow.prompt.is_prompt\" != 'true'"))
        .containsExactly(new SearchClause(Entity.TAG, "mlflow.prompt.is_prompt", Comparator.NE, "true"));
    assertThat(SearchFilters.parse("Run name LIKE 'sweep-%'"))
        .containsExactly(new SearchClause(Entity.ATTRIBUTE, "run_name", Comparator.LIKE, "sweep-%"));
    assertThat(SearchFilters.parse("metric.acc >= -1.5e-3"))
        .containsExactly(new SearchClause(Entity.METRIC, "acc", Comparator.GE, -1.5e-3));
    assertThat(SearchFilters.parse("parameters.lr ILIKE '%E-3'").get(0).entity()).isEqualTo(Entity.PARAM);
  }

  @Test
  void inListsAndNullChecks() {
    assertThat(SearchFilters.parse("attributes.run_id IN ('a1', 'b2') and params.model IS NULL"
        + " and tags.t IS NOT NULL and datasets.name NOT IN ('x')")).containsExactly(
        new SearchClause(Entity.ATTRIBUTE, "run_id", Comparator.IN, List.of("a1", "b2")),
        new SearchClause(Entity.PARAM, "model", Comparator.IS_NULL, null),
        new SearchClause(Entity.TAG, "t", Comparator.IS_NOT_NULL, null),
        new SearchClause(Entity.DATASET, "name", Comparator.NOT_IN, List.of("x")));
  }

  @Test
  void quotesInsideValuesStayValues() {
    assertThat(SearchFilters.parse("params.p = 'it''s; DROP TABLE x --'"))
        .containsExactly(new SearchClause(Entity.PARAM, "p", Comparator.EQ, "it's; DROP TABLE x --"));
  }

  @Test
  void blankFiltersHaveNoClauses() {
    assertThat(SearchFilters.parse(null)).isEmpty();
    assertThat(SearchFilters.parse("  ")).isEmpty();
  }

  @Test
  void rejectsWhatMlflowRejects() {
    for (String bad : List.of("metrics.rmse <<< 1", "metrics.rmse < 1 OR metrics.rmse > 2", "params.a = 'x' and",
        "params.a =", "(metrics.a < 1)", "params.a = 'unterminated", "metrics.a IN (1, 2)")) {
      assertThatThrownBy(() -> SearchFilters.parse(bad)).as(bad).isInstanceOf(PedigreeException.class)
          .hasMessageContaining("Invalid clause(s) in filter string");
    }
  }

  @Test
  void orderByTerms() {
    assertThat(SearchFilters.parseOrderBy("metrics.rmse DESC")).isEqualTo(new OrderKey(Entity.METRIC, "rmse", false));
    assertThat(SearchFilters.parseOrderBy("start_time")).isEqualTo(new OrderKey(Entity.ATTRIBUTE, "start_time", true));
    assertThat(SearchFilters.parseOrderBy("params.`a b` asc")).isEqualTo(new OrderKey(Entity.PARAM, "a b", true));
    assertThatThrownBy(() -> SearchFilters.parseOrderBy("name sideways")).isInstanceOf(PedigreeException.class);
  }
}
