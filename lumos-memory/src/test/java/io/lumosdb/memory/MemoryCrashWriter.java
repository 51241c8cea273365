package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child JVM of {@link MemoryCrashRecoveryTest}: remembers batches, supersedes and forgets until it is
 * killed. Before each operation it prints {@code BEGIN <op> <args>}, after its commit {@code OK <ids>}.
 */
final class MemoryCrashWriter {
    private MemoryCrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open()) {
            List<String> known = new ArrayList<>(memory.vectors().ids(MemoryFieldsAccess.CURRENT));
            for (int op = 0; ; op++) {
                int kind = known.isEmpty() ? 0 : random.nextInt(6);
                if (kind <= 3) {
                    List<Memory> batch = new ArrayList<>();
                    int n = 1 + random.nextInt(24);
                    for (int i = 0; i < n; i++) {
                        batch.add(Memory.text("note " + random.nextLong() + " about topic " + random.nextInt(50)).user("u" + random.nextInt(3)));
                    }
                    System.out.println("BEGIN R " + n);
                    List<String> ids = memory.rememberAll(batch);
                    known.addAll(ids);
                    System.out.println("OK R " + String.join(" ", ids));
                } else if (kind == 4) {
                    String old = known.remove(random.nextInt(known.size()));
                    System.out.println("BEGIN S " + old);
                    String id = memory.supersede(old, Memory.text("revised note " + random.nextLong()));
                    known.add(id);
                    System.out.println("OK S " + old + " " + id);
                } else {
                    String gone = known.remove(random.nextInt(known.size()));
                    System.out.println("BEGIN F " + gone);
                    memory.forget(gone);
                    System.out.println("OK F " + gone);
                }
                System.out.flush();
            }
        }
    }
}
