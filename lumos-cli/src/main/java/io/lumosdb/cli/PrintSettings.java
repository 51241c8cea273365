package io.lumosdb.cli;

/**
 * What a result looks like besides its mode: headers on or off ({@code .headers}), the text of NULL
 * ({@code .nullvalue}; by default {@code NULL} in tables, empty elsewhere, as in sqlite3), column widths
 * ({@code .width}, 0 for automatic) and the table that {@code insert} mode writes into.
 */
final class PrintSettings {
    OutputMode mode = OutputMode.TABLE;
    boolean headers = true;
    String nullValue;
    int[] widths = new int[0];
    String insertTable = "tbl";

    String nullText() {
        if (nullValue != null) {
            return nullValue;
        }
        return mode == OutputMode.TABLE || mode == OutputMode.BOX || mode == OutputMode.MARKDOWN || mode == OutputMode.LINE ? "NULL" : "";
    }

    /** The width asked for column {@code c}, 0 for automatic. */
    int width(int c) {
        return c < widths.length ? widths[c] : 0;
    }
}
