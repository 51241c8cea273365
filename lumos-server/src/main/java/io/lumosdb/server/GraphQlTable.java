package io.lumosdb.server;

import graphql.Scalars;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeReference;
import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table as GraphQL: the row type, its connection ({@code edges}, {@code nodes}, {@code pageInfo}),
 * its filter and ordering inputs, and the query that reads a page.
 *
 * <p>Paging is keyset, never OFFSET: rows come ordered by the requested columns and then by the table's
 * key (the rowid, or a {@code WITHOUT ROWID} table's primary key, as {@code /v1/tables/{name}/rows}),
 * so the order is total; a cursor holds the ordering values of a row (the REST endpoint's cursor code,
 * {@link TableEndpoints#encodeCursor}), and the next page starts strictly after it: one index seek when
 * an index serves the order, and writes between pages move nothing.
 */
final class GraphQlTable {
    static final int DEFAULT_FIRST = 100;
    static final int MAX_FIRST = 1_000;

    /** A column: its SQL name, its GraphQL field name and kind. */
    record Column(String name, String field, GraphQlColumnKind kind) {}

    private final String table;
    private final String field;
    private final String type;
    private final List<String> key;
    private final Map<String, Column> byField = new LinkedHashMap<>();

    private GraphQlTable(String table, String field, String type, List<String> key, List<Column> columns) {
        this.table = table;
        this.field = field;
        this.type = type;
        this.key = key;
        columns.forEach(c -> byField.put(c.field(), c));
    }

    /** Reads {@code table}'s columns and key; its field name is unique among {@code queryFields}, its type names among {@code types}. */
    static GraphQlTable read(LumosDB db, String table, GraphQlNames queryFields, GraphQlNames types) throws SQLException {
        List<Column> columns = new ArrayList<>();
        GraphQlNames fields = new GraphQlNames();
        for (Row c : db.query(Route.OLTP, "PRAGMA table_xinfo(" + TableEndpoints.quote(table) + ")").rows()) {
            if (c.getLong("hidden") != 1) {
                columns.add(new Column(c.getString("name"), fields.unique(c.getString("name")), GraphQlColumnKind.of(c.getString("type"))));
            }
        }
        return new GraphQlTable(table, queryFields.unique(table), types.uniqueType(table, "Connection", "Edge", "Filter", "OrderBy", "Column"),
                TableEndpoints.keyColumns(db, table), columns);
    }

    String field() {
        return field;
    }

    String table() {
        return table;
    }

    Column column(String graphQlField) {
        Column c = byField.get(graphQlField);
        if (c == null) {
            throw ApiProblem.badRequest("table '" + table + "' has no column '" + graphQlField + "'");
        }
        return c;
    }

    // ---------------------------------------------------------------- types

    /** The types of this table (row, edge, connection, filter, ordering). */
    List<graphql.schema.GraphQLNamedType> types() {
        GraphQLObjectType.Builder row = GraphQLObjectType.newObject().name(type).description("A row of table '" + table + "'");
        GraphQLInputObjectType.Builder filter = GraphQLInputObjectType.newInputObject().name(type + "Filter")
                .description("Which rows of '" + table + "': every condition given must hold");
        GraphQLEnumType.Builder columns = GraphQLEnumType.newEnum().name(type + "Column").description("The columns of '" + table + "'");
        for (Column c : byField.values()) {
            row.field(GraphQLFieldDefinition.newFieldDefinition().name(c.field()).type(c.kind().scalar())
                    .description(c.field().equals(c.name()) ? null : "column \"" + c.name() + "\""));
            filter.field(GraphQLInputObjectField.newInputObjectField().name(c.field()).type(GraphQLTypeReference.typeRef(c.kind().filterName())));
            columns.value(GraphQlNames.enumValue(c.field()), c.field());
        }
        filter.field(GraphQLInputObjectField.newInputObjectField().name("and").type(GraphQLList.list(GraphQLNonNull.nonNull(
                GraphQLTypeReference.typeRef(type + "Filter")))).description("all of these hold"));
        filter.field(GraphQLInputObjectField.newInputObjectField().name("or").type(GraphQLList.list(GraphQLNonNull.nonNull(
                GraphQLTypeReference.typeRef(type + "Filter")))).description("at least one of these holds"));
        filter.field(GraphQLInputObjectField.newInputObjectField().name("not").type(GraphQLTypeReference.typeRef(type + "Filter"))
                .description("this does not hold"));
        GraphQLInputObjectType orderBy = GraphQLInputObjectType.newInputObject().name(type + "OrderBy")
                .field(GraphQLInputObjectField.newInputObjectField().name("field").type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(type + "Column"))))
                .field(GraphQLInputObjectField.newInputObjectField().name("direction").type(GraphQLTypeReference.typeRef("SortDirection"))
                        .defaultValueProgrammatic("ASC"))
                .build();
        GraphQLObjectType edge = GraphQLObjectType.newObject().name(type + "Edge")
                .field(GraphQLFieldDefinition.newFieldDefinition().name("cursor").type(GraphQLNonNull.nonNull(Scalars.GraphQLString)))
                .field(GraphQLFieldDefinition.newFieldDefinition().name("node").type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(type))))
                .build();
        GraphQLObjectType connection = GraphQLObjectType.newObject().name(type + "Connection")
                .description("A page of '" + table + "' rows; pass pageInfo.endCursor as 'after' for the next")
                .field(GraphQLFieldDefinition.newFieldDefinition().name("edges")
                        .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(type + "Edge"))))))
                .field(GraphQLFieldDefinition.newFieldDefinition().name("nodes")
                        .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(type))))))
                .field(GraphQLFieldDefinition.newFieldDefinition().name("pageInfo").type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef("PageInfo"))))
                .build();
        return List.of(row.build(), filter.build(), columns.build(), orderBy, edge, connection);
    }

    /** The field of {@code Query} that pages through this table. */
    GraphQLFieldDefinition queryField() {
        return GraphQLFieldDefinition.newFieldDefinition().name(field)
                .description("Rows of table '" + table + "', a keyset page at a time")
                .type(GraphQLTypeReference.typeRef(type + "Connection"))
                .argument(GraphQLArgument.newArgument().name("first").type(Scalars.GraphQLInt).defaultValueProgrammatic(DEFAULT_FIRST)
                        .description("rows in the page, 1 to " + MAX_FIRST))
                .argument(GraphQLArgument.newArgument().name("after").type(Scalars.GraphQLString)
                        .description("pageInfo.endCursor of the previous page (same where and orderBy)"))
                .argument(GraphQLArgument.newArgument().name("where").type(GraphQLTypeReference.typeRef(type + "Filter")))
                .argument(GraphQLArgument.newArgument().name("orderBy").type(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(type + "OrderBy")))).description("then by the table's key"))
                .build();
    }

    // ---------------------------------------------------------------- reading

    /** A page as the connection type's fields. */
    @SuppressWarnings("unchecked")
    Map<String, Object> page(ServerState state, DataFetchingEnvironment env) throws SQLException {
        int first = env.getArgument("first") == null ? DEFAULT_FIRST : (Integer) env.getArgument("first");
        if (first < 1 || first > MAX_FIRST) {
            throw ApiProblem.badRequest("'first' must be from 1 to " + MAX_FIRST + ", was " + first);
        }
        List<KeysetOrder.Order> order = order((List<Map<String, Object>>) env.getArgument("orderBy"));
        Object[] after = TableEndpoints.decodeCursor(env.getArgument("after"), order.size());
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (KeysetOrder.Order o : order) {
            sql.append(TableEndpoints.quote(o.column())).append(", ");
        }
        sql.append(String.join(", ", byField.values().stream().map(c -> TableEndpoints.quote(c.name())).toList()));
        sql.append(" FROM ").append(TableEndpoints.quote(table)).append(" WHERE ");
        Map<String, Object> where = env.getArgument("where");
        sql.append(where == null ? "1" : GraphQlFilter.toSql(this::column, where, args));
        if (after != null) {
            sql.append(" AND ").append(KeysetOrder.after(order, after, args));
        }
        sql.append(" ORDER BY ").append(KeysetOrder.orderBy(order));
        sql.append(" LIMIT ").append(first + 1);
        QueryResult rows = state.deadline.run(state.settings.statementTimeout().toMillis(),
                () -> state.db.query(Route.OLTP, sql.toString(), args.toArray()));
        boolean more = rows.size() > first;
        int n = Math.min(first, rows.size());
        boolean cursors = env.getSelectionSet().contains("edges/cursor");
        List<Map<String, Object>> nodes = new ArrayList<>(n);
        List<Map<String, Object>> edges = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Row row = rows.rows().get(r);
            Map<String, Object> node = new LinkedHashMap<>();
            int i = order.size();
            for (Column c : byField.values()) {
                node.put(c.field(), c.kind().read(row, i++));
            }
            nodes.add(node);
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("node", node);
            edge.put("cursor", cursors || r == n - 1 ? cursor(row, order.size()) : null);
            edges.add(edge);
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", more);
        pageInfo.put("endCursor", n == 0 ? null : edges.get(n - 1).get("cursor"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("edges", edges);
        out.put("nodes", nodes);
        out.put("pageInfo", pageInfo);
        return out;
    }

    /** The requested order, then the key columns not in it: a total order, so a cursor names one place. */
    private List<KeysetOrder.Order> order(List<Map<String, Object>> orderBy) {
        List<KeysetOrder.Order> requested = new ArrayList<>();
        if (orderBy != null) {
            if (orderBy.size() > KeysetOrder.MAX_ORDER_BY) {
                throw ApiProblem.badRequest("'orderBy' holds " + orderBy.size() + " columns; at most " + KeysetOrder.MAX_ORDER_BY);
            }
            for (Map<String, Object> o : orderBy) {
                requested.add(new KeysetOrder.Order(column((String) o.get("field")).name(), "DESC".equals(o.get("direction"))));
            }
        }
        return KeysetOrder.total(requested, key);
    }

    private static String cursor(Row row, int n) {
        try {
            return TableEndpoints.encodeCursor(row, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
