package dev.pedigree.store.jdbc.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.MlflowRows.RunSearch;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import dev.pedigree.store.mlflow.SearchFilters;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSqlTest {

  private static SqlBuilder runs(String filter, String... orderBy) {
    return SearchSql.runs(dev.pedigree.store.jdbc.SqliteDialect.INSTANCE, new RunSearch(List.of(1L), ViewType.ACTIVE_ONLY, SearchFilters.parse(filter),
        java.util.Arrays.stream(orderBy).map(SearchFilters::parseOrderBy).toList(), 10, 0));
  }

  @Test
  void userTextOnlyReachesTheStatementAsBoundValues() {
    String evil = "x' OR 1=1 --";
    SqlBuilder sql = runs("params.`" + "p" + "` = '" + evil.replace("'", "''") + "' and tags.t LIKE 'a%'"
        + " and metrics.`m'; DROP TABLE run; --` > 1", "metrics.`weird key` DESC");
    String text = sql.joins + sql.whereClause() + sql.orderClause();
    assertThat(text).doesNotContain("OR 1=1").doesNotContain("DROP").doesNotContain("weird");
    assertThat(sql.allParameters()).contains(evil, "param.p", "a*", "m'; DROP TABLE run; --", "weird key");
  }

  @Test
  void metricFilterAndOrderOnTheSameKeyShareOneJoin() {
    SqlBuilder sql = runs("metrics.acc > 0.5", "metrics.acc DESC");
    assertThat(sql.joins.toString()).containsOnlyOnce("mlflow_latest_metric");
    assertThat(sql.orderClause()).startsWith(" ORDER BY m0.is_nan, m0.value DESC");
  }

  @Test
  void likeIsCaseSensitiveThroughGlob() {
    assertThat(dev.pedigree.store.jdbc.SqliteDialect.INSTANCE.caseSensitiveLikeValue("sweep-%_[x]*?"))
        .isEqualTo("sweep-*?[[]x][*][?]");
  }

  @Test
  void unknownAttributesAndWrongValueTypesAreInvalid() {
    assertThatThrownBy(() -> runs("attributes.color = 'red'")).isInstanceOf(PedigreeException.class)
        .hasMessageContaining("Invalid attribute key");
    assertThatThrownBy(() -> runs("metrics.m = 'high'")).isInstanceOf(PedigreeException.class)
        .hasMessageContaining("expected a number");
    assertThatThrownBy(() -> runs("params.p > 'a'")).isInstanceOf(PedigreeException.class);
  }
}
