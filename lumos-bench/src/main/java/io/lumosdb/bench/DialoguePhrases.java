package io.lumosdb.bench;

/**
 * The words of {@link LongConversationSet}: people, the facts they tell each other and how a question about
 * each is worded. A question is worded the way a person asks later, not the way the fact was said, so a
 * keyword match is partial (single-hop) or missing (open-domain), and the speaker is named where the turn says
 * "I".
 */
final class DialoguePhrases {
    private DialoguePhrases() {}

    static final String[] NAMES = {"Priya", "Tomasz", "Elena", "Marcus", "Aiko", "Daniel", "Sofia", "Kwame", "Hannah", "Luis",
        "Nora", "Felix", "Amara", "Jonas", "Chloe", "Rafael", "Ingrid", "Omar", "Leah", "Mateo"};

    /** Pets: kind, names. */
    static final String[] PET_KINDS = {"dog", "cat", "parrot", "rabbit", "tortoise", "hamster"};
    static final String[] PET_NAMES = {"Biscuit", "Luna", "Pepper", "Ziggy", "Mochi", "Oscar", "Waffles", "Juniper", "Rocket", "Pickle"};

    /** Jobs (title, where). */
    static final String[] JOBS = {"nurse", "data analyst", "carpenter", "architect", "paramedic", "translator", "pharmacist",
        "teacher", "sound engineer", "accountant"};
    static final String[] COMPANIES = {"Halden Health", "Brightwave", "Nordlicht Studio", "Copperleaf", "Tidewater Labs",
        "Bluefern", "Stonegate", "Marlow & Finch", "Quillon", "Redwood Transit"};

    /**
     * Recurring activities: the verb phrase with %s for what, the things done, the question (%s the person),
     * and for an adversarial question the activity's name.
     */
    record Activity(String says, String[] things, String asks, String noun) {}

    static final Activity[] ACTIVITIES = {
        new Activity("I painted %s", new String[] {"a sunset over the lake", "a portrait of my grandmother", "the old lighthouse",
            "a bowl of lemons", "the view from my balcony", "a field of sunflowers"}, "What did %s paint", "painting"),
        new Activity("I ran %s", new String[] {"the harbour half marathon", "a muddy trail race in the hills", "a charity 10k",
            "the midnight relay", "a 5k in fancy dress", "the river run"}, "Which race did %s run", "running"),
        new Activity("I baked %s", new String[] {"a three-layer chocolate cake", "sourdough with rosemary", "cinnamon buns",
            "a rhubarb pie", "lemon macarons", "a pear tart"}, "What did %s bake", "baking"),
        new Activity("I hiked %s", new String[] {"up Ben Lomond", "the coastal path to the caves", "through the pine forest",
            "to the waterfall above the village", "along the old railway line", "around the crater lake"}, "Where did %s go hiking",
            "hiking"),
        new Activity("I made %s on the pottery wheel", new String[] {"a set of blue mugs", "a tall vase", "a fruit bowl",
            "a teapot that actually pours", "tiny plant pots", "a serving plate"}, "What did %s make at pottery", "pottery"),
        new Activity("I saw %s live", new String[] {"an indie band called The Lanterns", "a jazz trio at the Blue Room",
            "an orchestra playing Sibelius", "a folk singer from Galway", "a punk show in a basement", "a cello quartet"},
            "Which concert did %s go to", "concerts"),
    };

    /** When an activity happened, relative to the session it is told in, and how many days back that is. */
    static final String[] WHEN_SAID = {"yesterday", "last weekend", "on Saturday", "this morning", "a few days ago"};
    static final int[] WHEN_DAYS = {1, 6, 3, 0, 3};

    static final String[] RELATIONS = {"brother", "sister", "cousin", "uncle", "aunt", "best friend"};
    static final String[] RELATIVE_NAMES = {"Tom", "Greta", "Yusuf", "Mira", "Pablo", "Ines", "Viktor", "Sana", "Ruben", "Ada"};

