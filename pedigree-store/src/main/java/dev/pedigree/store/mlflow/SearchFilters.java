package dev.pedigree.store.mlflow;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.SearchClause.Comparator;
import dev.pedigree.store.mlflow.SearchClause.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's search-filter language: {@code clause (AND clause)*}, each clause an identifier with an
 * optional entity prefix ({@code metrics.}, {@code params.}, {@code tags.}, {@code attributes.},
 * {@code datasets.}; keys bare, {@code `backticked`} or {@code "double-quoted"}), a comparator and a
 * value (quoted string, number or parenthesised list). No OR, NOT or parentheses, as upstream. The
 * result is a typed AST that the store turns into parameterised SQL; user text is never spliced
 * into a statement.
 */
public final class SearchFilters {

  private SearchFilters() {}

  /** The clauses of {@code filter}; empty for a blank filter. */
  public static List<SearchClause> parse(@Nullable String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    Lexer lexer = new Lexer(filter);
    List<SearchClause> clauses = new ArrayList<>();
    while (true) {
      clauses.add(clause(lexer, filter));
      Token next = lexer.next();
      if (next == null) {
        return clauses;
      }
      if (!next.isWord("AND")) {
        throw invalid(filter, "expected AND between clauses, got '" + next.text + "'");
      }
    }
  }

  /** One {@code order_by} term such as {@code metrics.rmse DESC} or {@code start_time}. */
  public static OrderKey parseOrderBy(String orderBy) {
    Lexer lexer = new Lexer(orderBy);
    Token first = lexer.next();
    if (first == null) {
      throw PedigreeException.invalidArgument("Invalid order_by clause '" + orderBy + "'");
    }
    Identifier identifier = identifier(first, lexer, orderBy);
    boolean ascending = true;
    Token direction = lexer.next();
    if (direction != null) {
      if (direction.isWord("ASC")) {
        ascending = true;
      } else if (direction.isWord("DESC")) {
        ascending = false;
      } else {
        throw PedigreeException.invalidArgument("Invalid order_by clause '" + orderBy
            + "': expected ASC or DESC after the key");
      }
      if (lexer.next() != null) {
        throw PedigreeException.invalidArgument("Invalid order_by clause '" + orderBy + "'");
      }
    }
    return new OrderKey(identifier.entity, identifier.key, ascending);
  }

  private record Identifier(Entity entity, String key) {}

  private static SearchClause clause(Lexer lexer, String filter) {
    Token first = lexer.next();
    if (first == null) {
      throw invalid(filter, "a clause is missing");
    }
    Identifier identifier = identifier(first, lexer, filter);
    Token op = lexer.next();
    if (op == null) {
      throw invalid(filter, "a comparator is missing after '" + identifier.key + "'");
    }
    if (op.isWord("IS")) {
      Token not = lexer.next();
      boolean negated = not != null && not.isWord("NOT");
      Token nul = negated ? lexer.next() : not;
      if (nul == null || !nul.isWord("NULL")) {
        throw invalid(filter, "expected IS NULL or IS NOT NULL");
      }
      return new SearchClause(identifier.entity, identifier.key,
          negated ? Comparator.IS_NOT_NULL : Comparator.IS_NULL, null);
    }
    Comparator comparator;
    if (op.kind == Kind.OPERATOR) {
      comparator = switch (op.text) {
        case "=", "==" -> Comparator.EQ;
        case "!=", "<>" -> Comparator.NE;
        case ">" -> Comparator.GT;
        case ">=" -> Comparator.GE;
        case "<" -> Comparator.LT;
        case "<=" -> Comparator.LE;
        default -> throw invalid(filter, "unknown comparator '" + op.text + "'");
      };
    } else if (op.isWord("LIKE")) {
      comparator = Comparator.LIKE;
    } else if (op.isWord("ILIKE")) {
      comparator = Comparator.ILIKE;
    } else if (op.isWord("IN")) {
      comparator = Comparator.IN;
    } else if (op.isWord("NOT")) {
      Token in = lexer.next();
      if (in == null || !in.isWord("IN")) {
        throw invalid(filter, "expected IN after NOT");
      }
      comparator = Comparator.NOT_IN;
    } else {
      throw invalid(filter, "unknown comparator '" + op.text + "'");
    }
    Object value;
    if (comparator == Comparator.IN || comparator == Comparator.NOT_IN) {
      value = list(lexer, filter);
    } else {
      Token literal = lexer.next();
      if (literal == null) {
        throw invalid(filter, "a value is missing after " + comparator.text());
      }
      value = switch (literal.kind) {
        case STRING -> literal.text;
        case NUMBER -> Double.parseDouble(literal.text);
        default -> throw invalid(filter, "expected a quoted string or a number, got '" + literal.text + "'");
      };
    }
    return new SearchClause(identifier.entity, identifier.key, comparator, value);
  }

  private static List<String> list(Lexer lexer, String filter) {
    Token open = lexer.next();
    if (open == null || open.kind != Kind.OPEN) {
      throw invalid(filter, "expected '(' to start an IN list");
    }
    List<String> items = new ArrayList<>();
    while (true) {
      Token item = lexer.next();
      if (item == null || item.kind != Kind.STRING) {
        throw invalid(filter, "IN list items must be quoted strings");
      }
      items.add(item.text);
      Token separator = lexer.next();
      if (separator == null) {
        throw invalid(filter, "unterminated IN list");
      }
      if (separator.kind == Kind.CLOSE) {
        return items;
      }
      if (separator.kind != Kind.COMMA) {
        throw invalid(filter, "expected ',' or ')' in an IN list");
      }
    }
  }

