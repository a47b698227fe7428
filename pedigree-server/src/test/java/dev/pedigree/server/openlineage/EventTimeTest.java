package dev.pedigree.server.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimeTest {
  /** What event times meant before the hand-written reader: java.time's ISO parsers. */
  private static long javaTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  @Test
  void readsTheCommonShapesAsJavaTimeDoes() {
    List<String> times = List.of("2026-01-31T12:00:00.000Z", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00.1Z",
        "2026-01-31T12:00:00.12Z", "2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00.999999999+05:30",
        "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000-00:00", "0001-01-01T00:00:00Z",
        "2024-02-29T23:59:59.5-18:00", "9999-12-31T23:59:59.999+18:00", "2026-01-31T12:00:00.000001-03:45");
    for (String time : times) {
      assertThat(EventTime.millis(time)).as(time).isEqualTo(javaTime(time));
    }
  }

  @Test
  void leavesOtherShapesToJavaTime() {
    List<String> times = List.of("2026-01-31T12:00Z", "2026-01-31T12:00:00", "2026-01-31t12:00:00z",
        "2026-01-31T12:00:00.123", "2026-01-31T12:00:00+05:30:15", "+12026-01-31T12:00:00Z", "2026-01-31T12:00:00.Z");
    for (String time : times) {
      assertThat(EventTime.millis(time)).as(time).isEqualTo(javaTime(time));
    }
  }

  @Test
  void refusesWhatJavaTimeRefuses() {
    List<String> times = List.of("2026-02-30T12:00:00Z", "2023-02-29T00:00:00Z", "2026-13-01T12:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T12:60:00Z", "2026-01-31T12:00:60Z",
        "2026-01-31T12:00:00.1234567890Z", "2026-01-31T12:00:00+19:00", "2026-01-31T12:00:00+18:01",
        "2026-01-31T12:00:00+05:60", "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", "2026-01-31T12:00:00ZZ",
        "2026-01-31T12:00:00.1a2Z", "２０２６-01-31T12:00:00Z", "yesterday", "");
    for (String time : times) {
      assertThatThrownBy(() -> javaTime(time)).as(time).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> EventTime.millis(time)).as(time).isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
          random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      String time = instant.atOffset(offset).toString();
      assertThat(EventTime.millis(time)).as(time).isEqualTo(javaTime(time));
    }
  }
}
