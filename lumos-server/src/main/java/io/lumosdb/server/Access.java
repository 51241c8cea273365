package io.lumosdb.server;

/** Who may call a route: anyone, or a key whose role allows {@link #role()}. */
enum Access {
    /** No key: health, the OpenAPI document. */
    PUBLIC(null),
    READ(Role.READ),
    WRITE(Role.WRITE),
    ADMIN(Role.ADMIN),
    METRICS(Role.METRICS);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    Role role() {
        return role;
    }
}
