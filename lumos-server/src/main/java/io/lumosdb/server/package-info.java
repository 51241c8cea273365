/**
 * Lumos-DB over HTTP. {@link io.lumosdb.server.LumosServer} is the entry point; {@link io.lumosdb.server.ApiKeys}
 * manages the keys a server checks. Everything else (routes, endpoints, the request gate, problem
 * responses) is package-private; the API itself is documented in docs/server.md and in the OpenAPI
 * document the server serves at {@code /v1/openapi.json}.
 */
package io.lumosdb.server;
