package io.lumosdb;

/**
 * What a statement does, as {@link LumosDB#kind} reads it: whether it belongs in
 * {@link LumosDB#query} or in {@link LumosDB#update}, and whether it changes the schema.
 */
public enum StatementKind {
    /** A SELECT (or WITH, VALUES, a PRAGMA that only reads): {@link LumosDB#query}. */
    READ,
    /** INSERT, UPDATE, DELETE and other writes: {@link LumosDB#update}. */
    WRITE,
    /** CREATE, DROP, ALTER: {@link LumosDB#execute}. */
    DDL
}
