/**
 * Hostile and careless input against the facade: SQL that tries to leave the sandbox, smuggle a
 * statement, touch Lumos-DB's own objects or change shared connections; input deep enough to break a
 * parser; data the two engines read differently; file states a crash or another process leaves. Each
 * test names the attack in the issue it regresses (docs/security.md lists them).
 */
package io.lumosdb.hostile;
