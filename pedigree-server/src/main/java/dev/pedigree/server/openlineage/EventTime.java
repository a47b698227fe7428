package dev.pedigree.server.openlineage;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Event times in milliseconds since the epoch. Producers send ISO-8601 date-times, nearly always as
 * {@code 2026-01-31T12:00:00.123Z} or with a {@code +HH:MM} offset; that shape is read by hand
 * (java.time's formatter cost a few percent of a request's CPU), anything else by
 * {@link OffsetDateTime#parse}, and a time without an offset as UTC.
 */
final class EventTime {
  private EventTime() {}

  /**
   * The time in ms since the epoch.
   *
   * @throws DateTimeParseException if it is not an ISO-8601 date-time
   */
  static long millis(String text) {
    long fast = common(text);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)} with valid fields, as ms since the epoch;
   * {@code Long.MIN_VALUE} for anything else, which the general parser then decides on.
   */
  private static long common(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    int at = 19;
    long millis = 0;
    if (text.charAt(at) == '.') {
      int from = ++at;
      while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        if (at - from < 3) {
          millis = millis * 10 + (text.charAt(at) - '0');
        }
        at++;
      }
      int fractionDigits = at - from;
      if (fractionDigits < 1 || fractionDigits > 9) {
        return Long.MIN_VALUE;
      }
      for (int d = fractionDigits; d < 3; d++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (at == length - 1 && text.charAt(at) == 'Z') {
      offsetSeconds = 0;
    } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':') {
      int offsetHours = digits(text, at + 1, 2);
      int offsetMinutes = digits(text, at + 4, 2);
      if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59
          || offsetHours == 18 && offsetMinutes > 0) {
        return Long.MIN_VALUE;
      }
      offsetSeconds = (text.charAt(at) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return Long.MIN_VALUE;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return Long.MIN_VALUE;
    }
    long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second
        - offsetSeconds;
    return seconds * 1000 + millis;
  }

  /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
