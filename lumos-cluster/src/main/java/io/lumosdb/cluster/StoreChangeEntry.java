package io.lumosdb.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.MemoryKind;
import io.lumosdb.memory.Message;
import io.lumosdb.server.StoreChange;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A vector collection or agent memory change ({@link StoreChange}, session messages included) as a log entry, in the tagged binary
 * format of {@link WriteBatch} (first byte {@link #FORMAT}; metadata as JSON text, vectors as floats). A
 * remember or supersede leaves the receiving node without its {@link StoreChange.Given} (id, embedding,
 * clock); the leader adds it before the entry is logged, so the log holds the vector and every node
 * stores the same without running the embedder.
 */
final class StoreChangeEntry {
    static final byte FORMAT = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final int MAX_POINTS = 100_000;
    private static final int MAX_DIMENSIONS = 65_536;

    private StoreChangeEntry() {}

    static boolean is(byte[] data) {
        return data.length > 0 && data[0] == FORMAT;
    }

    static byte[] encode(StoreChange change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            if (change instanceof StoreChange.CreateCollection c) {
                out.writeByte('C');
                WriteBatch.writeText(out, c.name());
                VectorSpec s = c.spec();
                out.writeInt(s.dimensions());
                WriteBatch.writeText(out, s.metric().name());
                out.writeInt(s.m());
                out.writeInt(s.efConstruction());
                out.writeInt(s.ef());
                WriteBatch.writeText(out, s.textField());
            } else if (change instanceof StoreChange.DropCollection d) {
                out.writeByte('D');
                WriteBatch.writeText(out, d.name());
            } else if (change instanceof StoreChange.UpsertPoints u) {
                out.writeByte('U');
                WriteBatch.writeText(out, u.collection());
                out.writeInt(u.points().size());
                for (VectorRecord r : u.points()) {
                    WriteBatch.writeText(out, r.id());
                    writeVector(out, r.vector());
                    WriteBatch.writeText(out, JSON.writeValueAsString(r.metadata()));
                }
            } else if (change instanceof StoreChange.DeletePoint d) {
                out.writeByte('X');
                WriteBatch.writeText(out, d.collection());
                WriteBatch.writeText(out, d.id());
            } else if (change instanceof StoreChange.Remember r) {
                out.writeByte('R');
                writeMemory(out, r.memory());
                writeGiven(out, r.given());
            } else if (change instanceof StoreChange.Forget f) {
                out.writeByte('F');
                WriteBatch.writeText(out, f.id());
            } else if (change instanceof StoreChange.Supersede s) {
                out.writeByte('S');
                WriteBatch.writeText(out, s.oldId());
                writeMemory(out, s.replacement());
                writeGiven(out, s.given());
            } else if (change instanceof StoreChange.AppendMessages a) {
                out.writeByte('M');
                WriteBatch.writeText(out, a.session());
                out.writeInt(a.messages().size());
                for (Message m : a.messages()) {
                    WriteBatch.writeText(out, m.role());
                    WriteBatch.writeText(out, m.text());
                    writeOptionalInstant(out, m.at());
                    WriteBatch.writeText(out, JSON.writeValueAsString(m.metadata()));
                }
                writeOptionalInstant(out, a.now());
            } else {
                throw new IllegalArgumentException("a store change of an unknown kind: " + change);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail; metadata was JSON-like when the server read it
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IOException if the bytes are not a store change of a known format
     */
    static StoreChange decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int format = data.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("not a store change: format " + format);
        }
        int op = data.readUnsignedByte();
        try {
            return switch (op) {
                case 'C' -> {
                    String name = WriteBatch.readText(data);
                    int dimensions = data.readInt();
                    Metric metric = Metric.valueOf(WriteBatch.readText(data));
                    yield new StoreChange.CreateCollection(name,
                            new VectorSpec(dimensions, metric, data.readInt(), data.readInt(), data.readInt(), WriteBatch.readText(data)));
                }
                case 'D' -> new StoreChange.DropCollection(WriteBatch.readText(data));
                case 'U' -> {
                    String collection = WriteBatch.readText(data);
                    int n = data.readInt();
                    if (n < 0 || n > MAX_POINTS) {
                        throw new IOException("a vector upsert claims " + n + " points");
                    }
                    List<VectorRecord> points = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        points.add(new VectorRecord(WriteBatch.readText(data), readVector(data), JSON.readValue(WriteBatch.readText(data), MAP)));
                    }
                    yield new StoreChange.UpsertPoints(collection, points);
                }
                case 'X' -> new StoreChange.DeletePoint(WriteBatch.readText(data), WriteBatch.readText(data));
                case 'R' -> new StoreChange.Remember(readMemory(data), readGiven(data));
                case 'F' -> new StoreChange.Forget(WriteBatch.readText(data));
                case 'S' -> new StoreChange.Supersede(WriteBatch.readText(data), readMemory(data), readGiven(data));
                case 'M' -> {
                    String session = WriteBatch.readText(data);
                    int n = data.readInt();
                    if (n < 0 || n > MAX_POINTS) {
                        throw new IOException("a message append claims " + n + " messages");
                    }
                    List<Message> messages = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        messages.add(new Message(WriteBatch.readText(data), WriteBatch.readText(data), readOptionalInstant(data),
                                JSON.readValue(WriteBatch.readText(data), MAP)));
                    }
                    yield new StoreChange.AppendMessages(session, messages, readOptionalInstant(data));
                }
                default -> throw new IOException("unknown store change " + op);
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("a store change could not be read: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- parts

    private static void writeMemory(DataOutputStream out, Memory m) throws IOException {
        WriteBatch.writeText(out, m.text());
        writeOptional(out, m.user());
        writeOptional(out, m.agent());
        writeOptional(out, m.session());
        writeOptionalInstant(out, m.at());
        WriteBatch.writeText(out, m.kind().name());
        out.writeDouble(m.importance());
        out.writeBoolean(m.ttl() != null);
        if (m.ttl() != null) {
            out.writeLong(m.ttl().getSeconds());
            out.writeInt(m.ttl().getNano());
        }
        WriteBatch.writeText(out, JSON.writeValueAsString(m.metadata()));
    }

    private static Memory readMemory(DataInputStream in) throws IOException {
        Memory m = Memory.text(WriteBatch.readText(in));
        String user = readOptional(in);
        String agent = readOptional(in);
        String session = readOptional(in);
        m = user != null ? m.user(user) : m;
        m = agent != null ? m.agent(agent) : m;
        m = session != null ? m.session(session) : m;
        Instant at = readOptionalInstant(in);
        m = at != null ? m.at(at) : m;
        m = m.kind(MemoryKind.valueOf(WriteBatch.readText(in))).importance(in.readDouble());
        if (in.readBoolean()) {
            m = m.ttl(Duration.ofSeconds(in.readLong(), in.readInt()));
        }
        return m.metadata(JSON.readValue(WriteBatch.readText(in), MAP));
    }

    private static void writeGiven(DataOutputStream out, StoreChange.Given g) throws IOException {
        out.writeBoolean(g != null);
        if (g != null) {
            WriteBatch.writeText(out, g.id());
            writeVector(out, g.embedding());
            writeInstant(out, g.now());
        }
    }

    private static StoreChange.Given readGiven(DataInputStream in) throws IOException {
        return in.readBoolean() ? new StoreChange.Given(WriteBatch.readText(in), readVector(in), readInstant(in)) : null;
    }

    private static void writeVector(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) {
            out.writeFloat(x);
        }
    }

    private static float[] readVector(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_DIMENSIONS) {
            throw new IOException("a vector claims " + n + " dimensions");
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeOptionalInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            writeInstant(out, t);
        }
    }

    private static Instant readOptionalInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }

    private static void writeOptional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            WriteBatch.writeText(out, s);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? WriteBatch.readText(in) : null;
    }
}
