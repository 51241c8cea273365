package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random writes to four SQLite tables, one of each kind the replica tracks rows of:
 * {@code a} (rowid table with an INTEGER PRIMARY KEY), {@code b} (rowid table without one),
 * {@code c} (WITHOUT ROWID, text key) and {@code d} (WITHOUT ROWID, real key), plus {@code e}, a table the
 * history creates and drops. An {@link Op} names its table and two small numbers; the values it writes are
 * drawn from pools of awkward ones (quotes, JSON-like text, Unicode, 64-bit extremes, reals that 15
 * digits do not tell apart), so that shrinking keeps a failing history short and readable.
 */
final class WriteHistory {
    static final String[] TABLES = {"a", "b", "c", "d", "e"};
    static final String SCHEMA_A = "(id INTEGER PRIMARY KEY, v INTEGER, s TEXT)";
    static final String[] CREATE = {
        "CREATE TABLE a" + SCHEMA_A,
        "CREATE TABLE b(k INTEGER, x REAL, s TEXT)",
        "CREATE TABLE c(name TEXT PRIMARY KEY, n INTEGER, x REAL) WITHOUT ROWID",
        "CREATE TABLE d(at REAL PRIMARY KEY, label TEXT) WITHOUT ROWID"};

    private static final long[] LONGS = {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, 123_456_789_012L};
    private static final double[] REALS = {0.0, -0.0, 0.1, 0.1 + 0.2, 0.3, 1.0 / 3, 1.0, 1.0000000000000002, -2.5, 1e300,
        -1e-300, Double.MIN_VALUE, 9_007_199_254_740_993.0, 123_456.789, 1e16, Double.MAX_VALUE};
    /** Keys of {@code d}: the values above and more, 1e300 and -1e-300 among them (SQLite cannot turn their text back). */
    private static final double[] REAL_KEYS = {0.0, -0.0, 0.1, 0.1 + 0.2, 0.3, 1.0 / 3, 1.0, 1.0000000000000002, -2.5, 2.5e-8,
        6.02214076e23, Double.MIN_VALUE, 9_007_199_254_740_993.0, 123_456.789, 1e16, Double.MAX_VALUE, 1e300, -1e-300, 1e200,
        Math.nextUp(1e300)};
    private static final String[] TEXTS = {null, "", "plain", "it's", "\"quoted\"", "a,\"b\"]' [", "ü日本", "back\\slash",
        "line\nbreak", "  spaces  ", "[1,2]", "null"};
    private static final String[] NAMES = {"", "a", "A", "it's", "\"q\"", "a,\"b\"]' [", "ü", "日本", "x y", "back\\slash",
        "[\"k\"]", "1", "01", "null"};

    enum Kind {
        INSERT, UPDATE, DELETE, MOVE_KEY, BULK_INSERT, BIG_BULK_INSERT, UPDATE_MANY, DELETE_RANGE,
        TRANSACTION, APPLY, REOPEN, ADD_COLUMN, DROP_COLUMN, CREATE_TABLE, DROP_TABLE
    }

    /** One step: {@code table} indexes {@link #TABLES}; {@code p} and {@code q} (0..99) pick keys, values and sizes. */
    record Op(Kind kind, int table, int p, int q, List<Op> inner, boolean commit) {
        @Override
        public String toString() {
            return switch (kind) {
                case TRANSACTION -> (commit ? "COMMIT" : "ROLLBACK") + inner;
                case APPLY, REOPEN -> kind + "(" + p + ")";
                default -> kind + " " + TABLES[table] + "(" + p + ", " + q + ")";
            };
        }
    }

    private WriteHistory() {}

