/**
 * LangChain4j adapters: {@link io.lumosdb.memory.langchain4j.LumosEmbeddingStore} (an
 * {@code EmbeddingStore<TextSegment>} on a vector collection) and
 * {@link io.lumosdb.memory.langchain4j.LumosChatMemoryStore} (a {@code ChatMemoryStore} on conversation logs).
 * Any LangChain4j {@code EmbeddingModel} becomes an embedder with {@link io.lumosdb.memory.Embedder#of}.
 */
package io.lumosdb.memory.langchain4j;
