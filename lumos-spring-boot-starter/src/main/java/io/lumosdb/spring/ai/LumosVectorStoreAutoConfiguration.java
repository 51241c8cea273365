package io.lumosdb.spring.ai;

import io.lumosdb.LumosDB;
import io.lumosdb.spring.LumosAutoConfiguration;
import io.lumosdb.spring.LumosProperties;
import io.lumosdb.vector.Metric;
import java.util.Locale;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A {@link LumosVectorStore} bean when the application has Spring AI's vector store API, an {@link EmbeddingModel}
 * bean and the {@link LumosDB} bean: the collection {@code lumos.vectorstore.collection} (created with the model's
 * dimensions, metric {@code lumos.vectorstore.metric}).
 *
 * <pre>{@code
 * @Bean EmbeddingModel embeddingModel() { ... }          // any Spring AI model
 * // then inject VectorStore anywhere: it is a LumosVectorStore
 * }</pre>
 */
@AutoConfiguration(after = LumosAutoConfiguration.class)
@ConditionalOnClass({VectorStore.class, EmbeddingModel.class, LumosDB.class})
@ConditionalOnBean({LumosDB.class, EmbeddingModel.class})
public class LumosVectorStoreAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    public LumosVectorStore lumosVectorStore(LumosDB db, EmbeddingModel embeddingModel, LumosProperties properties) {
        LumosProperties.VectorStore p = properties.getVectorstore();
        Metric metric;
        try {
            metric = Metric.valueOf(p.getMetric().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lumos.vectorstore.metric=" + p.getMetric() + " is not one of COSINE, L2, INNER_PRODUCT", e);
        }
        return new LumosVectorStore(db, embeddingModel, p.getCollection(), metric);
    }
}
