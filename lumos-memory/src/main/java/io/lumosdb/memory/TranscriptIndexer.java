package io.lumosdb.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * What to index of a transcript: exchanges rather than lone messages. A question goes with the answer that
 * follows it (from another speaker), since "I did! We named him Luna" means nothing without "Did you get a
 * cat?"; a message with fewer than {@value #CONTENT_WORDS} content words ("Haha, love it", "Thanks!") goes with
 * the exchange before it (or, at the start, the one after). Every other message is an exchange of its own. The
 * text of an exchange is its messages as {@code "Speaker: text"} lines: that is what is embedded, searched by
 * keywords and recalled, so a recalled memory says who said what.
 *
 * <p>This is how systems that do well on long-conversation benchmarks index dialogue (a turn with its context);
 * here the context is the adjacent question or reaction, not a fixed window, so no message is repeated in two
 * memories and every message maps to exactly one.
 */
final class TranscriptIndexer {
    /** A message with fewer content words than this is folded into an exchange beside it. */
    static final int CONTENT_WORDS = 3;

    /** One exchange: the messages it holds, the one that carries it (its speaker and time), and its text. */
    record Exchange(List<Integer> messages, int main, String speaker, Instant at, String text) {
        /** What is embedded: the words said, without the speakers' names (see {@link #embedded(String)}). */
        String embedded() {
            return TranscriptIndexer.embedded(text);
        }
    }

    private TranscriptIndexer() {}

    static List<Exchange> exchanges(Transcript t) {
        List<Message> ms = t.messages();
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> mains = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        int i = 0;
        while (i < ms.size()) {
            Message m = ms.get(i);
            boolean asks = m.text().contains("?");
            if (asks && i + 1 < ms.size() && !ms.get(i + 1).role().equals(m.role()) && !ms.get(i + 1).text().contains("?")) {
                List<Integer> g = new ArrayList<>(pending);
                pending.clear();
                g.add(i);
                g.add(i + 1);
                groups.add(g);
                mains.add(contentWords(ms.get(i + 1).text()) >= CONTENT_WORDS ? i + 1 : i);
                i += 2;
            } else if (contentWords(m.text()) < CONTENT_WORDS) {
                if (groups.isEmpty()) {
                    pending.add(i);
                } else {
                    groups.get(groups.size() - 1).add(i);
                }
                i++;
            } else {
                List<Integer> g = new ArrayList<>(pending);
                pending.clear();
                g.add(i);
                groups.add(g);
                mains.add(i);
                i++;
            }
        }
        if (!pending.isEmpty()) { // nothing but short messages
            groups.add(new ArrayList<>(pending));
            mains.add(pending.get(0));
        }
        List<Exchange> out = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> messages = groups.get(g);
            int main = mains.get(g);
            StringJoiner text = new StringJoiner("\n");
            for (int j : messages) {
                text.add(ms.get(j).role() + ": " + ms.get(j).text().strip());
            }
            String s = text.toString();
            if (s.length() > Memory.MAX_TEXT_CHARS) { // long messages: the one that carries the exchange, cut to fit
                String own = ms.get(main).role() + ": " + ms.get(main).text().strip();
                s = own.length() > Memory.MAX_TEXT_CHARS ? own.substring(0, Memory.MAX_TEXT_CHARS) : own;
            }
            out.add(new Exchange(List.copyOf(messages), main, ms.get(main).role(), ms.get(main).at(), s));
        }
        return out;
    }

    /**
     * The text of an exchange as embedded: its lines without their {@code "Speaker: "} prefixes ({@link Speakers}
     * says why).
     */
    static String embedded(String text) {
        StringJoiner out = new StringJoiner("\n");
        for (String line : text.split("\n")) {
            String who = QuestionCues.lineSpeaker(line);
            out.add(who != null ? line.substring(who.length() + 2) : line);
        }
        return out.toString();
    }

    /** Words that are not stop words: names, numbers and words of three letters or more. */
    static int contentWords(String text) {
        int n = 0;
        for (String w : text.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty() && !KeywordQuery.isStopWord(w) && (w.length() >= 3 || Character.isDigit(w.charAt(0)))) {
                n++;
            }
        }
        return n;
    }
}
