package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lumos restore DIR FILE}: replaces the database in DIR by a backup (from {@code /v1/admin/backup},
 * a scheduled backup, or {@code LumosDB.backupTo}), offline, then opens it once so the replica is rebuilt
 * and checked before anything serves it.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a backup into a directory no process holds.")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory (created if missing)")
    Path dir;

    @Parameters(index = "1", paramLabel = "FILE", description = "the backup: a SQLite file")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LumosDB.restore(dir, file);
        try (LumosDB db = LumosDB.open(dir)) {
            boolean consistent = db.sync().verify().consistent();
            spec.commandLine().getOut().println("restored " + file + " into " + dir + "; replica rebuilt"
                    + (consistent ? " and verified" : " (differences found and repaired)"));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
