/**
 * The JDBC driver of Lumos-DB: {@link io.lumosdb.jdbc.LumosDriver} for {@code jdbc:lumos:/path/to/dir} URLs and
 * {@link io.lumosdb.jdbc.LumosDataSource}. Every statement goes through the {@link io.lumosdb.LumosDB} facade, so
 * the router still picks SQLite or DuckDB per statement; the connections of one process share one database per
 * directory. The classes behind the two entry points are package-private.
 */
package io.lumosdb.jdbc;
