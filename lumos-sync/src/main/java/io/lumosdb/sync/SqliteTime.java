package io.lumosdb.sync;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Reads SQLite's time values (https://www.sqlite.org/lang_datefunc.html, "Time Values"):
 * {@code YYYY-MM-DD}, then optionally {@code HH:MM}, {@code :SS}, a fraction, with {@code ' '} or
 * {@code 'T'} between date and time, and an optional {@code Z} or {@code ±HH:MM} zone. Values with a
 * zone are converted to UTC, the zone in which Lumos-DB stores timestamps.
 */
public final class SqliteTime {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    private SqliteTime() {}

    /**
     * @param text a SQLite time value
     * @return the UTC date-time it denotes
     * @throws java.time.format.DateTimeParseException if {@code text} is not a SQLite time value
     */
    public static LocalDateTime parseTimestamp(String text) {
        var parsed = FORMAT.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
        if (parsed instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return (LocalDateTime) parsed;
    }
}