    /** News about a relative (told with the name only) and how the question asks it (%s: the person, then the relation). */
    record News(String says, String asks) {}

    static final News[] NEWS = {
        new News("%s just bought an old sailboat, he wants to sail it to Denmark", "What did %s's %s buy?"),
        new News("%s got a place at medical school, all that studying paid off", "Where is %s's %s going to study?"),
        new News("%s finished her first marathon in under four hours", "What race did %s's %s complete?"),
        new News("%s opened a little coffee shop downtown", "What business did %s's %s start?"),
        new News("%s broke a leg skiing in the Alps", "How did %s's %s get injured?"),
        new News("%s is moving to Toronto for a job at a games studio", "Where is %s's %s relocating to?"),
    };

    /** Trips: the place and how a question names it without the name (world knowledge). */
    static final String[][] PLACES = {{"Lisbon", "Portuguese"}, {"Kyoto", "Japanese"}, {"Reykjavik", "Icelandic"},
        {"Marrakesh", "Moroccan"}, {"Vancouver", "Canadian"}, {"Edinburgh", "Scottish"}, {"Krakow", "Polish"}, {"Naples", "Italian"}};

    /** Facts told once, with the question worded apart from the turn (open-domain paraphrase); %s the value. */
    record Fact(String says, String[] values, String asks, String topic) {}

    static final Fact[] PARAPHRASED = {
        new Fact("I've been practising the %s every evening, the neighbours must hate me", new String[] {"cello", "banjo", "trumpet",
            "harp", "accordion"}, "Which musical instrument is %s learning?", "instrument"),
        new Fact("I can't have anything with %s in it, I end up in hospital", new String[] {"peanuts", "shellfish", "sesame", "kiwi"},
            "What food is %s allergic to?", "allergy"),
        new Fact("I gave up meat for good, it's %s every night now", new String[] {"lentils and tofu", "chickpea curry", "bean chilli"},
            "Does %s follow a vegetarian diet?", "diet"),
        new Fact("Passed my driving test at last, on the %s try", new String[] {"third", "fourth", "second"},
            "Is %s allowed to drive a car now?", "licence"),
        new Fact("I started helping out at the %s on Sundays", new String[] {"animal shelter", "food bank", "community garden"},
            "What volunteer work does %s do?", "volunteering"),
        new Fact("My knee surgery is booked, the %s tore during football", new String[] {"ligament", "cartilage", "meniscus"},
            "What medical operation is %s waiting for?", "surgery"),
        new Fact("We're saving every penny for a flat near %s", new String[] {"the river", "the old market", "the university"},
            "What is %s putting money aside for?", "savings"),
    };

    /** Facts asked about with some of their words (single-hop): says, values, asks. */
    static final Fact[] DIRECT = {
        new Fact("I'm rereading everything by %s, the books never get old", new String[] {"Terry Pratchett", "Ursula Le Guin",
            "Toni Morrison", "Iain Banks"}, "Which author does %s keep rereading?", "author"),
        new Fact("Our daughter %s starts school in September", new String[] {"Emma", "Zoe", "Freya", "Nadia"},
            "What is the name of %s's daughter?", "daughter"),
        new Fact("My favourite dish is %s, I could eat it every day", new String[] {"pad thai", "mushroom risotto", "pierogi",
            "shakshuka"}, "What is %s's favourite dish?", "dish"),
        new Fact("I support %s, I never miss a match", new String[] {"Celtic", "Benfica", "Ajax", "Napoli"},
            "Which football club does %s support?", "club"),
        new Fact("My car is a %s, old but reliable", new String[] {"green Volvo estate", "red Fiat Panda", "silver Skoda"},
            "What car does %s drive?", "car"),
    };

    /** Where a person lives: the first street, and the later move (the question asks for the current one). */
    static final String[] STREETS = {"Elm Street", "Harbour Road", "Quarry Lane", "Mill Street", "Orchard Way", "Castle Hill"};

