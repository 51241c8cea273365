/**
 * The default embedder of agent memory, all-MiniLM-L6-v2 in process: {@link io.lumosdb.memory.minilm.MiniLmEmbedder}.
 * A separate artifact, so that users of {@code lumos-core} and {@code lumos-memory} with their own embedder do not
 * carry the 90 MB model.
 */
package io.lumosdb.memory.minilm;
