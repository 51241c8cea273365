package io.lumosdb;

import java.sql.SQLException;
import java.util.List;

/**
 * The handle of one SQLite transaction, passed to the work given to {@link LumosDB#transaction}. Every
 * statement runs on SQLite inside the transaction, so reads see the transaction's own writes. Valid only
 * inside that work, on its thread.
 *
 * <pre>{@code
 * long total = db.transaction(tx -> {
 *     tx.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", 10, 1);
 *     tx.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", 10, 2);
 *     return tx.query("SELECT sum(balance) FROM accounts").rows().get(0).getLong(0);
 * });
 * }</pre>
 */
public interface Transaction {
    /**
     * Runs a write or DDL statement in the transaction.
     *
     * @return the number of rows changed (0 for DDL)
     * @throws SQLException as {@link LumosDB#update}; the transaction stays open, its earlier writes kept
     */
    long update(String sql, Object... args) throws SQLException;

    /**
     * Runs one INSERT, UPDATE or DELETE once for each row of values, as one JDBC batch on SQLite: the
     * fast way to write many rows. All rows or none: a row that fails undoes the batch (the transaction's
     * earlier writes are kept) and the error names the row.
     *
     * <pre>{@code
     * db.transaction(tx -> tx.updateBatch("INSERT INTO events(kind, at) VALUES (?, ?)",
     *         List.of(new Object[] {"login", now}, new Object[] {"view", now})));
     * }</pre>
     *
     * @param rows the parameter values, one array per execution
     * @return the number of rows changed, summed over the batch
     * @throws SQLException as {@link LumosDB#update}, with the failing row's position in the message
     */
    long updateBatch(String sql, List<Object[]> rows) throws SQLException;

    /**
     * Runs a SELECT in the transaction, on SQLite, seeing the transaction's writes.
     *
     * @throws SQLException as {@link LumosDB#query}
     */
    QueryResult query(String sql, Object... args) throws SQLException;
}
