package io.lumosdb.bench;

import static io.lumosdb.bench.DialoguePhrases.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A hard, labelled set for agent memory, generated from a seed (no download): long conversations between two
 * people over 18 dated sessions (about eight months), greetings, small talk and reactions around the facts, facts
 * that change (a new job, a move), and questions asked after the last session whose evidence turns are known:
 *
 * <ul>
 *   <li><b>single-hop</b>: one turn answers, the question shares some of its words and names the speaker the turn
 *       calls "I" ("What is the name of Priya's cat?" ← Priya: "I did! His name is Luna" after "Did you get a
 *       cat?"); for a changed fact, the later turn;
 *   <li><b>multi-hop</b>: two turns ("What did Priya's brother buy?" ← "My brother Tom is visiting" + "Tom just
 *       bought an old sailboat"; a former job; both speakers' pets);
 *   <li><b>temporal</b>: one of four alike events, singled out by a date relative to the time line ("in May
 *       2023", "last May", "early June", "shortly before Priya's trip to Lisbon"); the turn says "yesterday" or
 *       "last weekend";
 *   <li><b>open-domain</b>: worded apart from the turn, needing what words mean ("Which Japanese city did Priya
 *       visit?" ← "We're off to Kyoto on Friday");
 *   <li><b>adversarial</b>: the answer was never said: the other speaker's fact, or a thing nobody mentioned
 *       (no evidence; recall should say so with a low confidence).
 * </ul>
 * Conversation {@code i} of seed {@code s} is the same whatever the count, so splits are stable.
 */
final class LongConversationSet {
    static final String SINGLE = "single-hop";
    static final String MULTI = "multi-hop";
    static final String TEMPORAL = "temporal";
    static final String OPEN = "open-domain";
    static final String ADVERSARIAL = "adversarial";
    static final List<String> KINDS = List.of(SINGLE, MULTI, TEMPORAL, OPEN, ADVERSARIAL);
    static final int SESSIONS = 18;

    /** One message: its index in the conversation, session, speaker, time and words. */
    record Turn(int id, int session, String speaker, Instant at, String text) {}

    /** A question asked at {@code asOf}, with the turns that answer it (none for adversarial ones). */
    record Question(String kind, String text, List<Integer> evidence, Instant asOf) {}

    record Conversation(String id, String[] speakers, List<List<Turn>> sessions, List<Turn> turns, List<Question> questions) {}

    final List<Conversation> conversations = new ArrayList<>();

    LongConversationSet(int count, long seed, int first) {
        for (int c = first; c < first + count; c++) {
            conversations.add(new Generator(new Random(seed * 1_000_003L + c), "c" + c).conversation());
        }
    }

    int questions() {
        return conversations.stream().mapToInt(c -> c.questions().size()).sum();
    }

    int turns() {
        return conversations.stream().mapToInt(c -> c.turns().size()).sum();
    }

    /** One line to be said in a session; {@code mark} names it for a question. */
    private record Line(int speaker, String text, String mark) {}

    private static final class Generator {
        private final Random rnd;
        private final String id;
        private final String[] who = new String[2];
        private final Instant[] dates = new Instant[SESSIONS];
        private final List<List<List<Line>>> segments = new ArrayList<>();
        private final List<QuestionPlan> plans = new ArrayList<>();
        private final Map<String, Integer> marked = new HashMap<>();
        private Instant asOf;

        private record QuestionPlan(String kind, String text, List<String> marks) {}

        Generator(Random rnd, String id) {
            this.rnd = rnd;
            this.id = id;
        }

        Conversation conversation() {
            String[] names = pick(NAMES, 2);
            who[0] = names[0];
            who[1] = names[1];
            Instant t = Instant.parse("2023-01-09T00:00:00Z").plus(Duration.ofDays(rnd.nextInt(120)));
            for (int s = 0; s < SESSIONS; s++) {
                dates[s] = t.plus(Duration.ofMinutes(9 * 60 + rnd.nextInt(10 * 60)));
                t = t.plus(Duration.ofDays(8 + rnd.nextInt(13)));
                segments.add(new ArrayList<>());
            }
            asOf = dates[SESSIONS - 1].plus(Duration.ofDays(7));
            String[] pets = pick(PET_KINDS, 2);
            String[] petNames = pick(PET_NAMES, 2);
            String[] jobs = pick(JOBS, 4);
            String[] companies = pick(COMPANIES, 4);
            String[] streets = pick(STREETS, 4);
            List<Integer> activities = order(ACTIVITIES.length);
            List<Integer> paraphrased = order(PARAPHRASED.length);
            List<Integer> direct = order(DIRECT.length);
            String[][] places = pickRows(PLACES, 2);
            String[] relations = pick(RELATIONS, 2);
            String[] relatives = pick(RELATIVE_NAMES, 2);
            List<Integer> news = order(NEWS.length);
            for (int p = 0; p < 2; p++) {
                pet(p, pets[p], petNames[p]);
                job(p, jobs[2 * p], companies[2 * p], jobs[2 * p + 1], companies[2 * p + 1]);
                home(p, streets[2 * p], streets[2 * p + 1]);
                activity(p, ACTIVITIES[activities.get(p)], places[p], ACTIVITIES[activities.get(1 - p)]);
                relative(p, relations[p], relatives[p], NEWS[news.get(p)]);
                for (int i = 0; i < 2; i++) {
                    told(p, PARAPHRASED[paraphrased.get(2 * p + i)], OPEN, i == 0);
                    told(p, DIRECT[direct.get(2 * p + i)], SINGLE, false);
                }
            }
            plans.add(new QuestionPlan(MULTI, "What pets do " + who[0] + " and " + who[1] + " have?", List.of("pet0", "pet1")));
            String[] absent = {"horse", "goldfish", "iguana"};
            plans.add(new QuestionPlan(ADVERSARIAL, "What is the name of " + who[rnd.nextInt(2)] + "'s " + absent[rnd.nextInt(3)] + "?",
                    List.of()));
            List<Integer> fillers = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                for (int f = 0; f < 3; f++) {
                    if (fillers.isEmpty()) { // each exchange once before any comes back
                        fillers.addAll(order(FILLER.length));
                    }
                    String[] filler = FILLER[fillers.remove(fillers.size() - 1)];
                    int p = rnd.nextInt(2);
                    segments.get(s).add(List.of(new Line(p, filler[0], null), new Line(1 - p, filler[1], null)));
                }
            }
            return assemble();
        }

        // ------------------------------------------------------------ facts of speaker p

        private void pet(int p, String kind, String name) {
            int s = 1 + rnd.nextInt(5);
            if (rnd.nextBoolean()) {
                say(s, line(1 - p, "Did you end up getting a " + kind + "? You talked about it for ages"),
                        line(p, "I did! We named him " + name + ", he's a little rascal", "pet" + p), reaction(1 - p));
            } else {
                say(s, line(p, "We adopted a " + kind + " last week and named him " + name, "pet" + p), reaction(1 - p));
            }
            say(s + 4 + rnd.nextInt(8), line(p, name + " chewed through my slippers again, unbelievable"), line(1 - p, "Haha, cheeky"));
            ask(SINGLE, "What is the name of " + who[p] + "'s " + kind + "?", "pet" + p);
        }

        private void job(int p, String job1, String company1, String job2, String company2) {
            int early = rnd.nextInt(5);
            say(early, line(1 - p, "What are you doing for work these days?"),
                    line(p, "I'm a " + job1 + " at " + company1 + ", three years now", "job1-" + p));
            int late = 9 + rnd.nextInt(8);
            say(late, line(p, "Big news: I handed in my notice at " + company1 + ", I'm starting at " + company2 + " as a " + job2
                    + " next month", "job2-" + p), reaction(1 - p));
            ask(SINGLE, "Where does " + who[p] + " work now?", "job2-" + p);
            ask(MULTI, "What did " + who[p] + " do for a living before joining " + company2 + "?", "job1-" + p, "job2-" + p);
        }

        private void home(int p, String first, String second) {
            say(rnd.nextInt(6), line(p, "Our flat on " + first + " is tiny but I love the light"), reaction(1 - p));
            say(9 + rnd.nextInt(8), line(1 - p, "How is the new place?"),
                    line(p, "We moved to " + second + " in the end, so much more space", "home" + p));
            ask(SINGLE, "Which street does " + who[p] + " live on now?", "home" + p);
        }

        /** Four alike events at sessions at least three apart; a trip in the session after one of them. */
        private void activity(int p, DialoguePhrases.Activity a, String[] place, DialoguePhrases.Activity notHers) {
            String[] things = pick(a.things(), 4);
            int[] at = new int[4];
            Instant[] happened = new Instant[4];
            for (int i = 0; i < 4; i++) {
                at[i] = 1 + 4 * i + rnd.nextInt(2);
                int w = rnd.nextInt(WHEN_SAID.length);
                happened[i] = dates[at[i]].minus(Duration.ofDays(WHEN_DAYS[w]));
                say(at[i], line(p, String.format(a.says(), things[i]) + " " + WHEN_SAID[w] + ", really happy with it", "act" + p + i),
                        reaction(1 - p));
            }
            int before = rnd.nextInt(3);
            say(at[before] + 1, line(p, "We're off to " + place[0] + " on Friday, I can't wait", "trip" + p), line(1 - p,
                    "Send me photos!"));
            ask(OPEN, "Which " + place[1] + " city did " + who[p] + " travel to?", "trip" + p);
            String asks = String.format(a.asks(), who[p]);
            ask(TEMPORAL, asks + " shortly before the trip to " + place[0] + "?", "act" + p + before);
            List<Integer> others = new ArrayList<>(List.of(0, 1, 2, 3));
            others.remove(Integer.valueOf(before));
            Collections.shuffle(others, rnd);
            int asked = 0;
            for (int i : others) {
                String when = monthPhrase(happened, i, asked);
                if (when != null && asked < 2) {
                    ask(TEMPORAL, asks + " " + when + "?", "act" + p + i);
                    if (asked == 0) { // the same date and activity asked of the other person, who never did it
                        plans.add(new QuestionPlan(ADVERSARIAL, String.format(a.asks(), who[1 - p]) + " " + when + "?", List.of()));
                    }
                    asked++;
                }
            }
            if (!notHers.noun().equals(a.noun())) {
                plans.add(new QuestionPlan(ADVERSARIAL, String.format(notHers.asks(), who[p]) + " " + monthPhrase(happened, 0, 0) + "?",
                        List.of()));
            }
        }

        /** A phrase that singles out event {@code i} among {@code happened} by month, or null if another shares it. */
        private String monthPhrase(Instant[] happened, int i, int variant) {
            LocalDate d = LocalDate.ofInstant(happened[i], ZoneOffset.UTC);
            for (int j = 0; j < happened.length; j++) {
                LocalDate o = LocalDate.ofInstant(happened[j], ZoneOffset.UTC);
                if (j != i && o.getYear() == d.getYear() && o.getMonth() == d.getMonth()) {
                    return null;
                }
            }
            String month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            LocalDate q = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
            long monthsBack = ChronoUnit.MONTHS.between(d.withDayOfMonth(1), q.withDayOfMonth(1));
            return switch (variant) {
                case 0 -> "in " + month + " " + d.getYear();
                default -> monthsBack >= 1 && monthsBack < 12 ? "last " + month
                        : (d.getDayOfMonth() <= 10 ? "early " : d.getDayOfMonth() > 20 ? "late " : "in mid-") + month + " " + d.getYear();
            };
        }

        private void relative(int p, String relation, String name, DialoguePhrases.News n) {
            int intro = rnd.nextInt(7);
            say(intro, line(p, "My " + relation + " " + name + " is staying with us next week, haven't seen them in ages", "rel" + p),
                    reaction(1 - p));
            say(intro + 4 + rnd.nextInt(SESSIONS - intro - 4), line(p, String.format(n.says(), name), "news" + p), reaction(1 - p));
            ask(MULTI, String.format(n.asks(), who[p], relation), "rel" + p, "news" + p);
        }

        private void told(int p, DialoguePhrases.Fact f, String kind, boolean askOther) {
            String value = f.values()[rnd.nextInt(f.values().length)];
            say(rnd.nextInt(SESSIONS), line(p, String.format(f.says(), value), f.topic() + p), reaction(1 - p));
            ask(kind, String.format(f.asks(), who[p]), f.topic() + p);
            if (askOther) {
                plans.add(new QuestionPlan(ADVERSARIAL, String.format(f.asks(), who[1 - p]), List.of()));
            }
        }

        // ------------------------------------------------------------ assembly

        private Line line(int speaker, String text) {
            return new Line(speaker, text, null);
        }

        private Line line(int speaker, String text, String mark) {
            return new Line(speaker, text, mark);
        }

        private Line reaction(int speaker) {
            return line(speaker, String.format(REACTIONS[rnd.nextInt(REACTIONS.length)], who[1 - speaker]));
        }

        private void say(int session, Line... lines) {
            segments.get(Math.min(SESSIONS - 1, session)).add(List.of(lines));
        }

        private void ask(String kind, String text, String... marks) {
            plans.add(new QuestionPlan(kind, text, List.of(marks)));
        }

        private Conversation assemble() {
            List<List<Turn>> sessions = new ArrayList<>();
            List<Turn> all = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                List<List<Line>> body = new ArrayList<>(segments.get(s));
                Collections.shuffle(body, rnd);
                int opener = rnd.nextInt(2);
                body.add(0, List.of(line(opener, String.format(GREETINGS[rnd.nextInt(GREETINGS.length)], who[1 - opener])),
                        line(1 - opener, GREETING_REPLIES[rnd.nextInt(GREETING_REPLIES.length)])));
                body.add(List.of(line(opener, GOODBYES[rnd.nextInt(GOODBYES.length)]),
                        line(1 - opener, GOODBYE_REPLIES[rnd.nextInt(GOODBYE_REPLIES.length)])));
                List<Turn> turns = new ArrayList<>();
                for (List<Line> segment : body) {
                    for (Line l : segment) {
                        Turn t = new Turn(all.size(), s, who[l.speaker()], dates[s].plus(Duration.ofMinutes(2L * turns.size())), l.text());
                        if (l.mark() != null) {
                            marked.put(l.mark(), t.id());
                        }
                        turns.add(t);
                        all.add(t);
                    }
                }
                sessions.add(turns);
            }
            List<Question> questions = new ArrayList<>();
            for (QuestionPlan q : plans) {
                questions.add(new Question(q.kind(), q.text(), q.marks().stream().map(marked::get).toList(), asOf));
            }
            return new Conversation(id, who.clone(), sessions, all, questions);
        }

        private List<Integer> order(int n) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            Collections.shuffle(out, rnd);
            return out;
        }

        private String[] pick(String[] from, int n) {
            List<String> all = new ArrayList<>(List.of(from));
            Collections.shuffle(all, rnd);
            return all.subList(0, n).toArray(new String[0]);
        }

        private String[][] pickRows(String[][] from, int n) {
            List<String[]> all = new ArrayList<>(List.of(from));
            Collections.shuffle(all, rnd);
            return all.subList(0, n).toArray(new String[0][]);
        }
    }
}
