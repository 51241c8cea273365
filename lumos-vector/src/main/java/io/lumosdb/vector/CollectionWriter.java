package io.lumosdb.vector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The write path of a collection: checks a batch of upserts and deletes whole, writes it to SQLite in one
 * transaction (rows, keyword index, tombstones, the collection's change sequence, and the caller's
 * {@link SideWrite}), then applies it to the graph and the metadata in memory before returning, so a
 * search sees every write that returned before it began.
 *
 * <pre>{@code
 * List<String> deleted = writer.change(List.of(new VectorRecord("d2", v, meta)), List.of("d1"), SideWrite.NONE);
 * }</pre>
 *
 * <p>Writes are serialized by the collection's write lock. Each change takes the next numbers of the
 * collection's sequence (one per vector written or deleted) from the registry row in the same transaction;
 * a sequence that is not where this process left it means another program wrote the collection, and the
 * write is refused. The graph is linked on every core ({@link GraphIndex#addAll}); an interrupt there
 * leaves the vectors stored but out of the graph until the next open, and no snapshot is saved meanwhile.
 */
final class CollectionWriter {
    private final CollectionState state;
    private final CollectionSnapshots snapshots;

    CollectionWriter(CollectionState state, CollectionSnapshots snapshots) {
        this.state = state;
        this.snapshots = snapshots;
    }

    /** See {@link VectorCollection#change}. */
    List<String> change(List<VectorRecord> upserts, Collection<String> deletes, SideWrite also) throws SQLException {
        Objects.requireNonNull(upserts, "upserts");
        Objects.requireNonNull(deletes, "deletes");
        Objects.requireNonNull(also, "also");
        List<Prepared> batch = new ArrayList<>(upserts.size());
        for (VectorRecord r : upserts) {
            CollectionState.requireId(r.id());
            float[] prepared = Distances.prepare(r.vector(), state.spec.dimensions(), state.spec.metric(), "vector of '" + r.id() + "'");
            String json = MetadataJson.write(r.metadata(), r.id());
            Object text = state.spec.textField() == null ? null : r.metadata().get(state.spec.textField());
            batch.add(new Prepared(r.id(), r.vector().clone(), prepared, json, text instanceof String s ? s : null));
        }
        Set<String> upserted = new HashSet<>();
        batch.forEach(p -> upserted.add(p.id()));
        List<String> toDelete = new ArrayList<>();
        for (String id : new LinkedHashSet<>(deletes)) {
            CollectionState.requireId(id);
            if (!upserted.contains(id)) {
                toDelete.add(id);
            }
        }
        if (batch.isEmpty() && toDelete.isEmpty() && also == SideWrite.NONE) {
            return List.of();
        }
        Set<String> written = new HashSet<>(also.tables());
        written.add(state.tables.vectors());
        state.lockForWrite();
        try {
            long first = state.sequence + 1;
            List<String> deleted = state.storage.write(written, false, c -> {
                List<Long> rows = new ArrayList<>();
                List<String> existing = new ArrayList<>();
                for (String id : toDelete) {
                    Long row = rowidOf(c, id);
                    if (row != null) {
                        rows.add(row);
                        existing.add(id);
                    }
                }
                int n = batch.size() + existing.size();
                if (n > 0) {
                    long base = reserve(c, n);
                    if (base + 1 != first) {
                        throw new SQLException("collection " + state.name() + " was changed by another program (sequence " + base
                                + ", expected " + (first - 1) + "); reopen the database", "40001");
                    }
                }
                writeRows(c, batch, first);
                for (int i = 0; i < existing.size(); i++) {
                    deleteRow(c, existing.get(i), rows.get(i), first + batch.size() + i);
                }
                also.work().run(c);
                return existing;
            });
            List<IndexedVector> added = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Prepared p = batch.get(i);
                added.add(new IndexedVector(p.id(), p.prepared(), first + i));
                state.metadata.put(p.id(), MetadataJson.read(p.json()));
            }
            state.sequence = first + batch.size() + deleted.size() - 1;
            try {
                state.graph.addAll(added, Runtime.getRuntime().availableProcessors());
            } catch (InterruptedException e) {
                state.writes.incrementAndGet();
                state.graphBehind = true; // stored in SQLite; the graph catches up at the next open
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while indexing; the vectors are stored and are indexed at the next open",
                        "57014", e);
            } finally {
                for (int i = 0; i < deleted.size(); i++) {
                    state.graph.remove(deleted.get(i), first + batch.size() + i);
                    state.metadata.remove(deleted.get(i));
                }
            }
            state.writes.incrementAndGet();
            snapshots.compactIfDue();
            return deleted;
        } finally {
            state.writeLock.unlock();
        }
    }

    private record Prepared(String id, float[] original, float[] prepared, String json, String text) {}

    private long reserve(Connection c, int n) throws SQLException {
        long base;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM " + CollectionTables.REGISTRY + " WHERE name = ?")) {
            ps.setString(1, state.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("collection " + state.name() + " was dropped", "42S02");
                }
                base = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + CollectionTables.REGISTRY + " SET last_seq = ? WHERE name = ?")) {
            ps.setLong(1, base + n);
            ps.setString(2, state.name());
            ps.executeUpdate();
        }
        return base;
    }

    private void writeRows(Connection c, List<Prepared> batch, long first) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + state.tables.vectors() + "(id, embedding, metadata, seq)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET embedding = excluded.embedding,"
                + " metadata = excluded.metadata, seq = excluded.seq");
                PreparedStatement rowid = c.prepareStatement("SELECT rowid FROM " + state.tables.vectors() + " WHERE id = ?");
                PreparedStatement undelete = c.prepareStatement("DELETE FROM " + CollectionTables.DELETES
                        + " WHERE collection = ? AND id = ?");
                PreparedStatement keywords = state.spec.textField() == null ? null : c.prepareStatement(
                        "INSERT OR REPLACE INTO " + state.tables.keywords() + "(rowid, text) VALUES (?, ?)");
                PreparedStatement noKeywords = state.spec.textField() == null ? null : c.prepareStatement(
                        "DELETE FROM " + state.tables.keywords() + " WHERE rowid = ?")) {
            for (int i = 0; i < batch.size(); i++) {
                Prepared p = batch.get(i);
                upsert.setString(1, p.id());
                upsert.setBytes(2, VectorBlobs.toBytes(p.original()));
                upsert.setString(3, p.json());
                upsert.setLong(4, first + i);
                upsert.executeUpdate();
                undelete.setString(1, state.name());
                undelete.setString(2, p.id());
                undelete.executeUpdate();
                if (keywords != null) {
                    rowid.setString(1, p.id());
                    long row;
                    try (ResultSet rs = rowid.executeQuery()) {
                        rs.next();
                        row = rs.getLong(1);
                    }
                    if (p.text() != null) {
                        keywords.setLong(1, row);
                        keywords.setString(2, p.text());
                        keywords.executeUpdate();
                    } else {
                        noKeywords.setLong(1, row);
                        noKeywords.executeUpdate();
                    }
                }
            }
        }
    }

    private Long rowidOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid FROM " + state.tables.vectors() + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void deleteRow(Connection c, String id, long row, long seq) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + state.tables.vectors() + " WHERE rowid = ?")) {
            del.setLong(1, row);
            del.executeUpdate();
        }
        if (state.spec.textField() != null) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + state.tables.keywords() + " WHERE rowid = ?")) {
                del.setLong(1, row);
                del.executeUpdate();
            }
        }
        try (PreparedStatement tomb = c.prepareStatement("INSERT OR REPLACE INTO " + CollectionTables.DELETES
                + "(collection, id, seq) VALUES (?, ?, ?)")) {
            tomb.setString(1, state.name());
            tomb.setString(2, id);
            tomb.setLong(3, seq);
            tomb.executeUpdate();
        }
    }

}
