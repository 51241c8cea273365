package io.lumosdb;

import io.lumosdb.vector.VectorStorage;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;

/** The facade's SQL access for its vector collections: writes through its writer, reads on its readers. */
final class FacadeVectorStorage implements VectorStorage {
    private final LumosDB db;

    FacadeVectorStorage(LumosDB db) {
        this.db = db;
    }

    @Override
    public <T> T write(Set<String> tables, boolean schemaChange, SqlWork<T> work) throws SQLException {
        return db.writeForVectors(tables, schemaChange, work);
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return db.readForVectors(work);
    }

    @Override
    public Path directory() {
        return db.directory();
    }
}
