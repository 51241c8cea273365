package io.lumosdb.jdbc.flyway;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * The one schema of a Lumos-DB database ({@code main}) as Flyway sees it: its tables and views are the application's,
 * that is, all but SQLite's ({@code sqlite_*}) and Lumos-DB's own ({@code _lumos_*}), which Flyway neither counts
 * when it asks whether the schema is empty nor drops when it cleans.
 */
final class LumosFlywaySchema extends Schema<LumosFlywayDatabase, LumosFlywaySchema.LumosFlywayTable> {
    private static final String OWN = " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 7) <> '_lumos_'";

    LumosFlywaySchema(JdbcTemplate jdbcTemplate, LumosFlywayDatabase database, String name) {
        super(jdbcTemplate, database, name);
    }

    /** A table of the application's. */
    static final class LumosFlywayTable extends Table<LumosFlywayDatabase, LumosFlywaySchema> {
        LumosFlywayTable(JdbcTemplate jdbcTemplate, LumosFlywayDatabase database, LumosFlywaySchema schema, String name) {
            super(jdbcTemplate, database, schema, name);
        }

        @Override
        protected boolean doExists() throws SQLException {
            return jdbcTemplate.queryForInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name) > 0;
        }

        @Override
        protected void doLock() {
            // the transaction Flyway runs in holds the database's write lock (BEGIN IMMEDIATE) already
        }

        @Override
        protected void doDrop() throws SQLException {
            jdbcTemplate.execute("DROP TABLE " + database.quote(name));
        }
    }

    @Override
    protected boolean doExists() throws SQLException {
        return name.equals("main");
    }

    @Override
    protected boolean doEmpty() throws SQLException {
        return jdbcTemplate.queryForInt("SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view')" + OWN) == 0;
    }

    @Override
    protected void doCreate() {
        throw new UnsupportedOperationException("a Lumos-DB database has one schema, main; it cannot create " + name);
    }

    @Override
    protected void doDrop() {
        throw new UnsupportedOperationException("a Lumos-DB database has one schema, main; it cannot drop " + name);
    }

    @Override
    protected void doClean() throws SQLException {
        for (String view : jdbcTemplate.queryForStringList("SELECT name FROM sqlite_schema WHERE type = 'view'" + OWN)) {
            jdbcTemplate.execute("DROP VIEW " + database.quote(view));
        }
        dropReferencingTablesFirst(new ArrayList<>(List.of(doAllTables())));
    }

    /**
     * Drops the tables, each after every table whose foreign keys reference it: SQLite enforces foreign keys
     * (Lumos-DB turns them on), and its {@code PRAGMA foreign_keys = OFF}, which Flyway's SQLite support uses here,
     * is refused by Lumos-DB (docs/security.md). Tables in a cycle of references are dropped last, as they come.
     */
    private void dropReferencingTablesFirst(List<LumosFlywayTable> tables) throws SQLException {
        while (!tables.isEmpty()) {
            Set<String> referenced = new HashSet<>();
            for (LumosFlywayTable t : tables) {
                for (String target : jdbcTemplate.queryForStringList("SELECT \"table\" FROM pragma_foreign_key_list(?)", t.getName())) {
                    if (!target.equalsIgnoreCase(t.getName())) {
                        referenced.add(target.toLowerCase(Locale.ROOT));
                    }
                }
            }
            LumosFlywayTable next = tables.stream().filter(t -> !referenced.contains(t.getName().toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(tables.get(0));
            next.drop();
            tables.remove(next);
        }
    }

    @Override
    protected LumosFlywayTable[] doAllTables() throws SQLException {
        List<String> names = jdbcTemplate.queryForStringList("SELECT name FROM sqlite_schema WHERE type = 'table'" + OWN + " ORDER BY name");
        return names.stream().map(n -> new LumosFlywayTable(jdbcTemplate, database, this, n)).toArray(LumosFlywayTable[]::new);
    }

    @Override
    public Table<?, ?> getTable(String tableName) {
        return new LumosFlywayTable(jdbcTemplate, database, this, tableName);
    }
}
