package io.lumosdb.vector;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQLite tables of one collection. {@code vectors_<name>} is a user table (replicated to DuckDB like
 * any other, documented for analytics): one row per vector with its id, the vector as little-endian
 * float32 bytes (declared {@code F32_BLOB(n)}: {@code FLOAT[n]} in DuckDB), its metadata as JSON and the change sequence that last wrote it. The registry, the
 * tombstones of deleted ids and the keyword index are internal ({@code _lumos_} prefix: not replicated).
 */
record CollectionTables(String name) {
    static final String REGISTRY = "_lumos_vector_collections";
    static final String DELETES = "_lumos_vector_deletes";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    /** @throws IllegalArgumentException if {@code name} is not a letter followed by up to 62 letters, digits or '_' */
    CollectionTables {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name '" + name + "' must be a letter followed by up to 62"
                    + " letters, digits or underscores");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    String vectors() {
        return "vectors_" + name;
    }

    String keywords() {
        return "_lumos_fts_" + name;
    }

    static String registryDdl() {
        return "CREATE TABLE IF NOT EXISTS " + REGISTRY + "(name TEXT PRIMARY KEY, id TEXT NOT NULL, dimensions INTEGER NOT NULL,"
                + " metric TEXT NOT NULL, m INTEGER NOT NULL, ef_construction INTEGER NOT NULL, ef INTEGER NOT NULL,"
                + " text_field TEXT, last_seq INTEGER NOT NULL, created TEXT NOT NULL)";
    }

    static String deletesDdl() {
        return "CREATE TABLE IF NOT EXISTS " + DELETES + "(collection TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
                + " PRIMARY KEY (collection, id)) WITHOUT ROWID";
    }

    /** {@code F32_BLOB(n)}: a blob in SQLite, a {@code FLOAT[n]} array in the DuckDB replica (lumos-sync). */
    String vectorsDdl(int dimensions) {
        return "CREATE TABLE " + vectors() + "(id TEXT NOT NULL UNIQUE, embedding F32_BLOB(" + dimensions + ") NOT NULL,"
                + " metadata TEXT NOT NULL, seq INTEGER NOT NULL)";
    }

    /** Words are stemmed (Porter), so "moved" finds "moves"; case and accents are folded (unicode61). */
    String keywordsDdl() {
        return "CREATE VIRTUAL TABLE " + keywords() + " USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')";
    }
}
