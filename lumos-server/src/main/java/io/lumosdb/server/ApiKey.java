package io.lumosdb.server;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as stored: never its secret, which is shown once when the key is made.
 *
 * @param id the key's public id (the part after {@code lumos_} in the key itself)
 * @param name a name for people ("ci", "alice's agent")
 * @param role what it may do
 * @param user the only user whose memories it sees, or null for all
 * @param collections the only vector collections it may use, or null for all
 * @param created when it was made
 */
public record ApiKey(String id, String name, Role role, String user, Set<String> collections, Instant created) {
    public ApiKey {
        collections = collections == null ? null : Set.copyOf(collections);
    }
}
