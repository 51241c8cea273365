package io.lumosdb;

/**
 * Work done inside one transaction; see {@link LumosDB#transaction}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<T> {
    /**
     * @param tx the transaction to run statements in
     * @return the work's result, handed back by {@link LumosDB#transaction}
     * @throws Exception to roll the transaction back
     */
    T run(Transaction tx) throws Exception;
}
