/**
 * JMH benchmarks of the Lumos-DB facade side by side with the raw engines, in the same JVM run.
 * Build with {@code mvn -B -ntp -pl lumos-bench -am package -DskipTests}, run with
 * {@code java -jar lumos-bench/target/benchmarks.jar}; results go to docs/benchmarks.md.
 */
package io.lumosdb.bench;
