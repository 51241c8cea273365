package io.lumosdb.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A labelled set of multi-session conversations for judging memory recall: per persona, what the user
 * said over five sessions (facts among small talk), and questions whose evidence turns are known.
 * Questions are worded differently from the turns that answer them (so keyword search alone is not
 * enough), while names and rare words reward keyword search (so meaning alone is not enough either).
 *
 * <ul>
 *   <li>single: one turn answers ("What did I call my dog?" ← "We adopted a beagle puppy and named him Biscuit");
 *   <li>temporal: a fact changed between sessions, the question asks for the current value (the later
 *       turn is the evidence) or the earlier one;
 *   <li>entity: turns alike but for a name or an order number, which the question repeats (what embeddings blur
 *       and keywords catch);
 *   <li>multi-hop: two turns from different sessions are both needed ("my best friend" → a name → what
 *       that person did).
 * </ul>
 * Deterministic for a seed.
 */
final class ConversationSet {
    record Turn(int persona, int session, Instant at, String text) {}

    record Question(int persona, String text, String category, List<Integer> evidence, Instant asOf) {}

    final List<Turn> turns = new ArrayList<>();
    final List<Question> questions = new ArrayList<>();

    private record Fact(String[] says, String[] asks, String[] values) {}

    private static final Fact[] FACTS = {
        new Fact(new String[] {"My sister %s is coming to visit next month", "Can't wait to see my sister %s at the weekend"},
                new String[] {"What is my sibling called?", "Who is coming to stay with me soon?"},
                new String[] {"Maria", "Ingrid", "Priya", "Chloe", "Yuki", "Fatima", "Greta", "Lucia"}),
        new Fact(new String[] {"We adopted a beagle puppy and named him %s", "%s chewed through another shoe today, silly puppy"},
                new String[] {"What did I call my dog?", "What is the name of our pet?"},
                new String[] {"Biscuit", "Pepper", "Rocket", "Mochi", "Waffles", "Ziggy", "Noodle"}),
        new Fact(new String[] {"I started working as a %s at a small firm", "Long shift today, being a %s is tiring"},
                new String[] {"What do I do for a living?", "What is my profession?"},
                new String[] {"nurse", "data analyst", "carpenter", "architect", "paramedic", "translator", "pharmacist"}),
        new Fact(new String[] {"I can't eat anything with %s, it makes me really ill", "Careful, the menu has %s and I react badly to it"},
                new String[] {"Which food am I allergic to?", "What should I avoid eating?"},
                new String[] {"shellfish", "peanuts", "gluten", "sesame", "kiwi", "mustard"}),
        new Fact(new String[] {"I finally bought a used %s last week", "Took the %s to the garage for a service"},
                new String[] {"What car do I drive?", "Which vehicle did I purchase?"},
                new String[] {"Volvo estate", "Toyota Prius", "Honda Civic", "Skoda Octavia", "Mazda MX-5", "Fiat Panda"}),
        new Fact(new String[] {"Every Sunday morning I go %s with a club", "Sore arms after %s yesterday"},
                new String[] {"What do I do for fun at the weekend?", "What is my weekend hobby?"},
                new String[] {"bouldering", "sailing", "birdwatching", "trail running", "rowing", "orienteering"}),
        new Fact(new String[] {"I take my coffee with %s, nothing else", "Ordered my usual coffee with %s"},
                new String[] {"How do I like my coffee?", "How should you make my morning drink?"},
                new String[] {"oat milk", "two sugars", "a splash of cream", "cardamom", "honey"}),
        new Fact(new String[] {"My birthday is on %s", "Planning a small party for %s, my birthday"},
                new String[] {"When was I born?", "When should you wish me many happy returns?"},
                new String[] {"March 3rd", "July 19th", "October 30th", "January 8th", "May 22nd", "December 2nd"}),
        new Fact(new String[] {"I've been rereading everything by %s", "Just finished another novel by %s"},
                new String[] {"Which writer do I like?", "Who is my favourite novelist?"},
                new String[] {"Ursula Le Guin", "Terry Pratchett", "Toni Morrison", "Haruki Murakami", "Jane Austen", "Iain Banks"}),
        new Fact(new String[] {"I'm taking evening classes in %s", "My %s teacher says my pronunciation improved"},
                new String[] {"Which language am I studying?", "What am I learning at night school?"},
                new String[] {"Japanese", "Portuguese", "Korean", "Finnish", "Arabic", "Italian"}),
        new Fact(new String[] {"My daughter just started at %s Elementary", "Parents evening at %s Elementary on Thursday"},
                new String[] {"Where does my child go to school?", "What is the name of my kid's school?"},
                new String[] {"Oakwood", "Riverside", "Hillcrest", "Maple Grove", "Stonebridge", "Willowbrook"}),
        new Fact(new String[] {"My dentist is Dr. %s over on the high street", "Rescheduled the check-up with Dr. %s"},
                new String[] {"Who takes care of my teeth?", "What is my dentist's name?"},
                new String[] {"Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad"}),
        new Fact(new String[] {"We're flying to %s for our anniversary", "Booked the hotel in %s for the anniversary trip"},
                new String[] {"Where are we going to celebrate being married?", "What is the destination of our anniversary holiday?"},
                new String[] {"Kyoto", "Reykjavik", "Lisbon", "Cape Town", "Vancouver", "Marrakesh"}),
        new Fact(new String[] {"I stopped eating meat and went %s", "Being %s is easier than I expected"},
                new String[] {"What is my diet?", "Do I have any eating restrictions by choice?"},
                new String[] {"vegetarian", "vegan", "pescatarian"}),
        new Fact(new String[] {"I've been learning to play the %s", "Practised the %s for an hour tonight"},
                new String[] {"What musical instrument am I learning?", "What do I practise in the evenings?"},
                new String[] {"cello", "banjo", "saxophone", "ukulele", "harp", "trumpet"}),
        new Fact(new String[] {"I support %s and never miss a match", "Gutted, %s lost again on Saturday"},
                new String[] {"Which football club am I a fan of?", "Which team do I cheer for?"},
                new String[] {"Arsenal", "Celtic", "Benfica", "Ajax", "Napoli", "Boca Juniors"}),
    };

