package io.lumosdb.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lumos.*} properties: where the database lives and the {@link io.lumosdb.LumosDBBuilder} settings, each
 * left to the builder's default when not set.
 *
 * <pre>
 * lumos.directory=/var/data/app
 * lumos.freshness=any                  # strict (default), any, or a staleness bound such as 2s
 * lumos.large-table-rows=50000
 * lumos.health.max-lag=10s             # the health indicator's bound on the replica's lag
 * lumos.vectorstore.collection=docs    # the Spring AI VectorStore's collection
 * </pre>
 */
@ConfigurationProperties(prefix = "lumos")
public class LumosProperties {
    /** The database directory; the auto-configuration is off without it. */
    private Path directory;
    /** strict, any, or a staleness bound (a duration). */
    private String freshness;
    private Duration freshnessTimeout;
    private Long largeTableRows;
    private Integer readerPoolSize;
    private Integer duckdbReaders;
    private Integer maxResultRows;
    private Integer statementCacheSize;
    private Duration writeTimeout;
    private Duration busyTimeout;
    private Duration readerTimeout;
    /** false turns the result and embedding caches off. */
    private boolean cache = true;
    private boolean flushReplicaCommits;
    /** Directories analytical SQL may read and write files in. */
    private List<Path> allowFileAccess = new ArrayList<>();
    private final Health health = new Health();
    private final VectorStore vectorstore = new VectorStore();

    /** The health indicator's settings. */
    public static class Health {
        /** The replica lag above which the database reports OUT_OF_SERVICE. */
        private Duration maxLag = Duration.ofSeconds(30);

        public Duration getMaxLag() {
            return maxLag;
        }

        public void setMaxLag(Duration maxLag) {
            this.maxLag = maxLag;
        }
    }

    /** The Spring AI vector store's settings. */
    public static class VectorStore {
        /** The vector collection the store writes to (created at start if missing). */
        private String collection = "spring_ai_documents";
        /** COSINE, L2 or INNER_PRODUCT. */
        private String metric = "COSINE";

        public String getCollection() {
            return collection;
        }

        public void setCollection(String collection) {
            this.collection = collection;
        }

        public String getMetric() {
            return metric;
        }

        public void setMetric(String metric) {
            this.metric = metric;
        }
    }

    public Path getDirectory() { return directory; }
    public void setDirectory(Path directory) { this.directory = directory; }
    public String getFreshness() { return freshness; }
    public void setFreshness(String freshness) { this.freshness = freshness; }
    public Duration getFreshnessTimeout() { return freshnessTimeout; }
    public void setFreshnessTimeout(Duration freshnessTimeout) { this.freshnessTimeout = freshnessTimeout; }
    public Long getLargeTableRows() { return largeTableRows; }
    public void setLargeTableRows(Long largeTableRows) { this.largeTableRows = largeTableRows; }
    public Integer getReaderPoolSize() { return readerPoolSize; }
    public void setReaderPoolSize(Integer readerPoolSize) { this.readerPoolSize = readerPoolSize; }
    public Integer getDuckdbReaders() { return duckdbReaders; }
    public void setDuckdbReaders(Integer duckdbReaders) { this.duckdbReaders = duckdbReaders; }
    public Integer getMaxResultRows() { return maxResultRows; }
    public void setMaxResultRows(Integer maxResultRows) { this.maxResultRows = maxResultRows; }
    public Integer getStatementCacheSize() { return statementCacheSize; }
    public void setStatementCacheSize(Integer statementCacheSize) { this.statementCacheSize = statementCacheSize; }
    public Duration getWriteTimeout() { return writeTimeout; }
    public void setWriteTimeout(Duration writeTimeout) { this.writeTimeout = writeTimeout; }
    public Duration getBusyTimeout() { return busyTimeout; }
    public void setBusyTimeout(Duration busyTimeout) { this.busyTimeout = busyTimeout; }
    public Duration getReaderTimeout() { return readerTimeout; }
    public void setReaderTimeout(Duration readerTimeout) { this.readerTimeout = readerTimeout; }
    public boolean isCache() { return cache; }
    public void setCache(boolean cache) { this.cache = cache; }
    public boolean isFlushReplicaCommits() { return flushReplicaCommits; }
    public void setFlushReplicaCommits(boolean flushReplicaCommits) { this.flushReplicaCommits = flushReplicaCommits; }
    public List<Path> getAllowFileAccess() { return allowFileAccess; }
    public void setAllowFileAccess(List<Path> allowFileAccess) { this.allowFileAccess = allowFileAccess; }
    public Health getHealth() { return health; }
    public VectorStore getVectorstore() { return vectorstore; }
}
