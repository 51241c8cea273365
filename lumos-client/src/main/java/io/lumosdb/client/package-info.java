/**
 * A light Java client of the Lumos-DB server ({@code lumos serve}): SQL, batches, vector collections and
 * agent memory over HTTP, with the embedded API's names ({@link io.lumosdb.client.LumosClient} is the entry
 * point). It needs the JDK's HttpClient and Jackson only, not the database; errors are
 * {@link io.lumosdb.client.LumosException} subtypes, one per kind of problem the server answers.
 */
package io.lumosdb.client;
