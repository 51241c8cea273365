/**
 * The statement router: which engine runs a statement, and why. Internal: not API.
 *
 * <p>{@link io.lumosdb.route.Router} parses a statement once with JSqlParser
 * ({@link io.lumosdb.route.StatementAnalyzer}), keeps the parse and the decision per SQL text, and
 * applies the rules of docs/routing.md using table statistics from {@link io.lumosdb.route.TableCatalog}.
 */
package io.lumosdb.route;
