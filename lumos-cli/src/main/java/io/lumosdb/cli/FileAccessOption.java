package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.LumosDBBuilder;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which directories DuckDB may read files in ({@code FROM 'orders.csv'}, {@code read_parquet(...)}): the
 * current directory unless {@code --no-file-access}, and each {@code --allow-dir}. The library grants nothing
 * by default (docs/security.md); the shell is a person's own tool on their own files, as the DuckDB and sqlite3
 * shells are, so it grants where the person stands, and no more: the server ({@code lumos serve}) grants nothing.
 */
final class FileAccessOption {
    @Option(names = "--allow-dir", paramLabel = "DIR", description = "also let DuckDB read files in DIR (repeatable)")
    List<Path> allowed = new ArrayList<>();

    @Option(names = "--no-file-access", description = "let DuckDB read no files, not even in the current directory")
    boolean none;

    /** The directories granted. */
    List<Path> directories() {
        if (none) {
            if (!allowed.isEmpty()) {
                throw new IllegalArgumentException("--no-file-access and --allow-dir contradict each other");
            }
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        out.add(Path.of("").toAbsolutePath());
        allowed.forEach(p -> out.add(p.toAbsolutePath().normalize()));
        return out;
    }

    /** Opens the database in {@code dir} with these grants; the replica opens in the background. */
    LumosDB open(Path dir) throws SQLException {
        return open(dir, false);
    }

    /**
     * Opens the database in {@code dir} with these grants; {@code replicaOnFirstUse}: DuckDB is opened only if a
     * statement needs it (a one-shot run that SQLite answers never loads it).
     */
    LumosDB open(Path dir, boolean replicaOnFirstUse) throws SQLException {
        LumosDBBuilder b = LumosDB.builder().directory(dir);
        if (replicaOnFirstUse) {
            b.openReplicaOnFirstUse();
        }
        List<Path> dirs = directories();
        if (!dirs.isEmpty()) {
            b.allowFileAccess(dirs.toArray(Path[]::new));
        }
        return b.open();
    }
}
