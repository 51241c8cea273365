package io.lumosdb.memory;

import io.lumosdb.vector.VectorCollection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The speakers of the transcripts remembered, per user scope: their names are taken out of a question before it
 * is embedded ("Which city did Priya visit?" is embedded as "Which city did visit?"), since a small model puts a
 * name into every vector it is in and then every line of that speaker comes out close to the question, whatever
 * it says. Who said what is matched on the speaker field instead (the name part of recall). Exchanges are
 * embedded without their speakers' names for the same reason ({@link TranscriptIndexer#embedded}).
 */
final class Speakers {
    private static final String ANY = "";
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

    /**
     * Who said {@code m}: its metadata field {@code speaker}, else the name of a text that starts like a line of a
     * dialogue, {@code "Priya: ..."} (one capitalized word, then ": "); null for neither. Such a memory is embedded
     * without its {@code "Name: "} prefixes and keeps the name in field {@code speaker}, as an exchange of
     * {@link AgentMemory#rememberSession} does.
     */
    static String saidBy(Memory m) {
        if (m.metadata().get(MemoryFields.SPEAKER) instanceof String s && !s.isBlank()) {
            return s;
        }
        String who = QuestionCues.lineSpeaker(m.text());
        return who != null && Character.isUpperCase(who.codePointAt(0)) && m.text().length() > who.length() + 2 ? who : null;
    }

    /** The speakers of the memories already stored. */
    static Speakers of(VectorCollection memories) {
        Speakers s = new Speakers();
        for (String id : memories.ids(MemoryFields.SPEAKER + " IS NOT NULL")) {
            memories.metadata(id).ifPresent(f -> s.add((String) f.get(MemoryFields.USER), (String) f.get(MemoryFields.SPEAKER)));
        }
        return s;
    }

    void add(String user, String speaker) {
        if (speaker != null) {
            String name = speaker.toLowerCase(Locale.ROOT);
            byUser.computeIfAbsent(user == null ? ANY : user, u -> ConcurrentHashMap.newKeySet()).add(name);
            byUser.computeIfAbsent(ANY, u -> ConcurrentHashMap.newKeySet()).add(name);
        }
    }

    /** {@code question} without the names of the speakers of {@code user} (of anyone's when null); unchanged if nothing is left. */
    String strip(String question, String user) {
        Set<String> names = byUser.get(user == null ? ANY : user);
        if (names == null || names.isEmpty()) {
            return question;
        }
        StringJoiner kept = new StringJoiner(" ");
        boolean removed = false;
        for (String token : question.split("\\s+")) {
            String word = QuestionCues.word(token).toLowerCase(Locale.ROOT);
            if (names.contains(word)) {
                removed = true;
            } else {
                kept.add(token);
            }
        }
        return removed && kept.length() > 0 ? kept.toString() : question;
    }
}
