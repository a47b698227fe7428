package dev.pedigree.store.query;

import static dev.pedigree.store.query.FilterLexer.error;
import static java.util.Objects.requireNonNull;

import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.EventType;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.query.FilterExpression.ComparisonOperator;
import dev.pedigree.store.query.FilterLexer.Kind;
import dev.pedigree.store.query.FilterLexer.Token;
import dev.pedigree.store.query.Literal.BoolLiteral;
import dev.pedigree.store.query.Literal.DoubleLiteral;
import dev.pedigree.store.query.Literal.EnumLiteral;
import dev.pedigree.store.query.Literal.IntLiteral;
import dev.pedigree.store.query.Literal.StringLiteral;
import dev.pedigree.store.query.Operand.AttributeRef;
import dev.pedigree.store.query.Operand.PropertyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses MLMD's {@code filter_query} language into a {@link FilterExpression}.
 *
 * <pre>
 * filter     := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | '(' filter ')' | predicate
 * predicate  := operand ( op literal | [NOT] LIKE string | [NOT] IN '(' literal (',' literal)* ')'
 *                       | IS [NOT] NULL )
 * op         := '=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * operand    := attribute | neighbour '.' attribute
 *             | (properties | custom_properties) '.' name '.' (int_value | double_value | string_value | bool_value)
 * neighbour  := (contexts_ | artifacts_ | executions_ | parent_contexts_ | child_contexts_ | events_) alias
 * literal    := 'string' | "string" | integer | decimal | TRUE | FALSE | ENUM_NAME
 * </pre>
 *
 * Keywords are case-insensitive; attribute names and enum literals are not. Names with characters
 * outside {@code [0-9A-Za-z_]} are back-quoted: {@code custom_properties.`my:prop`.bool_value}.
 * Every literal is checked against its operand's type, so the tree is well-typed. Whether an
 * attribute or neighbour exists for a given node kind (only artifacts have {@code uri}) is checked
 * when the tree is rendered for that kind. Any error is an INVALID_ARGUMENT {@link PedigreeException}
 * whose message names the 1-based character position of the problem.
 */
public final class FilterParser {

  private static final int MAX_LENGTH = 64 * 1024;
  private static final int MAX_DEPTH = 100;

  private final List<Token> tokens;
  private int next;
  private int depth;

  private FilterParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses {@code filter}; throws INVALID_ARGUMENT naming the position of the first problem. */
  public static FilterExpression parse(String filter) {
    requireNonNull(filter, "filter");
    if (filter.length() > MAX_LENGTH) {
      throw PedigreeException.invalidArgument(
          "invalid filter_query: length " + filter.length() + " (expected: at most " + MAX_LENGTH + ")");
    }
    FilterParser parser = new FilterParser(FilterLexer.tokenize(filter));
    if (parser.peek().kind() == Kind.END) {
      throw error("empty filter", 1);
    }
    FilterExpression expression = parser.or();
    Token rest = parser.peek();
    if (rest.kind() != Kind.END) {
      throw error("unexpected '" + rest.text() + "'", rest.position());
    }
    return expression;
  }

  private FilterExpression or() {
    FilterExpression left = and();
    while (isKeyword(peek(), "OR")) {
      advance();
      left = new FilterExpression.Or(left, and());
    }
    return left;
  }

  private FilterExpression and() {
    FilterExpression left = not();
    while (isKeyword(peek(), "AND")) {
      advance();
      left = new FilterExpression.And(left, not());
    }
    return left;
  }

  private FilterExpression not() {
    Token token = peek();
    if (++depth > MAX_DEPTH) {
      throw error("expression nested deeper than " + MAX_DEPTH, token.position());
    }
    try {
      if (isKeyword(token, "NOT")) {
        advance();
        return new FilterExpression.Not(not());
      }
      if (token.kind() == Kind.LPAREN) {
        advance();
        FilterExpression inner = or();
        expect(Kind.RPAREN, "')'");
        return inner;
      }
      return predicate();
    } finally {
      depth--;
    }
  }

