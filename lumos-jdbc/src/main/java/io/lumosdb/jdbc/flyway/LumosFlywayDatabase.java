package io.lumosdb.jdbc.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Connection;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * A Lumos-DB database as Flyway sees it: as Flyway's SQLite database does (DDL in transactions, one connection,
 * booleans 1/0, the schema history table's script), with {@link LumosFlywaySchema} as the schema.
 */
final class LumosFlywayDatabase extends Database<LumosFlywayDatabase.LumosFlywayConnection> {
    LumosFlywayDatabase(Configuration configuration, JdbcConnectionFactory connectionFactory, StatementInterceptor interceptor) {
        super(configuration, connectionFactory, interceptor);
    }

    /** A connection whose schemas are {@link LumosFlywaySchema}s; the current one is {@code main}. */
    static final class LumosFlywayConnection extends Connection<LumosFlywayDatabase> {
        LumosFlywayConnection(LumosFlywayDatabase database, java.sql.Connection connection) {
            super(database, connection);
        }

        @Override
        public Schema<?, ?> getSchema(String name) {
            return new LumosFlywaySchema(jdbcTemplate, database, name);
        }

        @Override
        protected String getCurrentSchemaNameOrSearchPath() {
            return "main";
        }
    }

    @Override
    protected LumosFlywayConnection doGetConnection(java.sql.Connection connection) {
        return new LumosFlywayConnection(this, connection);
    }

    @Override
    public void ensureSupported(Configuration configuration) {
        // every Lumos-DB version runs a SQLite that Flyway supports
    }

    @Override
    public boolean supportsDdlTransactions() {
        return true;
    }

    @Override
    public String getBooleanTrue() {
        return "1";
    }

    @Override
    public String getBooleanFalse() {
        return "0";
    }

    @Override
    public boolean catalogIsSchema() {
        return true;
    }

    @Override
    public boolean useSingleConnection() {
        return true;
    }

    @Override
    protected String doGetCurrentUser() {
        return "";
    }

    /** Flyway's schema history table for SQLite, as Flyway's SQLite support writes it. */
    @Override
    @SuppressWarnings("rawtypes") // Flyway declares the parameter raw
    public String getRawCreateScript(Table table, boolean baseline) {
        return "CREATE TABLE " + table + " (\n"
                + "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
                + "    \"version\" VARCHAR(50),\n"
                + "    \"description\" VARCHAR(200) NOT NULL,\n"
                + "    \"type\" VARCHAR(20) NOT NULL,\n"
                + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                + "    \"checksum\" INT,\n"
                + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                + "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
                + "    \"execution_time\" INT NOT NULL,\n"
                + "    \"success\" BOOLEAN NOT NULL\n"
                + ");\n"
                + (baseline ? getBaselineStatement(table) + ";\n" : "")
                + "CREATE INDEX \"" + table.getSchema().getName() + "\".\"" + table.getName() + "_s_idx\" ON \"" + table.getName()
                + "\" (\"success\");";
    }
}
