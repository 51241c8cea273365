package io.lumosdb.server;

import graphql.Scalars;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import io.lumosdb.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * How a column of a table appears in GraphQL: its scalar, the filter input it takes, and the conversion
 * of its values both ways. The kind follows SQLite's type affinity of the declared type (the rules of
 * sqlite.org/datatype3.html, section 3.1), with two declared types made more precise because the value
 * model gives them meaning: {@code TIMESTAMP}/{@code DATETIME} are {@code DateTime} (the value model's
 * UTC text, read as an instant), {@code BOOLEAN} is {@code Boolean} (0 and 1).
 *
 * <p>Columns without a declared type, {@code BLOB} and {@code NUMERIC} ones may hold any value (SQLite
 * types values, not columns): they are {@code JSON}, with the REST API's encodings ({@code {"$blob": ...}},
 * {@code {"$real": "Infinity"}}), so nothing is lost.
 */
enum GraphQlColumnKind {
    LONG(ExtendedScalars.GraphQLLong, "LongFilter"),
    FLOAT(Scalars.GraphQLFloat, "FloatFilter"),
    STRING(Scalars.GraphQLString, "StringFilter"),
    DATETIME(ExtendedScalars.DateTime, "DateTimeFilter"),
    BOOLEAN(Scalars.GraphQLBoolean, "BooleanFilter"),
    ANY(ExtendedScalars.Json, "JSONFilter");

    private final GraphQLScalarType scalar;
    private final String filterName;

    GraphQlColumnKind(GraphQLScalarType scalar, String filterName) {
        this.scalar = scalar;
        this.filterName = filterName;
    }

    GraphQLScalarType scalar() {
        return scalar;
    }

    String filterName() {
        return filterName;
    }

    /** The kind of a column declared {@code declared} (null or empty: no type). */
    static GraphQlColumnKind of(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return LONG;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return STRING;
        }
        if (t.isBlank() || t.contains("BLOB")) {
            return ANY;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return FLOAT;
        }
        if (t.contains("TIMESTAMP") || t.contains("DATETIME")) {
            return DATETIME;
        }
        if (t.startsWith("BOOL")) {
            return BOOLEAN;
        }
        return ANY;
    }

    /** The filter input of this kind: comparisons, {@code in}, {@code isNull}, and {@code like} for text. */
    GraphQLInputObjectType filterType() {
        GraphQLInputObjectType.Builder b = GraphQLInputObjectType.newInputObject().name(filterName)
                .description("Conditions on one " + scalar.getName() + " column; all given must hold");
        b.field(field("eq", scalar, "equal to"));
        b.field(field("ne", scalar, "not equal to (SQL: a NULL matches neither eq nor ne)"));
        if (this != BOOLEAN) {
            b.field(field("lt", scalar, "less than"));
            b.field(field("lte", scalar, "less than or equal to"));
            b.field(field("gt", scalar, "greater than"));
            b.field(field("gte", scalar, "greater than or equal to"));
            b.field(GraphQLInputObjectField.newInputObjectField().name("in").description("one of (at most 1,000 values)")
                    .type(GraphQLList.list(GraphQLNonNull.nonNull(scalar))).build());
        }
        if (this == STRING) {
            b.field(field("like", scalar, "SQL LIKE: % any run, _ one character; case-sensitive (as on both engines)"));
        }
        b.field(field("isNull", Scalars.GraphQLBoolean, "true: the value is NULL; false: it is not"));
        return b.build();
    }

    private static GraphQLInputObjectField field(String name, GraphQLScalarType type, String description) {
        return GraphQLInputObjectField.newInputObjectField().name(name).type(type).description(description).build();
    }

    /** The GraphQL value of column {@code i} of {@code row}. */
    Object read(Row row, int i) {
        Object v = row.get(i);
        if (v == null) {
            return null;
        }
        return switch (this) {
            case DATETIME -> OffsetDateTime.ofInstant(row.getInstant(i), ZoneOffset.UTC);
            case BOOLEAN -> row.getBoolean(i);
            case STRING -> v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v.toString();
            case ANY -> v instanceof byte[] b ? Map.of("$blob", Base64.getEncoder().encodeToString(b))
                    : v instanceof Double d && !Double.isFinite(d) ? Map.of("$real", d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
                    : v;
            default -> v;
        };
    }

    /** The value to bind for a filter value {@code v} of this kind (as GraphQL coerced it), named {@code where} in errors. */
    Object bind(Object v, String where) {
        if (v instanceof OffsetDateTime t) {
            Instant at = t.toInstant();
            return at;
        }
        if (this == ANY) {
            return SqlValues.parameter(Json.MAPPER.valueToTree(v), where);
        }
        return v;
    }
}
