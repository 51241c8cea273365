package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.server.ApiKey;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.Role;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lumos keys create|list|revoke DIR}: the server's API keys, on a directory no server holds
 * (while one runs, admins use {@code /v1/admin/keys}). {@code create} prints the key once, alone on the
 * last line, for scripts: {@code KEY=$(lumos keys create data/app --role read | tail -1)}.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make, list and revoke the server's API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key; prints it once, on the last line.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the database directory")
        Path dir;

        @Option(names = "--role", required = true, description = "read, write, admin or metrics")
        String role;

        @Option(names = "--user", description = "the only user whose memories the key sees")
        String user;

        @Option(names = "--collections", split = ",", description = "the only collections the key may use (a,b)")
        List<String> collections;

        @Option(names = "--name", description = "a name for people")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Role r = Role.parse(role);
            try (LumosDB db = LumosDB.open(dir); ApiKeys keys = ApiKeys.open(db)) {
                ApiKeys.Issued issued = keys.create(r, name, user, collections == null ? null : new LinkedHashSet<>(collections));
                PrintWriter out = spec.commandLine().getOut();
                out.println("Made " + describe(issued.key()) + ". The key is shown this once:");
                out.println(issued.secret());
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the database directory")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (LumosDB db = LumosDB.open(dir); ApiKeys keys = ApiKeys.open(db)) {
                PrintWriter out = spec.commandLine().getOut();
                List<ApiKey> all = keys.list();
                if (all.isEmpty()) {
                    out.println("no keys");
                }
                all.forEach(k -> out.println(describe(k)));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id (or its unique name).")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the database directory")
        Path dir;

        @Parameters(index = "1", paramLabel = "ID", description = "the key's id or name")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (LumosDB db = LumosDB.open(dir); ApiKeys keys = ApiKeys.open(db)) {
                ApiKey k = keys.revoke(id).orElseThrow(() -> new IllegalArgumentException("no key with id or name '" + id + "'"));
                spec.commandLine().getOut().println("revoked " + describe(k));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    static String describe(ApiKey k) {
        return "key " + k.id() + " '" + k.name() + "' role " + k.role().label()
                + (k.user() != null ? " user " + k.user() : "")
                + (k.collections() != null ? " collections " + String.join(",", k.collections()) : "")
                + " made " + k.created();
    }
}
