package io.lumosdb.server;

import java.util.Locale;

/**
 * What an API key or token may do. {@link #READ} reads everything its bindings allow and changes
 * nothing by any path; {@link #WRITE} also writes data and schema; {@link #ADMIN} also manages keys and
 * backups; {@link #METRICS} reads only the metrics and health endpoints.
 *
 * <pre>{@code
 * Role r = Role.parse("write");
 * boolean canWrite = r.allows(Role.WRITE);
 * }</pre>
 */
public enum Role {
    READ, WRITE, ADMIN, METRICS;

    /** Whether this role may do what {@code needed} may. */
    public boolean allows(Role needed) {
        return switch (needed) {
            case READ -> this == READ || this == WRITE || this == ADMIN;
            case WRITE -> this == WRITE || this == ADMIN;
            case ADMIN -> this == ADMIN;
            case METRICS -> this == METRICS || this == ADMIN;
        };
    }

    /**
     * The role named {@code name}, ignoring case.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown role '" + name + "'; the roles are read, write, admin, metrics");
        }
    }

    /** The role's name as the API writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