  private FilterExpression predicate() {
    Operand operand = operand();
    Token token = peek();
    if (token.kind() == Kind.OPERATOR) {
      advance();
      return new FilterExpression.Comparison(operand, operator(token.text()), literal(operand));
    }
    if (isKeyword(token, "IS")) {
      advance();
      boolean negated = acceptKeyword("NOT");
      Token nullToken = peek();
      if (!isKeyword(nullToken, "NULL")) {
        throw error("expected NULL but found " + describe(nullToken), nullToken.position());
      }
      advance();
      return new FilterExpression.IsNull(operand, negated);
    }
    boolean negated = acceptKeyword("NOT");
    Token keyword = peek();
    if (isKeyword(keyword, "LIKE")) {
      advance();
      if (operand.valueType() != ValueType.STRING) {
        throw error("LIKE needs a string operand, not " + typeName(operand.valueType()), keyword.position());
      }
      Token pattern = peek();
      if (pattern.kind() != Kind.STRING) {
        throw error("expected a string pattern after LIKE but found " + describe(pattern), pattern.position());
      }
      advance();
      return new FilterExpression.Like(operand, new StringLiteral(pattern.text(), pattern.position()), negated);
    }
    if (isKeyword(keyword, "IN")) {
      advance();
      expect(Kind.LPAREN, "'(' after IN");
      if (peek().kind() == Kind.RPAREN) {
        throw error("IN needs at least one value", peek().position());
      }
      List<Literal> values = new ArrayList<>();
      values.add(literal(operand));
      while (peek().kind() == Kind.COMMA) {
        advance();
        values.add(literal(operand));
      }
      expect(Kind.RPAREN, "',' or ')'");
      return new FilterExpression.In(operand, values, negated);
    }
    throw error("expected a comparison, LIKE, IN or IS after the operand but found " + describe(keyword),
        keyword.position());
  }

  private Operand operand() {
    Token first = peek();
    if (first.kind() != Kind.WORD || isReservedWord(first.text())) {
      throw error("expected an attribute or property but found " + describe(first), first.position());
    }
    advance();
    String word = first.text();
    if (word.equals("properties") || word.equals("custom_properties")) {
      return property(first);
    }
    Neighbour neighbour = neighbour(first);
    if (neighbour == null) {
      return new AttributeRef(null, attribute(first, false), first.position());
    }
    expect(Kind.DOT, "'.' after " + word);
    Token name = peek();
    if (name.kind() != Kind.WORD) {
      throw error("expected an attribute of " + word + " but found " + describe(name), name.position());
    }
    advance();
    if (name.text().equals("properties") || name.text().equals("custom_properties")) {
      throw error("properties of " + word + " cannot be filtered", name.position());
    }
    return new AttributeRef(neighbour, attribute(name, neighbour.kind() == Neighbour.Kind.EVENTS),
        first.position());
  }

  private PropertyRef property(Token first) {
    Operand.Scope scope = first.text().equals("properties")
        ? Operand.Scope.PROPERTIES : Operand.Scope.CUSTOM_PROPERTIES;
    expect(Kind.DOT, "'.' after " + first.text());
    Token name = peek();
    if (name.kind() != Kind.WORD && name.kind() != Kind.QUOTED_NAME) {
      throw error("expected a property name (back-quote names with other characters than [0-9A-Za-z_]) but found "
          + describe(name), name.position());
    }
    advance();
    expect(Kind.DOT, "'.' and a value kind after the property name");
    Token kind = peek();
    ValueType type = kind.kind() != Kind.WORD ? null : switch (kind.text()) {
      case "int_value" -> ValueType.INT;
      case "double_value" -> ValueType.DOUBLE;
      case "string_value" -> ValueType.STRING;
      case "bool_value" -> ValueType.BOOL;
      default -> null;
    };
    if (type == null) {
      throw error("expected int_value, double_value, string_value or bool_value but found " + describe(kind),
          kind.position());
    }
    advance();
    return new PropertyRef(name.text(), scope, type, first.position());
  }

  private static @Nullable Neighbour neighbour(Token word) {
    for (Neighbour.Kind kind : Neighbour.Kind.values()) {
      if (word.text().startsWith(kind.prefix())) {
        String alias = word.text().substring(kind.prefix().length());
        if (alias.isEmpty()) {
          throw error("missing alias after " + kind.prefix(), word.position());
        }
        return new Neighbour(kind, alias);
      }
    }
    return null;
  }

