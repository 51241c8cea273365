package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lumosdb.sync.WriteHistory.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.duckdb.DuckDBConnection;

/**
 * Property: whatever a history of writes does to SQLite, through a connection of its own (single rows,
 * bulk ranges, updates and deletes of many rows, keys that change, transactions committed or rolled back,
 * added and dropped columns and tables), once {@link Replica#apply()} has run, every table in DuckDB equals
 * SQLite's row for row: the replica's storage by rowid (or key), and the view {@code main."t"} by its
 * columns. Applies come at random points, and the replica is closed and opened again now and then, with
 * its DuckDB file too.
 */
class ReplicaConvergencePropertyTest {

    @Provide
    Arbitrary<List<Op>> histories() {
        return WriteHistory.histories(200);
    }

    /** No edge cases: they would crowd out random histories with the first and last kinds of operation. */
    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void everyTable_equalsSqlite_afterApply(@ForAll("histories") List<Op> history, @ForAll @IntRange(min = 0, max = 300) int seedRows)
            throws Exception {
        Path dir = Files.createTempDirectory("lumos-convergence-");
        try (Engines engines = new Engines(dir)) {
            WriteHistory.seed(engines.writer, seedRows);
            engines.openReplica(true);
            for (Op op : history) {
                engines.run(op);
            }
            engines.applyAndCompare(true);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** SQLite (a writer connection, and the replica's own), DuckDB, the replica, and what the history has done to the schema. */
    private static final class Engines implements AutoCloseable {
        final Path dir;
        final Connection writer;
        DuckDBConnection duck;
        Replica replica;
        /** The columns the history added, per table; the table {@code e} exists while it is a key here. */
        final Map<String, List<String>> added = new LinkedHashMap<>();
        int columns;

        Engines(Path dir) throws SQLException {
            this.dir = dir;
            writer = sqlite();
            WriteHistory.exec(writer, "PRAGMA journal_mode = WAL");
            duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("r.duckdb"));
            for (String t : List.of("a", "b", "c", "d")) {
                added.put(t, new ArrayList<>());
            }
        }

        Connection sqlite() throws SQLException {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.sqlite"));
            WriteHistory.exec(c, "PRAGMA busy_timeout = 10000");
            return c;
        }

        void openReplica(boolean catchUpNow) throws SQLException {
            replica = Replica.open(sqlite(), duck, catchUpNow);
        }

        void run(Op op) throws SQLException {
            String table = WriteHistory.TABLES[op.table()];
            switch (op.kind()) {
                case TRANSACTION -> {
                    writer.setAutoCommit(false);
                    try {
                        for (Op inner : op.inner()) {
                            write(inner);
                        }
                    } finally {
                        if (op.commit()) {
                            writer.commit();
                        } else {
                            writer.rollback();
                        }
                        writer.setAutoCommit(true);
                    }
                }
                case APPLY -> {
                    applyAndCompare(false);
                    if (op.p() % 3 == 0) {
                        replica.prune();
                    }
                }
                case REOPEN -> {
                    replica.close();
                    if (op.p() % 2 == 0) {
                        duck.close();
                        duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("r.duckdb"));
                    }
                    openReplica(op.q() % 2 == 0);
                    replica.reconcile(); // what the owner's worker does first after an open without catching up
                }
                case ADD_COLUMN -> {
                    List<String> columnsAdded = added.get(table);
                    if (columnsAdded != null && columnsAdded.size() < 2) {
                        String column = "c" + ++columns;
                        WriteHistory.exec(writer, "ALTER TABLE " + table + " ADD COLUMN " + column
                                + (op.p() % 2 == 0 ? " INTEGER DEFAULT " + op.q() : " TEXT DEFAULT 'new'"));
                        columnsAdded.add(column);
                        replica.reconcile();
                    }
                }
                case DROP_COLUMN -> {
                    List<String> columnsAdded = added.get(table);
                    if (columnsAdded != null && !columnsAdded.isEmpty()) {
                        writer.setAutoCommit(false);
                        Replica.prepareAlter(writer, table); // SQLite refuses to drop a column a trigger names
                        WriteHistory.exec(writer, "ALTER TABLE " + table + " DROP COLUMN " + columnsAdded.remove(0));
                        writer.commit();
                        writer.setAutoCommit(true);
                        replica.reconcile();
                    }
                }
                case CREATE_TABLE -> {
                    if (added.putIfAbsent("e", new ArrayList<>()) == null) {
                        WriteHistory.exec(writer, "CREATE TABLE e" + WriteHistory.SCHEMA_A);
                        replica.reconcile();
                    }
                }
                case DROP_TABLE -> {
                    if (added.remove("e") != null) {
                        WriteHistory.exec(writer, "DROP TABLE e");
                        replica.reconcile();
                    }
                }
                default -> write(op);
            }
        }

        /** A write, unless its table does not exist; a value its column's declared type refuses is no write at all. */
        void write(Op op) throws SQLException {
            if (!added.containsKey(WriteHistory.TABLES[op.table()])) {
                return;
            }
            try {
                WriteHistory.write(writer, op);
            } catch (SQLException e) {
                // an integer column that overflowed into a real (SQLite's + does): the capture trigger aborts it
                if (e.getMessage() == null || !e.getMessage().contains("does not fit its declared type")) {
                    throw e;
                }
            }
        }

        /** Applies, then compares every table's view; with {@code storage}, each rowid table's rows by rowid too. */
        void applyAndCompare(boolean storage) throws SQLException {
            replica.apply();
            List<String> tables = Rows.of(writer, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                    + " AND substr(name, 1, 7) <> '_lumos_'").stream().map(r -> (String) r.get(0)).toList();
            assertEquals(added.keySet().stream().sorted().toList(), tables.stream().sorted().toList(), "the tables the history left");
            assertEquals(tables.stream().sorted().toList(), replica.replicatedTables().stream().sorted().toList(), "replicated tables");
            try (Connection reader = duck.duplicate()) {
                for (String table : tables) {
                    compare(reader, table, storage);
                }
            }
        }

        /** The view by its columns, as multisets; a rowid table's storage also row by row, by rowid. */
        private void compare(Connection reader, String table, boolean storage) throws SQLException {
            String quoted = Sql.quote(table);
            List<String> sqliteColumns = Rows.columns(writer, "SELECT * FROM " + quoted);
            assertEquals(sqliteColumns, Rows.columns(reader, "SELECT * FROM main." + quoted), "the columns of the view of " + table);
            String list = String.join(", ", sqliteColumns.stream().map(Sql::quote).toList());
            assertEquals(Rows.of(writer, "SELECT " + list + " FROM " + quoted),
                    Rows.of(reader, "SELECT " + list + " FROM main." + quoted), "the view of " + table);
            if (!storage) {
                return;
            }
            List<String> stored = Rows.columns(reader, "SELECT * FROM " + ReplicaStore.dataTable(table));
            if (stored.get(0).equals(ReplicaStore.ROWID)) {
                String storedList = String.join(", ", stored.subList(1, stored.size()).stream().map(Sql::quote).toList());
                String sep = storedList.isEmpty() ? "" : ", ";
                assertEquals(Rows.of(writer, "SELECT rowid" + sep + storedList + " FROM " + quoted),
                        Rows.of(reader, "SELECT " + ReplicaStore.ROWID + sep + storedList + " FROM " + ReplicaStore.dataTable(table)),
                        "the rows of " + table + " by rowid");
            } else {
                assertEquals(ReplicaStore.KEY, stored.get(0), table + " is stored by its key");
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                if (replica != null) {
                    replica.close();
                }
            } finally {
                duck.close();
                writer.close();
            }
        }
    }

    /** Rows read into comparable values, sorted: integers as Long, reals as Double (-0.0 as 0.0), text, blobs as hex. */
    private static final class Rows {
        private static final Comparator<Object> VALUE = Comparator.nullsFirst((x, y) -> x instanceof Number a && y instanceof Number b
                ? Double.compare(a.doubleValue(), b.doubleValue()) : String.valueOf(x).compareTo(String.valueOf(y)));
        private static final Comparator<List<Object>> ROW = (r, s) -> {
            for (int i = 0; i < Math.min(r.size(), s.size()); i++) {
                int c = VALUE.compare(r.get(i), s.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(r.size(), s.size());
        };

        static List<List<Object>> of(Connection c, String sql) throws SQLException {
            List<List<Object>> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(value(rs.getObject(i)));
                    }
                    rows.add(row);
                }
            }
            rows.sort(ROW);
            return rows;
        }

        static List<String> columns(Connection c, String sql) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql + " LIMIT 0")) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnLabel(i));
                }
                return names;
            }
        }

        private static Object value(Object o) {
            if (o instanceof Double || o instanceof Float) {
                double d = ((Number) o).doubleValue();
                return d == 0 ? 0.0 : d;
            }
            if (o instanceof Number n) {
                return n.longValue();
            }
            if (o instanceof byte[] b) {
                return HexFormat.of().formatHex(b);
            }
            return o;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
