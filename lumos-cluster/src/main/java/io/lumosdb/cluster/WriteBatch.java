package io.lumosdb.cluster;

import io.lumosdb.server.WriteExecutor.Statement;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one Raft log entry holds: statements with their bound parameters, run in one transaction or each
 * on its own. The encoding is a small tagged binary format of this class's own (no Java serialization: a
 * log file is read back by the node that wrote it, and by others after a copy), versioned by its first byte.
 *
 * <p>Values: null, 64-bit integers, doubles, text, booleans, blobs, instants and UUIDs, the parameter
 * types the server binds; any other type is refused when the batch is encoded.
 */
record WriteBatch(boolean transaction, List<Statement> statements) {
    static final byte FORMAT = 1;
    private static final int MAX_STATEMENTS = 100_000;
    private static final int MAX_TEXT_BYTES = 64 << 20;

    WriteBatch {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a write batch holds at least one statement");
        }
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeBoolean(transaction);
            out.writeInt(statements.size());
            for (int i = 0; i < statements.size(); i++) {
                Statement s = statements.get(i);
                writeText(out, s.sql());
                Object[] params = s.params();
                out.writeInt(params.length);
                for (int p = 0; p < params.length; p++) {
                    writeValue(out, params[p], i, p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IOException if the bytes are not a write batch of a known format
     */
    static WriteBatch decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int format = data.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("a write batch of format " + format + " is not known to this version (it knows " + FORMAT + ")");
        }
        boolean transaction = data.readBoolean();
        int n = data.readInt();
        if (n < 1 || n > MAX_STATEMENTS) {
            throw new IOException("a write batch claims " + n + " statements");
        }
        List<Statement> statements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String sql = readText(data);
            int count = data.readInt();
            if (count < 0 || count > 1_000_000) {
                throw new IOException("a statement claims " + count + " parameters");
            }
            Object[] params = new Object[count];
            for (int p = 0; p < count; p++) {
                params[p] = readValue(data);
            }
            statements.add(new Statement(sql, params));
        }
        return new WriteBatch(transaction, statements);
    }

    private static void writeValue(DataOutputStream out, Object v, int statement, int param) throws IOException {
        if (v == null) {
            out.writeByte(0);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeByte(1);
            out.writeLong(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            out.writeByte(2);
            out.writeDouble(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            out.writeByte(3);
            writeText(out, s);
        } else if (v instanceof Boolean b) {
            out.writeByte(4);
            out.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            out.writeByte(5);
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Instant t) {
            out.writeByte(6);
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        } else if (v instanceof UUID u) {
            out.writeByte(7);
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
        } else {
            throw new IllegalArgumentException("statements[" + statement + "] parameter " + (param + 1) + " is a "
                    + v.getClass().getSimpleName() + ", which a replicated write cannot carry (use a number, text, boolean,"
                    + " blob, Instant or UUID)");
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readLong();
            case 2 -> in.readDouble();
            case 3 -> readText(in);
            case 4 -> in.readBoolean();
            case 5 -> {
                int n = in.readInt();
                if (n < 0 || n > MAX_TEXT_BYTES) {
                    throw new IOException("a blob claims " + n + " bytes");
                }
                yield in.readNBytes(n);
            }
            case 6 -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case 7 -> new UUID(in.readLong(), in.readLong());
            default -> throw new IOException("unknown value tag " + tag + " in a write batch");
        };
    }

    static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_TEXT_BYTES) {
            throw new IOException("a text claims " + n + " bytes");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("a text was cut short: " + b.length + " of " + n + " bytes");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