  private static Attribute attribute(Token name, boolean ofEvent) {
    for (Attribute attribute : Attribute.values()) {
      if (attribute.isEventAttribute() == ofEvent && attribute.text().equals(name.text())) {
        return attribute;
      }
    }
    throw error("unknown attribute '" + name.text() + "'", name.position());
  }

  private Literal literal(Operand operand) {
    Token token = peek();
    ValueType type = operand.valueType();
    Literal literal = switch (token.kind()) {
      case STRING -> type == ValueType.STRING ? new StringLiteral(token.text(), token.position()) : null;
      case INT -> type.isNumeric() ? new IntLiteral(parseLong(token), token.position()) : null;
      case DOUBLE -> type == ValueType.DOUBLE || type == ValueType.INT
          ? new DoubleLiteral(Double.parseDouble(token.text()), token.position()) : null;
      case WORD -> wordLiteral(token, type);
      default -> throw error("expected a value but found " + describe(token), token.position());
    };
    if (literal == null) {
      throw error(describe(token) + " does not fit " + typeName(type) + " operand", token.position());
    }
    advance();
    return literal;
  }

  private static @Nullable Literal wordLiteral(Token token, ValueType type) {
    String word = token.text();
    if (word.equalsIgnoreCase("TRUE") || word.equalsIgnoreCase("FALSE")) {
      return type == ValueType.BOOL ? new BoolLiteral(word.equalsIgnoreCase("TRUE"), token.position()) : null;
    }
    if (!type.isEnum()) {
      return null;
    }
    Integer number = enumNumber(type, word);
    if (number == null) {
      throw error("'" + word + "' is not " + typeName(type) + " value", token.position());
    }
    return new EnumLiteral(word, number, token.position());
  }

  private static @Nullable Integer enumNumber(ValueType type, String name) {
    try {
      return switch (type) {
        case ARTIFACT_STATE -> ArtifactState.valueOf(name).number();
        case EXECUTION_STATE -> ExecutionState.valueOf(name).number();
        case EVENT_TYPE -> EventType.valueOf(name).number();
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long parseLong(Token token) {
    try {
      return Long.parseLong(token.text());
    } catch (NumberFormatException e) {
      throw error("integer out of range: " + token.text(), token.position());
    }
  }

  private static ComparisonOperator operator(String text) {
    return switch (text) {
      case "=" -> ComparisonOperator.EQ;
      case "!=" -> ComparisonOperator.NE;
      case "<" -> ComparisonOperator.LT;
      case "<=" -> ComparisonOperator.LE;
      case ">" -> ComparisonOperator.GT;
      case ">=" -> ComparisonOperator.GE;
      default -> throw new IllegalStateException("operator: " + text);
    };
  }

  private static String typeName(ValueType type) {
    return switch (type) {
      case INT -> "an integer";
      case DOUBLE -> "a double";
      case STRING -> "a string";
      case BOOL -> "a boolean";
      case ARTIFACT_STATE -> "an artifact state";
      case EXECUTION_STATE -> "an execution state";
      case EVENT_TYPE -> "an event type";
    };
  }

  private static String describe(Token token) {
    return switch (token.kind()) {
      case END -> "the end of the filter";
      case STRING -> "string '" + token.text() + "'";
      case QUOTED_NAME -> "`" + token.text() + "`";
      default -> "'" + token.text() + "'";
    };
  }

  private static boolean isReservedWord(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "AND", "OR", "NOT", "LIKE", "IN", "IS", "NULL", "TRUE", "FALSE" -> true;
      default -> false;
    };
  }

  private static boolean isKeyword(Token token, String keyword) {
    return token.kind() == Kind.WORD && token.text().equalsIgnoreCase(keyword);
  }

  private boolean acceptKeyword(String keyword) {
    if (isKeyword(peek(), keyword)) {
      advance();
      return true;
    }
    return false;
  }

  private void expect(Kind kind, String what) {
    Token token = peek();
    if (token.kind() != kind) {
      throw error("expected " + what + " but found " + describe(token), token.position());
    }
    advance();
  }

  private Token peek() {
    return tokens.get(next);
  }

  private void advance() {
    if (next < tokens.size() - 1) {
      next++;
    }
  }
}
