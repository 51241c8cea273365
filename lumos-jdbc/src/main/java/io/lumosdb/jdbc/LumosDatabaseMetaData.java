package io.lumosdb.jdbc;

import io.lumosdb.Row;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The database's catalog for tools (Flyway, jOOQ, database browsers): tables and views, columns, primary and foreign
 * keys, indexes, read from SQLite's catalog ({@code sqlite_schema} and the {@code pragma_*} table functions) through
 * the connection, so that inside a transaction they include the transaction's own DDL. Lumos-DB's own tables
 * ({@code _lumos_*}) are not listed.
 *
 * <p>The product is reported as {@code SQLite} with SQLite's version: the SQL dialect is SQLite's (writes and
 * transactions run on SQLite), and that is what tools key their SQL on (Flyway picks its SQLite support, jOOQ its
 * {@code SQLITE} dialect). The driver names itself "Lumos-DB JDBC". SQLite has no catalogs and one schema, reported as
 * null as sqlite-jdbc does; a schema pattern of {@code main} matches it too.
 */
final class LumosDatabaseMetaData extends DatabaseMetaDataAnswers {
    private static final String USER_TABLES = "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view')"
            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 7) <> '_lumos_' ORDER BY type, name";

    private final LumosConnection connection;
    private String sqliteVersion;

    LumosDatabaseMetaData(LumosConnection connection) {
        this.connection = connection;
    }

    // ---------------------------------------------------------------- product and driver

    @Override public String getURL() { return connection.url(); }
    @Override public String getUserName() { return ""; }
    @Override public String getDatabaseProductName() { return "SQLite"; }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        if (sqliteVersion == null) {
            sqliteVersion = connection.catalogQuery("SELECT sqlite_version()").get(0).getString(0);
        }
        return sqliteVersion;
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return versionPart(getDatabaseProductVersion(), 0);
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return versionPart(getDatabaseProductVersion(), 1);
    }

    private static int versionPart(String version, int part) {
        String[] parts = version.split("\\.");
        return parts.length > part ? Integer.parseInt(parts[part].replaceAll("\\D.*", "")) : 0;
    }

    @Override public String getDriverName() { return LumosDriver.NAME; }
    @Override public String getDriverVersion() { return LumosDriver.MAJOR_VERSION + "." + LumosDriver.MINOR_VERSION; }
    @Override public int getDriverMajorVersion() { return LumosDriver.MAJOR_VERSION; }
    @Override public int getDriverMinorVersion() { return LumosDriver.MINOR_VERSION; }
    @Override public String getIdentifierQuoteString() { return "\""; }
    @Override public String getSQLKeywords() { return "ABORT,ANALYZE,ATTACH,AUTOINCREMENT,CONFLICT,DATABASE,DETACH,EXCLUSIVE,EXPLAIN,GLOB,"
            + "IF,IGNORE,INDEXED,INSTEAD,ISNULL,LIMIT,NOTNULL,OFFSET,PLAN,PRAGMA,QUERY,RAISE,REGEXP,REINDEX,RENAME,REPLACE,"
            + "RETURNING,TEMP,VACUUM,VIRTUAL,WITHOUT"; }
    @Override public String getNumericFunctions() { return "abs,max,min,random,round,ceil,floor,exp,ln,log,pow,sqrt,sign,mod,pi"; }
    @Override public String getStringFunctions() { return "length,lower,upper,substr,trim,ltrim,rtrim,replace,instr,printf,format,hex,quote,char,unicode"; }
    @Override public String getSystemFunctions() { return "coalesce,ifnull,iif,nullif,typeof,last_insert_rowid,changes,sqlite_version"; }
    @Override public String getTimeDateFunctions() { return "date,time,datetime,julianday,unixepoch,strftime,timediff"; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public String getCatalogTerm() { return "catalog"; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public Connection getConnection() { return connection; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }

    // ---------------------------------------------------------------- tables and columns

    /** The user tables and views whose name matches {@code pattern}: {name, type ("TABLE" or "VIEW"), sql}. */
    private List<String[]> tables(String schemaPattern, String pattern) throws SQLException {
        List<String[]> out = new ArrayList<>();
        if (!schemaMatches(schemaPattern)) {
            return out;
        }
        Pattern p = like(pattern);
        for (Row r : connection.catalogQuery(USER_TABLES)) {
            String name = r.getString(0);
            if (p.matcher(name).matches()) {
                out.add(new String[] {name, r.getString(1).toUpperCase(Locale.ROOT), r.getString(2)});
            }
        }
        return out;
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tablePattern, String[] types) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tables(schemaPattern, tablePattern)) {
            if (types == null || Arrays.stream(types).anyMatch(t[1]::equalsIgnoreCase)) {
                rows.add(new Object[] {null, null, t[0], t[1], null, null, null, null, null, null});
            }
        }
        return result(rows, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
                "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tablePattern, String columnPattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Pattern columns = like(columnPattern);
        for (String[] t : tables(schemaPattern, tablePattern)) {
            boolean autoIncrement = t[2] != null && t[2].toUpperCase(Locale.ROOT).contains("AUTOINCREMENT");
            for (Row c : connection.catalogQuery("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)", t[0])) {
                String name = c.getString(1);
                if (!columns.matcher(name).matches() || c.getLong(6) == 1) { // hidden: a virtual table's hidden column
                    continue;
                }
                String declared = c.getString(2) == null ? "" : c.getString(2);
                int type = DeclaredTypes.jdbcType(declared);
                boolean notNull = c.getLong(3) != 0 || (c.getLong(5) == 1 && "INTEGER".equalsIgnoreCase(declared));
                boolean generated = c.getLong(6) >= 2;
                boolean rowidAlias = c.getLong(5) == 1 && "INTEGER".equalsIgnoreCase(declared.trim());
                rows.add(new Object[] {null, null, t[0], name, (long) type, declared.isEmpty() ? "BLOB" : declared,
                        DeclaredTypes.size(declared), null, DeclaredTypes.scale(declared), 10L,
                        (long) (notNull ? columnNoNulls : columnNullable), null, c.getString(4), null, null, null,
                        c.getLong(0) + 1, notNull ? "NO" : "YES", null, null, null, null,
                        rowidAlias && autoIncrement ? "YES" : "NO", generated ? "YES" : "NO"});
            }
        }
        return result(rows, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
                "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA",
                "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tables(schema, exact(table))) {
            for (Row c : connection.catalogQuery("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", t[0])) {
                rows.add(new Object[] {null, null, t[0], c.getString(0), c.getLong(1), "pk_" + t[0]});
            }
        }
        return result(rows, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
    }

    // ---------------------------------------------------------------- foreign keys

    /** Foreign keys of the tables matching {@code fkTable} that reference tables matching {@code pkTable}. */
    private ResultSet foreignKeys(String schema, String pkTable, String fkTable) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Pattern referenced = like(pkTable == null ? null : exact(pkTable));
        for (String[] t : tables(schema, fkTable == null ? null : exact(fkTable))) {
            if (!t[1].equals("TABLE")) {
                continue;
            }
            for (Row k : connection.catalogQuery("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete"
                    + " FROM pragma_foreign_key_list(?) ORDER BY id, seq", t[0])) {
                String target = k.getString(2);
                if (!referenced.matcher(target).matches()) {
                    continue;
                }
                String to = k.getString(4);
                if (to == null) { // REFERENCES t without columns: t's primary key, column by column
                    List<Row> pk = connection.catalogQuery("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", target);
                    int seq = k.getLong(1).intValue();
                    to = seq < pk.size() ? pk.get(seq).getString(0) : null;
                }
                rows.add(new Object[] {null, null, target, to, null, null, t[0], k.getString(3), k.getLong(1) + 1,
                        (long) rule(k.getString(5)), (long) rule(k.getString(6)), "fk_" + t[0] + "_" + k.getLong(0),
                        "pk_" + target, (long) importedKeyNotDeferrable});
            }
        }
        rows.sort(Comparator.comparing((Object[] r) -> (String) r[2]).thenComparing(r -> (String) r[11])
                .thenComparing(r -> (Long) r[8]));
        return result(rows, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM",
                "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY");
    }

    private static int rule(String action) {
        return switch (action == null ? "" : action.toUpperCase(Locale.ROOT)) {
            case "CASCADE" -> importedKeyCascade;
            case "SET NULL" -> importedKeySetNull;
            case "SET DEFAULT" -> importedKeySetDefault;
            case "RESTRICT" -> importedKeyRestrict;
            default -> importedKeyNoAction;
        };
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return foreignKeys(schema, null, table);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return foreignKeys(schema, table, null);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog,
            String foreignSchema, String foreignTable) throws SQLException {
        return foreignKeys(parentSchema, parentTable, foreignTable);
    }

    // ---------------------------------------------------------------- indexes

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tables(schema, exact(table))) {
            for (Row ix : connection.catalogQuery("SELECT name, \"unique\", partial FROM pragma_index_list(?) ORDER BY name", t[0])) {
                boolean isUnique = ix.getLong(1) != 0;
                if (unique && !isUnique) {
                    continue;
                }
                String index = ix.getString(0);
                for (Row col : connection.catalogQuery("SELECT seqno, name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", index)) {
                    rows.add(new Object[] {null, null, t[0], !isUnique ? 1L : 0L, null, index, (long) tableIndexOther,
                            col.getLong(0) + 1, col.getString(1), col.getLong(2) != 0 ? "D" : "A", null, null, null});
                }
            }
        }
        return result(rows, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE",
                "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION");
    }

    // ---------------------------------------------------------------- the rest of the catalog

    @Override
    public ResultSet getTableTypes() {
        return result(List.of(new Object[] {"TABLE"}, new Object[] {"VIEW"}), "TABLE_TYPE");
    }

    @Override
    public ResultSet getSchemas() {
        return result(List.of(), "TABLE_SCHEM", "TABLE_CATALOG");
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) {
        return getSchemas();
    }

    @Override
    public ResultSet getCatalogs() {
        return result(List.of(), "TABLE_CAT");
    }

    @Override
    public ResultSet getTypeInfo() {
        List<Object[]> rows = new ArrayList<>();
        Object[][] types = {{"INTEGER", Types.BIGINT, 19L}, {"REAL", Types.DOUBLE, 17L}, {"TEXT", Types.VARCHAR, (long) Integer.MAX_VALUE},
            {"BLOB", Types.BLOB, (long) Integer.MAX_VALUE}, {"NUMERIC", Types.NUMERIC, 17L}, {"BOOLEAN", Types.BOOLEAN, 1L},
            {"DATE", Types.DATE, 10L}, {"TIMESTAMP", Types.TIMESTAMP, 26L}};
        for (Object[] t : types) {
            boolean text = t[0].equals("TEXT");
            rows.add(new Object[] {t[0], (long) (int) (Integer) t[1], t[2], text ? "'" : null, text ? "'" : null, null,
                (long) typeNullable, text ? 1L : 0L, (long) typeSearchable, 0L, 0L, 0L, t[0], 0L, 0L, null, null, 10L});
        }
        return result(rows, "TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS",
                "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_INCREMENT",
                "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX");
    }

    @Override
    public ResultSet getProcedures(String c, String s, String p) {
        return result(List.of(), "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "R4", "R5", "R6", "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getProcedureColumns(String c, String s, String p, String col) {
        return result(List.of(), "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME");
    }

    @Override
    public ResultSet getFunctions(String c, String s, String f) {
        return result(List.of(), "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getFunctionColumns(String c, String s, String f, String col) {
        return result(List.of(), "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME");
    }

    @Override
    public ResultSet getColumnPrivileges(String c, String s, String t, String col) {
        return result(List.of(), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override
    public ResultSet getTablePrivileges(String c, String s, String t) {
        return result(List.of(), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override
    public ResultSet getBestRowIdentifier(String c, String s, String t, int scope, boolean nullable) {
        return result(List.of(), "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    }

    @Override
    public ResultSet getVersionColumns(String c, String s, String t) {
        return result(List.of(), "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    }

    @Override
    public ResultSet getUDTs(String c, String s, String t, int[] types) {
        return result(List.of(), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
    }

    @Override
    public ResultSet getSuperTypes(String c, String s, String t) {
        return result(List.of(), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    @Override
    public ResultSet getSuperTables(String c, String s, String t) {
        return result(List.of(), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    @Override
    public ResultSet getAttributes(String c, String s, String t, String a) {
        return result(List.of(), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE", "ATTR_TYPE_NAME");
    }

    @Override
    public ResultSet getClientInfoProperties() {
        return result(List.of(), "NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
    }

    @Override
    public ResultSet getPseudoColumns(String c, String s, String t, String col) {
        return result(List.of(), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH", "IS_NULLABLE");
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return false;
    }

    // ---------------------------------------------------------------- helpers

    private ResultSet result(List<Object[]> rows, String... columns) {
        return new LumosResultSet(RowSource.ofValues(List.of(columns), rows), null, 0);
    }

    private static boolean schemaMatches(String schemaPattern) {
        return schemaPattern == null || schemaPattern.isEmpty() || like(schemaPattern).matcher("main").matches();
    }

    /** A JDBC name pattern ({@code %} any run, {@code _} one character, {@code \} escapes) as a regex; null matches all. */
    static Pattern like(String pattern) {
        if (pattern == null) {
            return Pattern.compile(".*", Pattern.DOTALL);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** A table name taken as itself, not as a pattern (getPrimaryKeys and friends take names). */
    private static String exact(String name) {
        return name == null ? null : name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
