package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key check, above all once a key has been verified and its next requests take the short way. */
class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void verifiedKey_anyOtherCharacterAnywhere_isRefused() throws Exception {
        try (LumosDB db = LumosDB.builder().directory(dir).open(); ApiKeys keys = ApiKeys.open(db)) {
            ApiKeys.Issued issued = keys.create(Role.READ, "k", null, null);
            String key = issued.secret();
            assertEquals(Optional.of(issued.key()), keys.check(key));
            assertEquals(Optional.of(issued.key()), keys.check(key), "the short way answers the same");
            for (int i = 0; i < key.length(); i++) {
                for (char c : new char[] {'a', 'Z', '0', '_', '-', '.'}) {
                    if (key.charAt(i) != c) {
                        String other = key.substring(0, i) + c + key.substring(i + 1);
                        assertTrue(keys.check(other).isEmpty(), "position " + i + " changed to " + c);
                    }
                }
            }
            assertTrue(keys.check(key + "x").isEmpty() && keys.check(key.substring(1)).isEmpty() && keys.check("").isEmpty());
            assertEquals(Optional.of(issued.key()), keys.check(key), "a refused presentation forgets nothing");
        }
    }

    @Test
    void verifiedKey_revoked_isRefusedAtOnce_andAnotherKeyIsNotAffected() throws Exception {
        try (LumosDB db = LumosDB.builder().directory(dir).open(); ApiKeys keys = ApiKeys.open(db)) {
            ApiKeys.Issued gone = keys.create(Role.WRITE, "gone", null, null);
            ApiKeys.Issued kept = keys.create(Role.READ, "kept", null, null);
            assertTrue(keys.check(gone.secret()).isPresent() && keys.check(kept.secret()).isPresent());
            assertTrue(keys.revoke(gone.key().id()).isPresent());
            assertTrue(keys.check(gone.secret()).isEmpty());
            assertEquals(Optional.of(kept.key()), keys.check(kept.secret()));
        }
        try (LumosDB db = LumosDB.builder().directory(dir).open(); ApiKeys keys = ApiKeys.open(db)) {
            assertEquals(1, keys.list().size(), "the revoke was stored, not only forgotten");
        }
    }
}
