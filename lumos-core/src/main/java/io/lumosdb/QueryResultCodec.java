package io.lumosdb;

import io.lumosdb.cache.ResultCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Weighs and serializes {@link QueryResult}s for the cache's levels. The format is our own (no Java
 * serialization): column names, the route and its reason, then each value as a tag byte and its bytes.
 * It is never written to disk.
 */
final class QueryResultCodec implements ResultCodec<QueryResult> {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte TEXT = 3;
    private static final byte BLOB = 4;
    private static final byte LIST = 5;

    @Override
    public long weigh(QueryResult result) {
        long bytes = 64 + 48L * result.columns().size();
        for (String name : result.columns()) {
            bytes += 2L * name.length();
        }
        for (Row row : result.rows()) {
            bytes += 32 + 16 + 4L * row.size(); // the row, its value array
            for (int i = 0; i < row.size(); i++) {
                bytes += weighValue(row.value(i));
            }
        }
        return bytes;
    }

    private static long weighValue(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            return 48 + 2L * s.length();
        }
        if (v instanceof byte[] b) {
            return 16 + b.length;
        }
        if (v instanceof List<?> list) {
            long bytes = 40 + 4L * list.size();
            for (Object item : list) {
                bytes += weighValue(item);
            }
            return bytes;
        }
        return 16; // Long, Double
    }

    @Override
    public byte[] encode(QueryResult result) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(result.columns().size());
            for (String name : result.columns()) {
                writeText(out, name);
            }
            out.writeByte(result.route().ordinal());
            writeText(out, result.decision().reason());
            out.writeInt(result.size());
            for (Row row : result.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    writeValue(out, row.value(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return buffer.toByteArray();
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            writeVarLong(out, (l << 1) ^ (l >> 63)); // zig-zag: small magnitudes take few bytes
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof String s) {
            out.writeByte(TEXT);
            writeText(out, s);
        } else if (v instanceof byte[] b) {
            out.writeByte(BLOB);
            writeVarLong(out, b.length);
            out.write(b);
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            writeVarLong(out, list.size());
            for (Object item : list) {
                writeValue(out, item);
            }
        } else {
            throw new IllegalArgumentException("no cache encoding for a " + v.getClass().getName() + " value");
        }
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.write(utf8);
    }

    /** Seven bits a byte, low first, the high bit saying more follow. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("a variable-length integer runs past 64 bits");
    }

    @Override
    public QueryResult decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int width = in.readInt();
            List<String> names = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                names.add(readText(in));
            }
            Columns columns = new Columns(names);
            RouteDecision decision = new RouteDecision(Route.values()[in.readByte()], readText(in));
            int size = in.readInt();
            List<Row> rows = new ArrayList<>(size);
            for (int r = 0; r < size; r++) {
                Object[] values = new Object[width];
                for (int i = 0; i < width; i++) {
                    values[i] = readValue(in);
                }
                rows.add(new Row(columns, values));
            }
            return new QueryResult(columns, rows, decision, 0L);
        } catch (IOException e) {
            throw new UncheckedIOException("a cached result does not decode", e);
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                long zigzag = readVarLong(in);
                return (zigzag >>> 1) ^ -(zigzag & 1);
            case DOUBLE:
                return in.readDouble();
            case TEXT:
                return readText(in);
            case BLOB:
                byte[] b = new byte[(int) readVarLong(in)];
                in.readFully(b);
                return b;
            case LIST:
                int n = (int) readVarLong(in);
                Object[] items = new Object[n];
                for (int i = 0; i < n; i++) {
                    items[i] = readValue(in);
                }
                return Collections.unmodifiableList(java.util.Arrays.asList(items));
            default:
                throw new IOException("unknown value tag " + tag);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[(int) readVarLong(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
