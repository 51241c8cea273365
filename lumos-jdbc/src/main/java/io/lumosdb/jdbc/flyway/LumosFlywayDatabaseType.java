package io.lumosdb.jdbc.flyway;

import io.lumosdb.LumosDB;
import io.lumosdb.jdbc.LumosDriver;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.sqlite.SQLiteDatabaseType;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * Flyway's database type for Lumos-DB: SQLite's (the dialect, the parser, the history table) for {@code jdbc:lumos:}
 * URLs and for connections of the Lumos-DB driver, with a schema that leaves Lumos-DB's own tables out. Without it,
 * Flyway finds no support for the URL, and a new Lumos-DB database never looks empty to it (so the first
 * {@code migrate} asks for a baseline).
 *
 * <pre>{@code
 * Flyway.configure().dataSource("jdbc:lumos:/var/data/app", null, null).load().migrate();
 * }</pre>
 */
public class LumosFlywayDatabaseType extends SQLiteDatabaseType {
    @Override
    public String getName() {
        return "Lumos-DB";
    }

    /** Asked before SQLite's type, which would take Lumos-DB's connections too (their product name is SQLite). */
    @Override
    public int getPriority() {
        return 1;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url.startsWith("jdbc:lumos:");
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return LumosDriver.class.getName();
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String productName, String productVersion, Connection connection) {
        try {
            return connection != null && connection.isWrapperFor(LumosDB.class);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public Database<?> createDatabase(Configuration configuration, JdbcConnectionFactory connectionFactory,
            StatementInterceptor statementInterceptor) {
        return new LumosFlywayDatabase(configuration, connectionFactory, statementInterceptor);
    }
}