  private static Identifier identifier(Token first, Lexer lexer, String text) {
    if (first.kind == Kind.QUOTED_KEY) {
      return new Identifier(Entity.ATTRIBUTE, first.text);
    }
    if (first.kind != Kind.WORD) {
      throw invalid(text, "expected an identifier, got '" + first.text + "'");
    }
    String word = first.text;
    // "run name" / "Run Name": the run-name alias with a space.
    if (word.equalsIgnoreCase("run") && lexer.peekWord("name")) {
      lexer.next();
      return new Identifier(Entity.ATTRIBUTE, "run_name");
    }
    int dot = word.indexOf('.');
    if (dot < 0) {
      return new Identifier(Entity.ATTRIBUTE, word);
    }
    Entity entity = entity(word.substring(0, dot));
    if (entity == null) {
      // A dotted bare word without a known prefix is an attribute name as written.
      return new Identifier(Entity.ATTRIBUTE, word);
    }
    String rest = word.substring(dot + 1);
    if (rest.isEmpty()) {
      Token key = lexer.nextKeyPart();
      if (key == null) {
        throw invalid(text, "a key is missing after '" + word + "'");
      }
      rest = key.text;
    }
    return new Identifier(entity, rest);
  }

  private static @Nullable Entity entity(String prefix) {
    return switch (prefix.toLowerCase(Locale.ROOT)) {
      case "metric", "metrics" -> Entity.METRIC;
      case "param", "params", "parameter", "parameters" -> Entity.PARAM;
      case "tag", "tags" -> Entity.TAG;
      case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
      case "dataset", "datasets" -> Entity.DATASET;
      default -> null;
    };
  }

  private static PedigreeException invalid(String filter, String reason) {
    return PedigreeException.invalidArgument("Invalid clause(s) in filter string: '" + filter + "': " + reason);
  }

  private enum Kind { WORD, QUOTED_KEY, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA }

  private record Token(Kind kind, String text) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  /** Splits filter text into tokens; quotes are resolved here, so values never reach SQL as text. */
  private static final class Lexer {
    private final String text;
    private int position;
    private @Nullable Token lastToken;

    Lexer(String text) {
      this.text = text;
    }

    boolean peekWord(String word) {
      int saved = position;
      Token saveLast = lastToken;
      Token next = next();
      position = saved;
      lastToken = saveLast;
      return next != null && next.isWord(word);
    }

    /** A key after {@code prefix.}: backticked or double-quoted. */
    @Nullable Token nextKeyPart() {
      if (position < text.length() && (text.charAt(position) == '`' || text.charAt(position) == '"')) {
        String key = quoted(text.charAt(position));
        return new Token(Kind.QUOTED_KEY, key);
      }
      return null;
    }

    @Nullable Token next() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      if (position >= text.length()) {
        return null;
      }
      char c = text.charAt(position);
      Token token;
      if (c == '\'') {
        token = new Token(Kind.STRING, quoted('\''));
      } else if (c == '"') {
        // A double-quoted token is a value after a comparator, otherwise a key.
        boolean value = lastToken != null && (lastToken.kind == Kind.OPERATOR || lastToken.isWord("LIKE")
            || lastToken.isWord("ILIKE") || lastToken.kind == Kind.OPEN || lastToken.kind == Kind.COMMA);
        token = new Token(value ? Kind.STRING : Kind.QUOTED_KEY, quoted('"'));
      } else if (c == '`') {
        token = new Token(Kind.QUOTED_KEY, quoted('`'));
      } else if (c == '(') {
        position++;
        token = new Token(Kind.OPEN, "(");
      } else if (c == ')') {
        position++;
        token = new Token(Kind.CLOSE, ")");
      } else if (c == ',') {
        position++;
        token = new Token(Kind.COMMA, ",");
      } else if ("=!<>".indexOf(c) >= 0) {
        int start = position++;
        if (position < text.length() && "=>".indexOf(text.charAt(position)) >= 0) {
          position++;
        }
        token = new Token(Kind.OPERATOR, text.substring(start, position));
      } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && position + 1 < text.length()
          && (Character.isDigit(text.charAt(position + 1)) || text.charAt(position + 1) == '.'))) {
        int start = position++;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
            || text.charAt(position) == '.' || ((text.charAt(position) == '-' || text.charAt(position) == '+')
                && Character.toLowerCase(text.charAt(position - 1)) == 'e'))) {
          position++;
        }
        String number = text.substring(start, position);
        try {
          Double.parseDouble(number);
        } catch (NumberFormatException e) {
          throw invalid(text, "'" + number + "' is not a number");
        }
        token = new Token(Kind.NUMBER, number);
      } else if (Character.isLetter(c) || c == '_') {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
            || "_.-:/".indexOf(text.charAt(position)) >= 0)) {
          if (text.charAt(position) == '.' && position + 1 < text.length()
              && (text.charAt(position + 1) == '`' || text.charAt(position + 1) == '"')) {
            position++;
            break;
          }
          position++;
        }
        token = new Token(Kind.WORD, text.substring(start, position));
      } else {
        throw invalid(text, "unexpected character '" + c + "'");
      }
      lastToken = token;
      return token;
    }

    private String quoted(char quote) {
      int start = ++position;
      StringBuilder value = new StringBuilder();
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (c == quote) {
          if (position < text.length() && text.charAt(position) == quote) {
            value.append(quote);
            position++;
            continue;
          }
          return value.toString();
        }
        if (c == '\\' && position < text.length()) {
          value.append(text.charAt(position++));
          continue;
        }
        value.append(c);
      }
      throw invalid(text, "unterminated quote starting at " + (start - 1));
    }
  }
}
