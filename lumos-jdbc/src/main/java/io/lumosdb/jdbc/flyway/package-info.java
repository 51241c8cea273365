/**
 * Flyway's support for Lumos-DB, found by Flyway's plugin loader when Flyway is on the class path:
 * {@link io.lumosdb.jdbc.flyway.LumosFlywayDatabaseType} takes {@code jdbc:lumos:} URLs and Lumos-DB connections,
 * and runs Flyway's SQLite support but for one thing: Lumos-DB's own tables ({@code _lumos_*}) are not the
 * application's, so Flyway neither counts nor cleans them. Built on Flyway 13's database plugin classes.
 */
package io.lumosdb.jdbc.flyway;
