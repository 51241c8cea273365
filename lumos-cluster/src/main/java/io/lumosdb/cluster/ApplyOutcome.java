package io.lumosdb.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;

/**
 * What applying one write batch gave, sent back to the node that proposed it: the rows each statement
 * changed (for a store change: its count, and the memory's id in {@code answer}), or the failure of statement {@code index} with its kind, SQL state and message, which the
 * proposing node raises as the same {@link SQLException} subtype the database raised on the leader.
 * Every node applies the batch the same way and meets the same failure; only the leader's answer travels.
 */
record ApplyOutcome(long[] changed, String answer, int failedIndex, String errorKind, String sqlState, String message) {
    static ApplyOutcome ok(long[] changed) {
        return new ApplyOutcome(changed.clone(), null, -1, null, null, null);
    }

    /** A store change's count and answer (null if none). */
    static ApplyOutcome ok(long count, String answer) {
        return new ApplyOutcome(new long[] {count}, answer, -1, null, null, null);
    }

    static ApplyOutcome failed(int index, SQLException e) {
        String kind = e instanceof SQLIntegrityConstraintViolationException ? "integrity"
                : e instanceof SQLSyntaxErrorException ? "syntax" : e instanceof SQLDataException ? "data" : "other";
        return new ApplyOutcome(null, null, index, kind, e.getSQLState() == null ? "" : e.getSQLState(), String.valueOf(e.getMessage()));
    }

    boolean succeeded() {
        return failedIndex < 0;
    }

    /** The failure as the exception the database raised. */
    SQLException exception() {
        String state = sqlState.isEmpty() ? null : sqlState;
        return switch (errorKind) {
            case "integrity" -> new SQLIntegrityConstraintViolationException(message, state);
            case "syntax" -> new SQLSyntaxErrorException(message, state);
            case "data" -> new SQLDataException(message, state);
            default -> new SQLException(message, state);
        };
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (succeeded()) {
                out.writeByte('O');
                out.writeInt(changed.length);
                for (long c : changed) {
                    out.writeLong(c);
                }
                out.writeBoolean(answer != null);
                if (answer != null) {
                    WriteBatch.writeText(out, answer);
                }
            } else {
                out.writeByte('E');
                out.writeInt(failedIndex);
                WriteBatch.writeText(out, errorKind);
                WriteBatch.writeText(out, sqlState);
                WriteBatch.writeText(out, message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ApplyOutcome decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int tag = in.readUnsignedByte();
        if (tag == 'O') {
            int n = in.readInt();
            if (n < 0 || n > 100_000) {
                throw new IOException("an apply outcome claims " + n + " statements");
            }
            long[] changed = new long[n];
            for (int i = 0; i < n; i++) {
                changed[i] = in.readLong();
            }
            return new ApplyOutcome(changed, in.readBoolean() ? WriteBatch.readText(in) : null, -1, null, null, null);
        }
        if (tag == 'E') {
            return new ApplyOutcome(null, null, in.readInt(), WriteBatch.readText(in), WriteBatch.readText(in), WriteBatch.readText(in));
        }
        throw new IOException("unknown apply outcome tag " + tag);
    }
}
