/**
 * TPC-H data for Lumos-DB: the eight tables from the official generator as rows for the facade or a raw
 * engine, and the lineitem table with TPC-H's Q1. Used by the CLI's demo and by the benchmarks, so that
 * both load the same rows.
 */
package io.lumosdb.tpch;
