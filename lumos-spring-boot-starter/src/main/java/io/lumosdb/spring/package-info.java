/**
 * Spring Boot auto-configuration for Lumos-DB: {@link io.lumosdb.spring.LumosAutoConfiguration} makes a
 * {@link io.lumosdb.LumosDB} bean and its {@link javax.sql.DataSource} from {@code lumos.*} properties
 * ({@link io.lumosdb.spring.LumosProperties}), and, when the application has them, a health indicator (replica lag),
 * Micrometer gauges and a Spring AI vector store ({@code io.lumosdb.spring.ai}).
 */
package io.lumosdb.spring;
