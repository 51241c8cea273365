package io.lumosdb;

import java.sql.SQLException;

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
     * Runs a SELECT in the transaction, on SQLite, seeing the transaction's writes.
     *
     * @throws SQLException as {@link LumosDB#query}
     */
    QueryResult query(String sql, Object... args) throws SQLException;
}
