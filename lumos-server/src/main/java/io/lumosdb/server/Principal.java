package io.lumosdb.server;

import java.util.Set;

/**
 * Who sent a request, as its key or token says: a role, and optionally the one user whose memories it
 * may see and the collections it may use.
 *
 * @param name the key's id or the token's subject (for logs and rate limits)
 * @param role what it may do
 * @param user the only user whose memories it sees, or null for all
 * @param collections the only collections it may use, or null for all
 */
record Principal(String name, Role role, String user, Set<String> collections) {
    static final Principal ANONYMOUS_ADMIN = new Principal("anonymous (--no-auth)", Role.ADMIN, null, null);

    boolean bound() {
        return user != null || collections != null;
    }

    void require(Role needed, String what) {
        if (!role.allows(needed)) {
            throw ApiProblem.forbidden("a " + role.label() + " key cannot " + what + " (needs the " + needed.label() + " role)");
        }
    }

    /** Refuses keys bound to a user or collections: raw SQL could read any user's rows. */
    void requireUnbound(String what) {
        if (bound()) {
            throw ApiProblem.forbidden(what + " is refused for keys bound to a user or to collections: SQL can read every"
                    + " table; use /v1/memories and /v1/collections");
        }
    }

    void requireCollection(String collection) {
        if (collections != null && !collections.contains(collection)) {
            throw ApiProblem.forbidden("this key may use the collections " + collections + " only, not '" + collection + "'");
        }
    }
}
