package io.lumosdb;

import io.lumosdb.vector.VectorStorage;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;

/** The facade's SQL access for its vector collections: writes through its write path, reads on its readers. */
final class FacadeVectorStorage implements VectorStorage {
    private final WritePath writes;
    private final ReadPath reads;
    private final Path directory;
    private final Telemetry telemetry;

    FacadeVectorStorage(WritePath writes, ReadPath reads, Path directory, Telemetry telemetry) {
        this.writes = writes;
        this.reads = reads;
        this.directory = directory;
        this.telemetry = telemetry;
    }

    @Override
    public void searched(String plan, long nanos) {
        telemetry.vectorSearched(plan, nanos);
    }

    @Override
    public <T> T write(Set<String> tables, boolean schemaChange, SqlWork<T> work) throws SQLException {
        return writes.writeForVectors(tables, schemaChange, work);
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return reads.readForVectors(work);
    }

    @Override
    public Path directory() {
        return directory;
    }
}
