package io.lumosdb.jdbc;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jOOQ over a Lumos-DB connection with the SQLite dialect: DDL, typed inserts and selects, transactions, its Meta. */
class JooqTest {
    @TempDir
    Path dir;

    static final Table<Record> ORDERS = table(name("orders"));
    static final Field<Integer> ID = field(name("id"), SQLDataType.INTEGER);
    static final Field<String> CUSTOMER = field(name("customer"), SQLDataType.VARCHAR(40));
    static final Field<Double> AMOUNT = field(name("amount"), SQLDataType.DOUBLE);

    @Test
    void dslOverTheDriver_readsAndWritesTypedValues() throws SQLException {
        try (Connection c = new LumosDataSource("jdbc:lumos:" + dir.resolve("db")).getConnection()) {
            DSLContext dsl = DSL.using(c, SQLDialect.SQLITE); // jOOQ guesses dialects from known URLs only: name it
            dsl.createTable(ORDERS).column(ID).column(CUSTOMER, SQLDataType.VARCHAR(40).notNull()).column(AMOUNT)
                    .constraints(constraint("pk_orders").primaryKey(ID)).execute();
            dsl.insertInto(ORDERS, ID, CUSTOMER, AMOUNT).values(1, "acme", 9.5).values(2, "acme", 0.5).values(3, "initech", 4.0).execute();
            var totals = dsl.select(CUSTOMER, DSL.sum(AMOUNT).as("total")).from(ORDERS).groupBy(CUSTOMER).orderBy(CUSTOMER).fetch();
            assertEquals(List.of("acme", "initech"), totals.getValues(CUSTOMER));
            assertEquals(10.0, totals.get(0).get("total", Double.class));
            assertEquals(Integer.valueOf(3), dsl.selectCount().from(ORDERS).fetchOne(0, Integer.class));

            assertThrows(org.jooq.exception.DataAccessException.class, () -> dsl.transaction(cfg -> {
                DSL.using(cfg).update(ORDERS).set(AMOUNT, 0.0).execute();
                DSL.using(cfg).insertInto(ORDERS, ID, CUSTOMER).values(1, "duplicate").execute();
            }));
            assertEquals(14.0, dsl.select(DSL.sum(AMOUNT)).from(ORDERS).fetchOne(0, Double.class), "the failed transaction was rolled back");
            dsl.transaction(cfg -> DSL.using(cfg).deleteFrom(ORDERS).where(ID.eq(3)).execute());
            assertEquals(2, dsl.fetchCount(ORDERS));

            var meta = dsl.meta().getTables("orders");
            assertEquals(1, meta.size());
            assertEquals(List.of("id", "customer", "amount"), java.util.Arrays.stream(meta.get(0).fields()).map(Field::getName).toList());
            assertEquals(List.of("id"), meta.get(0).getPrimaryKey().getFields().stream().map(Field::getName).toList());
            assertEquals(2, dsl.select(count()).from(ORDERS).fetchOne(0, int.class));
        }
    }
}
