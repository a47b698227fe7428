package dev.pedigree.store.query;

import dev.pedigree.model.PedigreeException;
import java.util.ArrayList;
import java.util.List;

/** Splits a filter into tokens; positions are 1-based character offsets. */
final class FilterLexer {

  enum Kind { WORD, STRING, QUOTED_NAME, INT, DOUBLE, OPERATOR, LPAREN, RPAREN, COMMA, DOT, END }

  record Token(Kind kind, String text, int position) {}

  private final String input;
  private int pos;

  private FilterLexer(String input) {
    this.input = input;
  }

  static List<Token> tokenize(String input) {
    return new FilterLexer(input).run();
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
        pos++;
      }
      if (pos >= input.length()) {
        tokens.add(new Token(Kind.END, "", pos + 1));
        return tokens;
      }
      boolean afterDot = !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Kind.DOT;
      tokens.add(next(afterDot));
    }
  }

  private Token next(boolean afterDot) {
    int start = pos;
    char c = input.charAt(pos);
    if (afterDot && isNameChar(c)) {
      // A path segment such as a property name may start with a digit: properties.2x.int_value.
      return new Token(Kind.WORD, readWhile(FilterLexer::isNameChar), start + 1);
    }
    if (isNameChar(c) && !isDigit(c)) {
      return new Token(Kind.WORD, readWhile(FilterLexer::isNameChar), start + 1);
    }
    if (isDigit(c) || (c == '-' && pos + 1 < input.length() && isDigit(input.charAt(pos + 1)))) {
      return number();
    }
    switch (c) {
      case '\'', '"' -> {
        return new Token(Kind.STRING, quoted(c), start + 1);
      }
      case '`' -> {
        String name = quoted('`');
        if (name.isEmpty()) {
          throw error("empty back-quoted name", start + 1);
        }
        return new Token(Kind.QUOTED_NAME, name, start + 1);
      }
      case '(' -> {
        pos++;
        return new Token(Kind.LPAREN, "(", start + 1);
      }
      case ')' -> {
        pos++;
        return new Token(Kind.RPAREN, ")", start + 1);
      }
      case ',' -> {
        pos++;
        return new Token(Kind.COMMA, ",", start + 1);
      }
      case '.' -> {
        pos++;
        return new Token(Kind.DOT, ".", start + 1);
      }
      case '=' -> {
        pos++;
        return new Token(Kind.OPERATOR, "=", start + 1);
      }
      case '!' -> {
        if (peek(1) == '=') {
          pos += 2;
          return new Token(Kind.OPERATOR, "!=", start + 1);
        }
        throw error("unexpected character '!'", start + 1);
      }
      case '<' -> {
        if (peek(1) == '=' || peek(1) == '>') {
          String op = peek(1) == '=' ? "<=" : "!=";
          pos += 2;
          return new Token(Kind.OPERATOR, op, start + 1);
        }
        pos++;
        return new Token(Kind.OPERATOR, "<", start + 1);
      }
      case '>' -> {
        if (peek(1) == '=') {
          pos += 2;
          return new Token(Kind.OPERATOR, ">=", start + 1);
        }
        pos++;
        return new Token(Kind.OPERATOR, ">", start + 1);
      }
      default -> throw error("unexpected character '" + c + "'", start + 1);
    }
  }

  private Token number() {
    int start = pos;
    if (input.charAt(pos) == '-') {
      pos++;
    }
    readWhile(FilterLexer::isDigit);
    boolean isDouble = false;
    if (peek(0) == '.' && isDigit(peek(1))) {
      isDouble = true;
      pos++;
      readWhile(FilterLexer::isDigit);
    }
    if (peek(0) == 'e' || peek(0) == 'E') {
      int mark = pos;
      pos++;
      if (peek(0) == '+' || peek(0) == '-') {
        pos++;
      }
      if (!isDigit(peek(0))) {
        throw error("malformed number exponent", mark + 1);
      }
      readWhile(FilterLexer::isDigit);
      isDouble = true;
    }
    if (isNameChar(peek(0))) {
      throw error("malformed number", start + 1);
    }
    return new Token(isDouble ? Kind.DOUBLE : Kind.INT, input.substring(start, pos), start + 1);
  }

  private String quoted(char quote) {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == quote) {
        return value.toString();
      }
      if (c == '\\') {
        if (pos >= input.length()) {
          break;
        }
        char escaped = input.charAt(pos++);
        switch (escaped) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case 'r' -> value.append('\r');
          case '\\', '\'', '"', '`' -> value.append(escaped);
          default -> throw error("unknown escape sequence '\\" + escaped + "'", pos - 1);
        }
      } else {
        value.append(c);
      }
    }
    throw error("unterminated " + (quote == '`' ? "back-quoted name" : "string"), start + 1);
  }

  private String readWhile(java.util.function.IntPredicate accept) {
    int start = pos;
    while (pos < input.length() && accept.test(input.charAt(pos))) {
      pos++;
    }
    return input.substring(start, pos);
  }

  private char peek(int offset) {
    int at = pos + offset;
    return at < input.length() ? input.charAt(at) : '\0';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  }

  static PedigreeException error(String problem, int position) {
    return PedigreeException.invalidArgument("invalid filter_query: " + problem + " at position " + position);
  }
}
