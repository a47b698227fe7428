package dev.pedigree.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.query.FilterExpression.And;
import dev.pedigree.store.query.FilterExpression.Comparison;
import dev.pedigree.store.query.FilterExpression.ComparisonOperator;
import dev.pedigree.store.query.FilterExpression.In;
import dev.pedigree.store.query.FilterExpression.IsNull;
import dev.pedigree.store.query.FilterExpression.Like;
import dev.pedigree.store.query.FilterExpression.Not;
import dev.pedigree.store.query.FilterExpression.Or;
import dev.pedigree.store.query.Literal.BoolLiteral;
import dev.pedigree.store.query.Literal.DoubleLiteral;
import dev.pedigree.store.query.Literal.EnumLiteral;
import dev.pedigree.store.query.Literal.IntLiteral;
import dev.pedigree.store.query.Literal.StringLiteral;
import dev.pedigree.store.query.Operand.AttributeRef;
import dev.pedigree.store.query.Operand.PropertyRef;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  @Test
  void parsesAComparisonOnAnAttribute() {
    assertThat(FilterParser.parse("id = 5")).isEqualTo(new Comparison(
        new AttributeRef(null, Attribute.ID, 1), ComparisonOperator.EQ, new IntLiteral(5, 6)));
  }

  @Test
  void andBindsTighterThanOrAndNotTighterThanAnd() {
    FilterExpression parsed = FilterParser.parse("name = 'a' OR NOT name = 'b' AND id > 1");
    assertThat(parsed).isInstanceOf(Or.class);
    Or or = (Or) parsed;
    assertThat(or.right()).isInstanceOf(And.class);
    assertThat(((And) or.right()).left()).isInstanceOf(Not.class);
  }

  @Test
  void parenthesesOverridePrecedenceAndKeywordsIgnoreCase() {
    FilterExpression parsed = FilterParser.parse("(id = 1 or id = 2) and uri like 'gs://%'");
    assertThat(parsed).isInstanceOf(And.class);
    assertThat(((And) parsed).left()).isInstanceOf(Or.class);
    assertThat(((And) parsed).right()).isEqualTo(new Like(
        new AttributeRef(null, Attribute.URI, 24), new StringLiteral("gs://%", 33), false));
  }

  @Test
  void parsesPropertiesWithBackQuotedNamesAndEveryValueKind() {
    assertThat(FilterParser.parse("custom_properties.`my:prop`.bool_value = true")).isEqualTo(new Comparison(
        new PropertyRef("my:prop", Operand.Scope.CUSTOM_PROPERTIES, ValueType.BOOL, 1), ComparisonOperator.EQ,
        new BoolLiteral(true, 42)));
    assertThat(FilterParser.parse("properties.2x.double_value >= -1.5e2")).isEqualTo(new Comparison(
        new PropertyRef("2x", Operand.Scope.PROPERTIES, ValueType.DOUBLE, 1), ComparisonOperator.GE,
        new DoubleLiteral(-150.0, 31)));
    assertThat(FilterParser.parse("properties.p.string_value = \"it's\"")).isInstanceOf(Comparison.class);
    assertThat(FilterParser.parse("custom_properties.parent_dag_id.int_value = 7")).isInstanceOf(Comparison.class);
  }

  @Test
  void resolvesEnumLiteralsToTheirNumbers() {
    assertThat(FilterParser.parse("state IN (PENDING, LIVE)")).isEqualTo(new In(
        new AttributeRef(null, Attribute.STATE, 1),
        List.of(new EnumLiteral("PENDING", 1, 11), new EnumLiteral("LIVE", 2, 20)), false));
    assertThat(FilterParser.parse("last_known_state != COMPLETE")).isEqualTo(new Comparison(
        new AttributeRef(null, Attribute.LAST_KNOWN_STATE, 1), ComparisonOperator.NE,
        new EnumLiteral("COMPLETE", 3, 21)));
    assertThat(FilterParser.parse("events_0.type = OUTPUT")).isEqualTo(new Comparison(
        new AttributeRef(new Neighbour(Neighbour.Kind.EVENTS, "0"), Attribute.EVENT_TYPE, 1),
        ComparisonOperator.EQ, new EnumLiteral("OUTPUT", 4, 17)));
  }

  @Test
  void parsesNeighbourAliases() {
    assertThat(FilterParser.parse("parent_contexts_p.name = 'x'")).isEqualTo(new Comparison(
        new AttributeRef(new Neighbour(Neighbour.Kind.PARENT_CONTEXTS, "p"), Attribute.NAME, 1),
        ComparisonOperator.EQ, new StringLiteral("x", 26)));
    assertThat(FilterParser.parse("contexts_a.type = 'run' AND child_contexts_b.id IS NOT NULL"))
        .isEqualTo(new And(
            new Comparison(new AttributeRef(new Neighbour(Neighbour.Kind.CONTEXTS, "a"), Attribute.TYPE, 1),
                ComparisonOperator.EQ, new StringLiteral("run", 19)),
            new IsNull(new AttributeRef(new Neighbour(Neighbour.Kind.CHILD_CONTEXTS, "b"), Attribute.ID, 29),
                true)));
  }

  @Test
  void acceptsEveryOperatorSpelling() {
    for (String op : List.of("=", "!=", "<>", "<", "<=", ">", ">=")) {
      assertThat(FilterParser.parse("create_time_since_epoch " + op + " 10")).isInstanceOf(Comparison.class);
    }
    assertThat(FilterParser.parse("name NOT LIKE 'a%'")).isEqualTo(new Like(
        new AttributeRef(null, Attribute.NAME, 1), new StringLiteral("a%", 15), true));
    assertThat(FilterParser.parse("id NOT IN (1, 2)")).isInstanceOf(In.class);
    assertThat(FilterParser.parse("external_id IS NULL")).isInstanceOf(IsNull.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                                          | 1  | empty filter
      id =                                        | 5  | expected a value but found the end of the filter
      id = 5 name = 'x'                           | 8  | unexpected 'name'
      nme = 'x'                                   | 1  | unknown attribute 'nme'
      id = 'x'                                    | 6  | does not fit an integer operand
      name = 5                                    | 8  | does not fit a string operand
      state = ALIVE                               | 9  | 'ALIVE' is not an artifact state value
      state = 'LIVE'                              | 9  | does not fit an artifact state operand
      id LIKE '1'                                 | 4  | LIKE needs a string operand
      (id = 1                                     | 8  | expected ')' but found the end
      id IN ()                                    | 8  | IN needs at least one value
      id IN (1 2)                                 | 10 | expected ',' or ')'
      name = 'abc                                 | 8  | unterminated string
      properties.p.int = 1                        | 14 | expected int_value, double_value, string_value or bool_value
      properties.`a b.int_value = 1               | 12 | unterminated back-quoted name
      contexts_.name = 'x'                        | 1  | missing alias after contexts_
      events_e.name = 'x'                         | 10 | unknown attribute 'name'
      id = 1 AND                                  | 11 | expected an attribute or property but found the end
      id ! 1                                      | 4  | unexpected character '!'
      id = 1; DROP TABLE artifact                 | 7  | unexpected character ';'
      id = 99999999999999999999                   | 6  | integer out of range
      id IS 5                                     | 7  | expected NULL
      properties.p.bool_value = 1                 | 27 | does not fit a boolean operand
      contexts_a.properties.x.int_value = 1       | 12 | properties of contexts_a cannot be filtered
      id BETWEEN 1 AND 2                          | 4  | expected a comparison, LIKE, IN or IS
      """)
  void rejectsInvalidFiltersNamingThePosition(String filter, int position, String problem) {
    assertThatThrownBy(() -> FilterParser.parse(filter))
        .isInstanceOfSatisfying(PedigreeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(problem)
        .hasMessageEndingWith("at position " + position);
  }

  @Test
  void rejectsPathologicalNesting() {
    String deep = "(".repeat(500) + "id = 1" + ")".repeat(500);
    assertThatThrownBy(() -> FilterParser.parse(deep))
        .isInstanceOf(PedigreeException.class)
        .hasMessageContaining("nested deeper than");
  }
}