    /**
     * Histories of 1 to {@code maxOps} steps, every length as likely (jqwik would favour short lists): mostly
     * writes, now and then a transaction, an apply, a reopen or DDL.
     */
    static Arbitrary<List<Op>> histories(int maxOps) {
        Arbitrary<Kind> writeKinds = Arbitraries.frequency(Tuple.of(30, Kind.INSERT), Tuple.of(15, Kind.UPDATE), Tuple.of(10, Kind.DELETE),
                Tuple.of(5, Kind.MOVE_KEY), Tuple.of(8, Kind.BULK_INSERT), Tuple.of(8, Kind.UPDATE_MANY), Tuple.of(6, Kind.DELETE_RANGE));
        Arbitrary<Op> write = op(writeKinds);
        Arbitrary<Op> transaction = Combinators.combine(write.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
                .as((ops, commit) -> new Op(Kind.TRANSACTION, 0, 0, 0, ops, commit));
        Arbitrary<Op> control = op(Arbitraries.frequency(Tuple.of(12, Kind.APPLY), Tuple.of(2, Kind.REOPEN), Tuple.of(2, Kind.ADD_COLUMN),
                Tuple.of(1, Kind.DROP_COLUMN), Tuple.of(1, Kind.CREATE_TABLE), Tuple.of(1, Kind.DROP_TABLE)));
        Arbitrary<Op> big = op(Arbitraries.just(Kind.BIG_BULK_INSERT));
        return Arbitraries.frequencyOf(Tuple.of(300, write), Tuple.of(30, transaction), Tuple.of(80, control), Tuple.of(1, big))
                .list().ofMinSize(1).ofMaxSize(maxOps).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Op> op(Arbitrary<Kind> kinds) {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 99);
        return Combinators.combine(kinds, Arbitraries.integers().between(0, TABLES.length - 1), small, small)
                .as((kind, table, p, q) -> new Op(kind, table, p, q, List.of(), true));
    }

    /** The rows a history starts from, in each table, before the replica first copies them. */
    static void seed(Connection writer, int rows) throws SQLException {
        for (String create : CREATE) {
            exec(writer, create);
        }
        for (int t = 0; t < 4 && rows > 0; t++) {
            bulkInsert(writer, t, rows, t * 7);
        }
    }

    /** Runs a write step ({@link Kind#INSERT} to {@link Kind#DELETE_RANGE}) on {@code writer}. */
    static void write(Connection writer, Op op) throws SQLException {
        int t = op.table() == 4 ? 0 : op.table(); // e has a's shape
        String table = TABLES[op.table()];
        int p = op.p();
        int q = op.q();
        switch (op.kind()) {
            case INSERT -> {
                switch (t) {
                    case 0 -> run(writer, "INSERT OR REPLACE INTO " + table + "(id, v, s) VALUES (?, ?, ?)",
                            p % 3 == 0 ? null : p % 10 == 1 ? 500 + q : 1 + q % 60, longValue(p, q), text(q));
                    case 1 -> run(writer, "INSERT OR REPLACE INTO b(rowid, k, x, s) VALUES (?, ?, ?, ?)",
                            p % 4 == 0 ? 1 + q % 60 : null, longValue(q, p), real(p), text(q));
                    case 2 -> run(writer, "INSERT OR REPLACE INTO c(name, n, x) VALUES (?, ?, ?)", name(q), longValue(p, q), real(p));
                    default -> run(writer, "INSERT OR REPLACE INTO d(at, label) VALUES (?, ?)", realKey(q), text(p));
                }
            }
            case UPDATE -> {
                switch (t) {
                    case 0 -> run(writer, "UPDATE " + table + " SET v = ?, s = ? WHERE id = ?", longValue(p, q), text(p), 1 + q % 60);
                    case 1 -> run(writer, "UPDATE b SET x = ?, s = ? WHERE rowid = ?", real(p), text(p), 1 + q % 60);
                    case 2 -> run(writer, "UPDATE c SET n = ?, x = ? WHERE name = ?", longValue(p, q), real(p), name(q));
                    default -> run(writer, "UPDATE d SET label = ? WHERE at = ?", text(p), realKey(q));
                }
            }
            case DELETE -> run(writer, "DELETE FROM " + table + " WHERE " + key(t) + " = ?", keyValue(t, q));
            case MOVE_KEY -> run(writer, "UPDATE OR REPLACE " + table + " SET " + key(t) + " = ? WHERE " + key(t) + " = ?",
                    keyValue(t, p), keyValue(t, q));
            case BULK_INSERT -> bulkInsert(writer, op.table(), 1 + p * 3, q * 5);
            case BIG_BULK_INSERT -> bulkInsert(writer, op.table() % 2, ChangeApplier.READ_AHEAD_MIN_ROWS + p, q);
            case UPDATE_MANY -> {
                int m = 2 + q % 5;
                switch (t) {
                    case 0 -> run(writer, "UPDATE " + table + " SET v = v + ?, s = coalesce(s, '') || 'u' WHERE id % ? = ?", p, m, p % m);
                    case 1 -> run(writer, "UPDATE b SET x = x * 2, k = k + ? WHERE rowid % ? = ?", p, m, p % m);
                    case 2 -> run(writer, "UPDATE c SET n = n + ?, x = NULL WHERE n % ? = ?", p, m, p % m);
                    default -> run(writer, "UPDATE d SET label = coalesce(label, '') || ? WHERE at > ?", "!" + p, realKey(q));
                }
            }
            case DELETE_RANGE -> {
                String column = t == 2 ? "n" : key(t);
                Object low = t == 3 ? -(double) p : q;
                Object high = t == 3 ? (double) q : q + p % 20;
                run(writer, "DELETE FROM " + table + " WHERE " + column + " BETWEEN ? AND ?", low, high);
            }
            default -> throw new IllegalArgumentException("not a write: " + op);
        }
    }

    /** {@code count} rows into table {@code table} from key {@code start}: replacing some, appending the rest. */
    static void bulkInsert(Connection writer, int table, int count, int start) throws SQLException {
        String rows = "WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < ? - 1) ";
        String insert = switch (table) {
            case 0, 4 -> "INSERT OR REPLACE INTO " + TABLES[table] + "(id, v, s) SELECT ? + i + 1, i * 7 - 50, 'bulk ' || i FROM r";
            case 1 -> "INSERT INTO b(k, x, s) SELECT ? + i, i / 3.0, CASE WHEN i % 5 = 0 THEN NULL ELSE 'b' || i END FROM r";
            case 2 -> "INSERT OR REPLACE INTO c(name, n, x) SELECT 'bulk' || (? + i), i, i * 0.25 FROM r";
            default -> "INSERT OR REPLACE INTO d(at, label) SELECT (? + i) / 7.0, 'bulk' FROM r";
        };
        run(writer, rows + insert, count, start);
    }

    private static String key(int t) {
        return switch (t) {
            case 0 -> "id";
            case 1 -> "rowid";
            case 2 -> "name";
            default -> "at";
        };
    }

    private static Object keyValue(int t, int i) {
        return switch (t) {
            case 0, 1 -> 1 + i % 60;
            case 2 -> name(i);
            default -> realKey(i);
        };
    }

    private static double realKey(int i) {
        return REAL_KEYS[i % REAL_KEYS.length];
    }

    private static Object longValue(int p, int q) {
        return p % 7 == 0 ? null : p < 50 ? (long) p - 25 : LONGS[q % LONGS.length];
    }

    private static Object real(int i) {
        return i % 11 == 0 ? null : REALS[i % REALS.length];
    }

    private static String text(int i) {
        return TEXTS[i % TEXTS.length];
    }

    private static String name(int i) {
        return NAMES[i % NAMES.length];
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void run(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
