/**
 * Agent memory on Lumos-DB. The entry point is {@link io.lumosdb.memory.AgentMemory}: remember
 * ({@link io.lumosdb.memory.Memory}), recall ({@link io.lumosdb.memory.Recall} returning
 * {@link io.lumosdb.memory.Recalled}), supersede, forget, whole sessions of a conversation
 * ({@link io.lumosdb.memory.Transcript} to {@link io.lumosdb.memory.TranscriptMemories}), and conversation logs
 * ({@link io.lumosdb.memory.MessageLog}). Texts become vectors through an {@link io.lumosdb.memory.Embedder}.
 * LangChain4j adapters are in {@code io.lumosdb.memory.langchain4j}.
 */
package io.lumosdb.memory;