    private static final String[] SMALL_TALK = {
        "Can you summarise this article about interest rates for me?", "What's the weather going to be like tomorrow?",
        "Thanks, that was really helpful", "Remind me to call the bank on Monday", "I watched a documentary about whales last night",
        "The train was late again this morning", "I'm thinking of repainting the kitchen a lighter colour",
        "Help me write an email to my landlord about the boiler", "I had pasta with mushrooms for dinner",
        "My knee hurts a bit after the long walk", "Can you recommend a podcast about history?",
        "I need to renew my passport before the summer", "What's a good recipe for banana bread?",
        "The neighbours are having their roof fixed, it's noisy", "I keep forgetting to water the plants",
        "Could you translate this sentence into French?", "I'm tired today, slept badly", "Let's plan my week, I have a lot on",
        "The supermarket was out of eggs again", "I spent the afternoon sorting out old photos",
        "How many calories are in an avocado?", "I might take a day off on Friday", "Work was stressful, lots of meetings",
        "My phone battery drains so fast lately", "I'd like to read more this year", "It was sunny so we had lunch outside",
        "What time does the pharmacy close?", "I need a birthday present idea for a colleague", "The gym was packed this evening",
        "I tried a new Thai place near the station",
    };

    private static final String[] CITIES = {"Berlin", "Munich", "Leeds", "Glasgow", "Utrecht", "Lyon", "Porto", "Bologna", "Gothenburg", "Krakow"};
    private static final String[] EMPLOYERS = {"Siemens", "Unilever", "Spotify", "Philips", "Ikea", "Airbus", "Nokia", "Lego"};
    private static final String[] FRIENDS = {"Tom", "Amara", "Jonas", "Leila", "Marco", "Sanne", "Dev", "Olga"};
    private static final String[][] VENTURES = {{"opened a bakery", "What business did my best friend start?"},
        {"started a podcast about cycling", "What is my closest friend's new project?"},
        {"got a job at the aquarium", "Where does my best mate work now?"},
        {"ran the Berlin marathon", "What race did my oldest friend complete?"}};