    /** Exchanges that look like facts but answer nothing asked (they share words with the questions). */
    static final String[][] FILLER = {
        {"My neighbour's dog barked all night, I barely slept", "Ugh, that's the worst"},
        {"Did you see the new bakery near the station?", "Not yet, is it any good?"},
        {"I should really start running again", "Same, my trainers are gathering dust"},
        {"Work has been so hectic this week", "Hang in there, the weekend is close"},
        {"I watched a documentary about painters in Paris", "Sounds fascinating, send me the name"},
        {"My cousin keeps sending me holiday photos", "Jealous! Where is she this time?"},
        {"The weather has been miserable, rain all week", "Same here, I miss the sun"},
        {"Any good book recommendations for the summer?", "I'll send you a list later"},
        {"I keep forgetting to water my plants", "Get one of those self-watering pots"},
        {"The train was late again this morning", "Typical, it's been like that for months"},
        {"I'm thinking of repainting the kitchen", "Go for something bright!"},
        {"My phone battery dies by lunchtime now", "Time for a new one, maybe"},
        {"We tried the new Thai place last night", "Was it spicy? I love a good curry"},
        {"I need a birthday present for my boss", "A nice plant is always safe"},
        {"Did you watch the match on Sunday?", "Only the second half, what a finish"},
        {"I'm so tired, I slept badly again", "Try no screens before bed, it helps me"},
        {"Traffic was terrible on the way home", "Roadworks everywhere at the moment"},
        {"I found an old photo album in the attic", "Oh I love that, anything embarrassing?"},
        {"The gym was packed this evening", "January resolutions, it'll calm down"},
        {"We're planning a barbecue if the weather holds", "Count me in!"},
        {"I finally cleaned out the garage", "That must feel great"},
        {"My sister wants to learn to paint", "She should take a class, it's fun"},
        {"I've been listening to a podcast about history", "Which one? I need something for my commute"},
        {"The supermarket was out of eggs again", "Weird, same at mine"},
        {"My landlord still hasn't fixed the boiler", "Cold showers are character building, right?"},
        {"I started a new series on the sofa last night", "No spoilers please!"},
        {"The kids next door learned the drums", "Oh no, earplugs time"},
        {"I'm trying to drink less coffee", "How's that going? I'd be a wreck"},
        {"We had a power cut for three hours yesterday", "Did you at least get candles out?"},
        {"My back hurts from sitting all day", "You need a better chair"},
        {"I lost my umbrella on the bus again", "That's the third one this year!"},
        {"Our team lost the quiz night by one point", "So close, next time"},
        {"I booked a dentist appointment finally", "Brave, I keep putting mine off"},
        {"The heatwave is making it impossible to sleep", "A fan by the window helps a bit"},
        {"I tidied my desk and found forty pens", "Where do they all come from?"},
        {"My mum called to ask about Christmas already", "Ha, mine too, it's October!"},
        {"There's a farmers market on Saturdays now", "Ooh, good cheese?"},
        {"I tried yoga at lunch, very wobbly", "Everyone is at first"},
        {"The car made a strange noise this morning", "Get it checked before it gets worse"},
        {"I can't decide what to cook tonight", "Pasta never fails"},
    };

    static final String[] GREETINGS = {"Hey %s! How have you been?", "Hi %s, long time no see!", "Morning %s! Got a minute to chat?",
        "Hey %s, how was your week?", "%s! So good to hear from you"};
    static final String[] GREETING_REPLIES = {"Pretty good, thanks! Busy as always", "Hi! Good to hear from you, it's been a while",
        "Hey! Not bad at all, you?", "Doing well, a bit tired but happy"};
    static final String[] REACTIONS = {"Wow, that's amazing!", "Haha, love it", "That's so cool, %s!", "Oh nice, tell me more",
        "I'm so happy for you!", "No way, really?", "That sounds lovely", "Good for you!"};
    static final String[] GOODBYES = {"I have to run, talk soon!", "Gotta go, catch up next week?", "Speak soon, take care!"};
    static final String[] GOODBYE_REPLIES = {"Bye! Take care", "Sure thing, talk soon", "Have a good one!"};
}
