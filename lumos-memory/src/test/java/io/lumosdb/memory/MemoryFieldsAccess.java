package io.lumosdb.memory;

/** Filters of the store's own fields, for tests. */
final class MemoryFieldsAccess {
    static final String CURRENT = MemoryFields.SUPERSEDED_BY + " IS NULL";

    private MemoryFieldsAccess() {}
}
