/**
 * Spring AI on Lumos-DB: {@link io.lumosdb.spring.ai.LumosVectorStore}, a {@code VectorStore} over a Lumos-DB vector
 * collection, made by {@link io.lumosdb.spring.ai.LumosVectorStoreAutoConfiguration} when the application has an
 * {@code EmbeddingModel}. Spring AI's filter expressions become Lumos-DB metadata filters
 * ({@code FilterExpressionTranslator}), which are parsed and evaluated in Java and never reach an SQL engine.
 */
package io.lumosdb.spring.ai;
