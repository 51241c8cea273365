package io.lumosdb.server;

import java.util.HashSet;
import java.util.Set;

/**
 * GraphQL names for SQL names. GraphQL allows {@code [_A-Za-z][_0-9A-Za-z]*} and reserves names starting
 * with {@code __}; SQL allows anything quoted. A name is kept when it is valid, otherwise every other
 * character becomes {@code _} (a leading digit or {@code __} gets a prefix), and a name already taken
 * (two tables that map alike, a table named like a built-in type) gets {@code _2}, {@code _3}, ...
 */
final class GraphQlNames {
    private final Set<String> taken = new HashSet<>();

    GraphQlNames(String... reserved) {
        taken.addAll(Set.of(reserved));
    }

    /** {@code sql} as a valid GraphQL name (not yet unique). */
    static String valid(String sql) {
        StringBuilder b = new StringBuilder(sql.length() + 1);
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (i == 0 && c >= '0' && c <= '9') {
                b.append('_');
                ok = true;
            }
            b.append(ok ? c : '_');
        }
        String name = b.length() == 0 ? "_" : b.toString();
        return name.startsWith("__") ? "t" + name : name;
    }

    /** An enum value's name: GraphQL refuses true, false and null there. */
    static String enumValue(String field) {
        return field.equals("true") || field.equals("false") || field.equals("null") ? field + "_" : field;
    }

    /** A unique name for {@code sql}. */
    String unique(String sql) {
        String base = valid(sql);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** A unique type name for {@code sql} whose derived names ({@code name + suffix}) are unique too. */
    String uniqueType(String sql, String... suffixes) {
        String base = valid(sql);
        for (int n = 1;; n++) {
            String name = n == 1 ? base : base + "_" + n;
            boolean free = !taken.contains(name);
            for (String s : suffixes) {
                free &= !taken.contains(name + s);
            }
            if (free) {
                taken.add(name);
                for (String s : suffixes) {
                    taken.add(name + s);
                }
                return name;
            }
        }
    }
}
