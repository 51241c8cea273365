package io.lumosdb.fault;

import io.lumosdb.LumosDB;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child JVM of {@link VectorCrashRecoveryTest}: bulk upserts, deletes and snapshots on a vector
 * collection until killed. Prints {@code BEGIN op ids...} before and {@code OK} after each.
 */
public final class VectorCrashWriter {
    static final int DIMENSIONS = 8;

    private VectorCrashWriter() {}

    static float[] vector(String id, long version) {
        Random r = new Random(id.hashCode() * 31L + version);
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Random random = new Random(Long.parseLong(args[1]));
        try (LumosDB db = LumosDB.open(Path.of(args[0]))) {
            VectorCollection docs = db.vectors().exists("docs") ? db.vectors().open("docs")
                    : db.vectors().create("docs", VectorSpec.of(DIMENSIONS, Metric.COSINE));
            long version = random.nextLong() & 0xffffffL;
            while (true) {
                int what = random.nextInt(10);
                if (what < 7) {
                    List<VectorRecord> batch = new ArrayList<>();
                    StringBuilder line = new StringBuilder("BEGIN U");
                    version++;
                    for (int i = 0; i < 1 + random.nextInt(200); i++) {
                        String id = "k" + random.nextInt(3_000);
                        batch.add(new VectorRecord(id, vector(id, version), Map.of("key", id, "version", version)));
                        line.append(' ').append(id);
                    }
                    out.println(line);
                    docs.upsertAll(batch);
                } else if (what < 9) {
                    String id = "k" + random.nextInt(3_000);
                    out.println("BEGIN D " + id);
                    docs.delete(id);
                } else {
                    out.println("BEGIN S");
                    docs.snapshot();
                }
                out.println("OK");
            }
        }
    }
}
