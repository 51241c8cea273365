/**
 * Replicated Lumos-DB: the server's writes go through a Raft log (Apache Ratis) that every node applies
 * to its own database, so that several nodes hold the same data and a new leader takes over when one
 * fails. {@link io.lumosdb.cluster.ClusterNode} is the entry point; docs/cluster.md the guide.
 */
package io.lumosdb.cluster;
