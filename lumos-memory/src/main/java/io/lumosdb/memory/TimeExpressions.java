package io.lumosdb.memory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a question refers to, resolved against the time line: "in May 2023", "last May", "early June",
 * "three weeks ago", "last weekend", "yesterday", "in the summer of 2023", "in 2022", "on 8 May 2023", or a
 * span before or after an event named in the question ("shortly before the trip to Lisbon": the event is
 * found by recall, then its time is the anchor). English only; dates in UTC; an unrecognised question has no
 * window, and recall ranks as without one.
 *
 * <pre>{@code
 * TimeExpressions.Window w = TimeExpressions.find("What did Priya paint last May?", Instant.parse("2023-10-01T00:00:00Z"));
 * // w.from() = 2023-05-01, w.to() = 2023-06-01
 * }</pre>
 *
 * <p>Resolution follows how people speak: "last May" is the most recent May before this month, "in May"
 * without a year the most recent May up to now, "N months ago" the month that many back, give or take half
 * of one.
 */
final class TimeExpressions {
    /** A time window [from, to), or an anchor phrase whose time is still to be found. */
    record Window(Instant from, Instant to, String anchor, boolean before, Duration span) {
        boolean anchored() {
            return anchor != null;
        }

        /** The window around an anchor found at {@code at}. */
        Window around(Instant at) {
            if (span == null) { // "before joining X": any time before it
                return before ? new Window(Instant.EPOCH, at.plus(Duration.ofDays(1)), null, true, null)
                        : new Window(at, Instant.MAX, null, false, null);
            }
            return before ? new Window(at.minus(span), at.plus(Duration.ofDays(1)), null, true, span)
                    : new Window(at, at.plus(span), null, false, span);
        }
    }

    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
    private static final String NUMBER = "\\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|a couple of|a few|several";
    private static final Map<String, Integer> WORDS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("a couple of", 2), Map.entry("a few", 3), Map.entry("several", 4));

    private static final Pattern ANCHOR = Pattern.compile("\\b(shortly|just|right|soon|the (?:day|week|month)|a (?:day|week|month)"
            + "|a few (?:days|weeks)|(?:" + NUMBER + ") (?:days?|weeks?|months?))? ?(before|after|since|prior to) (.{3,})$");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(" + MONTHS + ")(?:,? (\\d{4}))?\\b");
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile("\\b(" + MONTHS + ") (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b");
    private static final Pattern PART_MONTH = Pattern.compile("\\b(last |this |in |during )?(early|mid|late|the (?:start|beginning|middle|end) of)"
            + "[ -](" + MONTHS + ")(?: (\\d{4}))?\\b");
    private static final Pattern MONTH = Pattern.compile("\\b(last |this |in |during |of )?(" + MONTHS + ")(?:,? (\\d{4}))?\\b");
    private static final Pattern SEASON = Pattern.compile("\\b(last |this |in |during )?(?:the )?(spring|summer|autumn|fall|winter)"
            + "(?: of)?(?: (\\d{4}))?\\b");
    private static final Pattern AGO = Pattern.compile("\\b(" + NUMBER + ") (days?|weeks?|months?|years?) ago\\b");
    private static final Pattern RELATIVE = Pattern.compile("\\b(yesterday|today|tonight|this morning|last night|last weekend"
            + "|this weekend|last week|this week|last month|this month|last year|this year)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(?:in|during|of|since) ((?:19|20)\\d{2})\\b");

    private TimeExpressions() {}

    /** The window {@code question} refers to, as of {@code now}; null when it names no time. */
    static Window find(String question, Instant now) {
        String q = question.toLowerCase(Locale.ROOT).replaceAll("[?!.]+\\s*$", "").replaceAll("\\s+", " ");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Matcher m = ANCHOR.matcher(q);
        if (m.find()) {
            Window own = dated(q.substring(m.start(2)), today);
            if (own != null) { // "before May 2023": a date, not an event
                return m.group(2).equals("before") || m.group(2).equals("prior to")
                        ? new Window(Instant.EPOCH, own.from(), null, true, null) : new Window(own.to(), now, null, false, null);
            }
            boolean before = !m.group(2).equals("after") && !m.group(2).equals("since");
            return new Window(null, null, question.substring(m.start(3)).replaceAll("[?!.]+\\s*$", "").strip(), before,
                    span(m.group(1)));
        }
        return dated(q, today);
    }

    private static Window dated(String q, LocalDate today) {
        Matcher m = DAY_MONTH_YEAR.matcher(q);
        if (m.find()) {
            return day(today, month(m.group(2)), Integer.parseInt(m.group(1)), m.group(3));
        }
        m = MONTH_DAY_YEAR.matcher(q);
        if (m.find() && !m.group(1).equals("may")) { // "may 3" is too often "may three"
            return day(today, month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
        }
        m = PART_MONTH.matcher(q);
        if (m.find()) {
            LocalDate first = monthStart(today, month(m.group(3)), m.group(4), "last ".equals(m.group(1)));
            String part = m.group(2);
            int from = part.equals("early") || part.contains("start") || part.contains("beginning") ? 1
                    : part.equals("mid") || part.contains("middle") ? 11 : 21;
            LocalDate end = from == 21 ? first.plusMonths(1) : first.withDayOfMonth(from + 10);
            return window(first.withDayOfMonth(from), end);
        }
        m = RELATIVE.matcher(q);
        if (m.find()) {
            return relative(m.group(1), today);
        }
        m = AGO.matcher(q);
        if (m.find()) {
            int n = m.group(1).matches("\\d+") ? Integer.parseInt(m.group(1)) : WORDS.get(m.group(1));
            String unit = m.group(2);
            LocalDate center = unit.startsWith("day") ? today.minusDays(n) : unit.startsWith("week") ? today.minusWeeks(n)
                    : unit.startsWith("month") ? today.minusMonths(n) : today.minusYears(n);
            int half = unit.startsWith("day") ? 1 : unit.startsWith("week") ? 4 : unit.startsWith("month") ? 16 : 183;
            return window(center.minusDays(half), center.plusDays(half));
        }
        m = SEASON.matcher(q);
        if (m.find()) {
            return season(today, m.group(2), m.group(3), "last ".equals(m.group(1)));
        }
        m = MONTH.matcher(q);
        while (m.find()) {
            // "may" alone is a verb too: only with a year or a word that makes it a month
            if (!m.group(2).equals("may") || m.group(1) != null || m.group(3) != null) {
                LocalDate first = monthStart(today, month(m.group(2)), m.group(3), "last ".equals(m.group(1)));
                return window(first, first.plusMonths(1));
            }
        }
        m = YEAR.matcher(q);
        if (m.find()) {
            LocalDate first = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
            return window(first, first.plusYears(1));
        }
        return null;
    }

    private static Window relative(String what, LocalDate today) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return switch (what) {
            case "yesterday", "last night" -> window(today.minusDays(1), today.plusDays(1));
            case "today", "tonight", "this morning" -> window(today, today.plusDays(1));
            case "last weekend" -> window(monday.minusDays(2), monday.plusDays(1));
            case "this weekend" -> window(monday.plusDays(5), monday.plusDays(8));
            case "last week" -> window(monday.minusWeeks(1), monday);
            case "this week" -> window(monday, today.plusDays(1));
            case "last month" -> window(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
            case "this month" -> window(today.withDayOfMonth(1), today.plusDays(1));
            case "last year" -> window(today.withDayOfYear(1).minusYears(1), today.withDayOfYear(1));
            default -> window(today.withDayOfYear(1), today.plusDays(1)); // this year
        };
    }

    private static Window season(LocalDate today, String name, String year, boolean last) {
        int startMonth = switch (name) {
            case "spring" -> 3;
            case "summer" -> 6;
            case "autumn", "fall" -> 9;
            default -> 12;
        };
        LocalDate start;
        if (year != null) {
            start = LocalDate.of(Integer.parseInt(year) - (startMonth == 12 ? 1 : 0), startMonth, 1);
        } else {
            start = LocalDate.of(today.getYear(), startMonth, 1);
            while (start.isAfter(today) || last && !start.plusMonths(3).isBefore(today.plusDays(1))) {
                start = start.minusYears(1);
            }
        }
        return window(start, start.plusMonths(3));
    }

    private static Window day(LocalDate today, Month month, int day, String year) {
        LocalDate first = monthStart(today, month, year, false);
        if (day < 1 || day > first.lengthOfMonth()) {
            return null;
        }
        LocalDate d = first.withDayOfMonth(day);
        return window(d, d.plusDays(1));
    }

    /** The first day of {@code month}: of {@code year}, else the latest such month not after today (before this month if "last"). */
    private static LocalDate monthStart(LocalDate today, Month month, String year, boolean last) {
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), month, 1);
        }
        LocalDate first = LocalDate.of(today.getYear(), month, 1);
        LocalDate thisMonth = today.withDayOfMonth(1);
        while (first.isAfter(thisMonth) || last && first.equals(thisMonth)) {
            first = first.minusYears(1);
        }
        return first;
    }

    private static Month month(String name) {
        for (Month m : Month.values()) {
            if (m.name().toLowerCase(Locale.ROOT).startsWith(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a month: " + name);
    }

    private static Duration span(String phrase) {
        if (phrase == null) {
            return null;
        }
        if (phrase.equals("shortly") || phrase.equals("just") || phrase.equals("right") || phrase.equals("soon")) {
            return Duration.ofDays(28);
        }
        if (phrase.contains("day")) {
            return Duration.ofDays(phrase.contains("few") || phrase.matches("\\w+ days") ? 7 : 2);
        }
        if (phrase.contains("week")) {
            return Duration.ofDays(phrase.contains("few") || phrase.matches(".+ weeks") ? 28 : 10);
        }
        return Duration.ofDays(phrase.matches(".+ months") ? 120 : 35);
    }

    private static Window window(LocalDate from, LocalDate to) {
        return new Window(from.atStartOfDay().toInstant(ZoneOffset.UTC), to.atStartOfDay().toInstant(ZoneOffset.UTC), null, true, null);
    }
}
