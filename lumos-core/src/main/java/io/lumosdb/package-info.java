/**
 * The Lumos-DB API: {@link io.lumosdb.LumosDB} and the values it hands out.
 *
 * <p>Writes and transactional reads run on SQLite; analytical reads run on a DuckDB replica that change
 * capture keeps equal to SQLite; a router picks the engine per statement and says why
 * ({@link io.lumosdb.RouteDecision}). Errors are JDBC {@link java.sql.SQLException} subtypes.
 */
package io.lumosdb;
