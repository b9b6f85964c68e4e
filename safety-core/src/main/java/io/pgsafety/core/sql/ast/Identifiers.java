package io.pgsafety.core.sql.ast;

import java.util.Locale;
import java.util.Set;

/** Rendering of identifiers back to SQL, quoting only where PostgreSQL requires it. */
public final class Identifiers {
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
            "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
            "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false",
            "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
            "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
            "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
            "returning", "select", "session_user", "some", "symmetric", "system_user", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when",
            "where", "window", "with", "authorization", "binary", "collation", "concurrently",
            "cross", "current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join",
            "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
            "tablesample", "verbose");

    private Identifiers() {}

    /** Quotes {@code name} (already case-normalised) when it would not survive unquoted. */
    public static String quote(String name) {
        if (name == null) {
            return null;
        }
        if (!name.isEmpty() && isPlain(name) && !RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static boolean isPlain(String name) {
        char first = name.charAt(0);
        if (!(first == '_' || (first >= 'a' && first <= 'z') || first > 127)) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c > 127;
            if (!ok) {
                return false;
            }
        }
        return name.equals(name.toLowerCase(Locale.ROOT));
    }
}