    private static final String[] CONTACTS = {"Dr. Okafor", "Dr. Moreau", "Priya Nair", "Tom Becker", "Sofia Russo", "Ken Ito",
        "Mr. Halvorsen", "Ms. Adeyemi", "Lars Brandt", "Nina Petrova"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
    private static final String[] ORDER_NEWS = {"ships on Monday", "was cancelled by the seller", "arrived damaged, I asked for a refund",
        "is stuck at customs", "was delivered to the neighbour"};
    private static final String[] PROJECTS = {"Falcon", "Juniper", "Atlas", "Kestrel", "Nimbus", "Orchid", "Quartz", "Sequoia"};
    private static final String[] PROJECT_NEWS = {"is two weeks behind schedule", "got its budget approved", "was put on hold",
        "launches to customers in April", "needs two more engineers"};

    ConversationSet(int personas, long seed) {
        Random rnd = new Random(seed);
        Instant base = Instant.parse("2024-01-08T09:00:00Z");
        for (int p = 0; p < personas; p++) {
            List<Turn> own = new ArrayList<>();
            Instant[] sessions = new Instant[5];
            for (int s = 0; s < 5; s++) {
                sessions[s] = base.plus(Duration.ofDays(30L * s + rnd.nextInt(20))).plus(Duration.ofMinutes(rnd.nextInt(600)));
            }
            Instant asOf = sessions[4].plus(Duration.ofDays(1));
            List<Integer> facts = new ArrayList<>();
            for (int f = 0; f < FACTS.length; f++) {
                facts.add(f);
            }
            Collections.shuffle(facts, rnd);
            for (int f : facts.subList(0, 11)) {
                Fact fact = FACTS[f];
                String value = fact.values[rnd.nextInt(fact.values.length)];
                int session = rnd.nextInt(5);
                int turn = add(own, p, session, sessions, String.format(fact.says[rnd.nextInt(fact.says.length)], value));
                questions.add(new Question(p, fact.asks[rnd.nextInt(fact.asks.length)], "single", List.of(turn), asOf));
            }
            // temporal: a move and a new job, the later turn is the current truth
            String[] cities = pickTwo(CITIES, rnd);
            int early = add(own, p, 0, sessions, "I live in " + cities[0] + ", close to the old town");
            int late = add(own, p, 3 + rnd.nextInt(2), sessions, "We just moved to " + cities[1] + ", the new flat is much bigger");
            questions.add(new Question(p, "Which city am I living in at the moment?", "temporal", List.of(late), asOf));
            questions.add(new Question(p, "Where was my home before the move?", "temporal", List.of(early), asOf));
            String[] jobs = pickTwo(EMPLOYERS, rnd);
            add(own, p, 1, sessions, "My employer is " + jobs[0] + ", I have been there three years");
            int newJob = add(own, p, 4, sessions, "Handed in my notice, I start at " + jobs[1] + " next week");
            questions.add(new Question(p, "Who will I be working for from now on?", "temporal", List.of(newJob), asOf));
            // multi-hop: who the best friend is, then what they did
            String friend = FRIENDS[rnd.nextInt(FRIENDS.length)];
            String[] venture = VENTURES[rnd.nextInt(VENTURES.length)];
            int who = add(own, p, rnd.nextInt(2), sessions, friend + " has been my best friend since school");
            int what = add(own, p, 2 + rnd.nextInt(3), sessions, "Big news: " + friend + " " + venture[0]);
            questions.add(new Question(p, venture[1], "multi-hop", List.of(who, what), asOf));
            // entity: several turns alike but for a name or number that only the question and its turn share
            String[] people = pickDistinct(CONTACTS, 3, rnd);
            String[] projects = pickDistinct(PROJECTS, 3, rnd);
            for (int i = 0; i < 6; i++) { // an agent tracking many orders: alike but for the number
                String order = String.valueOf(10_000 + rnd.nextInt(90_000));
                int turn = add(own, p, rnd.nextInt(5), sessions, "Order " + order + " " + ORDER_NEWS[rnd.nextInt(ORDER_NEWS.length)]);
                questions.add(new Question(p, "Any news on order " + order + "?", "entity", List.of(turn), asOf));
            }
            for (int i = 0; i < 3; i++) {
                int appointment = add(own, p, rnd.nextInt(5), sessions, "Meeting with " + people[i] + " on " + DAYS[rnd.nextInt(DAYS.length)]
                        + " at " + (9 + rnd.nextInt(8)) + " o'clock");
                questions.add(new Question(p, "When am I seeing " + people[i] + "?", "entity", List.of(appointment), asOf));
                int project = add(own, p, rnd.nextInt(5), sessions, "Project " + projects[i] + " " + PROJECT_NEWS[rnd.nextInt(PROJECT_NEWS.length)]);
                questions.add(new Question(p, "How is " + projects[i] + " going?", "entity", List.of(project), asOf));
            }
            for (int i = 0; i < 25; i++) {
                add(own, p, rnd.nextInt(5), sessions, SMALL_TALK[rnd.nextInt(SMALL_TALK.length)]);
            }
            turns.addAll(own);
        }
    }

    /** Adds a turn; returns its index in {@link #turns} (turns of earlier personas come first). */
    private int add(List<Turn> own, int persona, int session, Instant[] sessions, String text) {
        Instant at = sessions[session].plus(Duration.ofMinutes(own.size()));
        own.add(new Turn(persona, session, at, text));
        return turns.size() + own.size() - 1;
    }

    private static String[] pickDistinct(String[] from, int n, Random rnd) {
        List<String> all = new ArrayList<>(List.of(from));
        Collections.shuffle(all, rnd);
        return all.subList(0, n).toArray(new String[0]);
    }

    private static String[] pickTwo(String[] from, Random rnd) {
        int a = rnd.nextInt(from.length);
        int b = (a + 1 + rnd.nextInt(from.length - 1)) % from.length;
        return new String[] {from[a], from[b]};
    }
}
