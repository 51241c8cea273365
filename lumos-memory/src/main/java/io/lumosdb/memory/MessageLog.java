package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import io.lumosdb.Transaction;
import io.lumosdb.TransactionWork;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The conversation log of one session: messages in the order they were appended, kept in SQLite table
 * {@code lumos_messages} (and its DuckDB replica, for analytics).
 *
 * <pre>{@code
 * MessageLog log = memory.messages("s-42");
 * log.append(Message.user("Where did I park?"), Message.assistant("Level 3, bay 12"));
 * List<Message> context = log.last(20);     // oldest first
 * }</pre>
 *
 * <p>Thread-safe; appends from several threads to one session are serialized by the database's writer.
 */
public final class MessageLog {
    private final LumosDB db;
    private final String session;

    MessageLog(LumosDB db, String session) {
        this.db = db;
        this.session = Memory.scope("session", session);
    }

    /**
     * The conversation log of {@code session} in {@code db}, without agent memory (so without an embedder or its
     * model): for chat stores. Creates table {@code lumos_messages} if it is missing.
     *
     * <pre>{@code
     * MessageLog log = MessageLog.open(db, "s-42");
     * }</pre>
     *
     * @throws IllegalArgumentException for a blank session
     * @throws SQLException if the table cannot be created
     */
    public static MessageLog open(LumosDB db, String session) throws SQLException {
        MessageLog log = new MessageLog(Objects.requireNonNull(db, "db"), session);
        if (db.query(Route.OLTP, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", MemoryTables.MESSAGES).size() == 0) {
            MemoryTables.createMessages(db); // only when missing: DDL would make every cached route be derived again
        }
        return log;
    }

    public String session() {
        return session;
    }

    /**
     * Appends {@code messages} in order, in one transaction.
     *
     * @throws SQLException if the database refuses the write; nothing is appended
     */
    public void append(Message... messages) throws SQLException {
        append(List.of(messages));
    }

    /** Appends {@code messages} in order, in one transaction. */
    public void append(List<Message> messages) throws SQLException {
        append(messages, Instant.now(), tx -> null);
    }

    /**
     * {@link #append} with the clock given: messages without a time get {@code now}; and the caller's
     * {@code also} runs in the same transaction. The same call on several databases holding the same log
     * appends the same rows (Lumos-DB's cluster applies a replicated append this way).
     *
     * <pre>{@code
     * log.append(List.of(Message.user("hi")), leaderClock, tx -> tx.update("INSERT INTO applied VALUES (42)"));
     * }</pre>
     *
     * @throws SQLException if the database refuses the write, or {@code also} throws; nothing is appended
     */
    public void append(List<Message> messages, Instant now, TransactionWork<?> also) throws SQLException {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(also, "also");
        if (messages.isEmpty()) {
            return;
        }
        db.transaction(tx -> {
            long next = tx.query("SELECT coalesce(max(seq), 0) FROM " + MemoryTables.MESSAGES + " WHERE session_id = ?", session)
                    .rows().get(0).getLong(0);
            insert(tx, next, messages, now);
            also.run(tx);
            return null;
        });
    }

    /** The last {@code n} messages, oldest first. */
    public List<Message> last(int n) throws SQLException {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        List<Message> out = read(db.query(Route.OLTP, "SELECT role, text, sent_at, metadata FROM " + MemoryTables.MESSAGES
                + " WHERE session_id = ? ORDER BY seq DESC LIMIT ?", session, n));
        Collections.reverse(out);
        return out;
    }

    /** Every message, oldest first. */
    public List<Message> all() throws SQLException {
        return read(db.query(Route.OLTP, "SELECT role, text, sent_at, metadata FROM " + MemoryTables.MESSAGES
                + " WHERE session_id = ? ORDER BY seq", session));
    }

    /** How many messages the session has. */
    public long size() throws SQLException {
        return db.query(Route.OLTP, "SELECT count(*) FROM " + MemoryTables.MESSAGES + " WHERE session_id = ?", session)
                .rows().get(0).getLong(0);
    }

    /** Replaces the whole log with {@code messages}, in one transaction (what a chat memory window does). */
    public void replaceAll(List<Message> messages) throws SQLException {
        Instant now = Instant.now();
        db.transaction(tx -> {
            tx.update("DELETE FROM " + MemoryTables.MESSAGES + " WHERE session_id = ?", session);
            insert(tx, 0, messages, now);
            return null;
        });
    }

    private void insert(Transaction tx, long lastSeq, List<Message> messages, Instant now) throws SQLException {
        long seq = lastSeq;
        for (Message m : messages) {
            Objects.requireNonNull(m, "message");
            tx.update("INSERT INTO " + MemoryTables.MESSAGES + "(session_id, seq, role, text, sent_at, metadata) VALUES (?, ?, ?, ?, ?, ?)",
                    session, ++seq, m.role(), m.text(), m.at() != null ? m.at() : now, MemoryTables.json(m.metadata()));
        }
    }

    /** Deletes the session's messages. */
    public void clear() throws SQLException {
        db.update("DELETE FROM " + MemoryTables.MESSAGES + " WHERE session_id = ?", session);
    }

    private static List<Message> read(QueryResult r) {
        List<Message> out = new ArrayList<>(r.rows().size());
        for (Row row : r.rows()) {
            out.add(new Message(row.getString(0), row.getString(1), row.getInstant(2), MemoryTables.readJson(row.getString(3))));
        }
        return out;
    }

    @Override
    public String toString() {
        return "MessageLog[" + session + "]";
    }
}
