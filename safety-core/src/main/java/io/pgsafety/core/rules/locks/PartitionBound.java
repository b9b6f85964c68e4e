package io.pgsafety.core.rules.locks;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a partition bound ({@code FOR VALUES FROM (…) TO (…)}, {@code FOR VALUES IN (…)},
 * {@code FOR VALUES WITH (MODULUS m, REMAINDER r)}) into the boolean condition a CHECK constraint
 * needs for PostgreSQL to skip the scan when the partition is attached.
 */
final class PartitionBound {

    private PartitionBound() {}

    /**
     * The condition for a single-column key, or null for {@code DEFAULT}, multi-column range and
     * list bounds, and text it cannot read.
     */
    static String condition(String bound, QualifiedName parent, List<String> key) {
        String upper = bound.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (!upper.startsWith("FOR VALUES ")) {
            return null;
        }
        String rest = bound.strip().substring(bound.strip().toUpperCase(Locale.ROOT).indexOf("VALUES") + 6).strip();
        String restUpper = rest.toUpperCase(Locale.ROOT);
        if (restUpper.startsWith("WITH")) {
            List<String> parts = groups(rest.substring(4));
            if (parts.size() != 1) {
                return null;
            }
            List<String> modulus = split(parts.get(0));
            if (modulus.size() != 2) {
                return null;
            }
            return "satisfies_hash_partition('" + parent.sql().replace("'", "''") + "'::regclass, "
                    + number(modulus.get(0), "MODULUS") + ", " + number(modulus.get(1), "REMAINDER") + ", "
                    + String.join(", ", key) + ")";
        }
        if (key.size() != 1) {
            return null;
        }
        String column = key.get(0);
        if (restUpper.startsWith("IN")) {
            List<String> parts = groups(rest.substring(2));
            if (parts.size() != 1) {
                return null;
            }
            List<String> values = new ArrayList<>(split(parts.get(0)));
            boolean withNull = values.removeIf(v -> v.equalsIgnoreCase("null"));
            String in = values.isEmpty() ? null : column + " IN (" + String.join(", ", values) + ")";
            if (withNull) {
                return in == null ? column + " IS NULL" : "(" + column + " IS NULL OR " + in + ")";
            }
            return in == null ? null : column + " IS NOT NULL AND " + in;
        }
        if (restUpper.startsWith("FROM")) {
            List<String> parts = groups(rest.substring(4));
            if (parts.size() != 2 || split(parts.get(0)).size() != 1 || split(parts.get(1)).size() != 1) {
                return null;
            }
            String from = split(parts.get(0)).get(0);
            String to = split(parts.get(1)).get(0);
            StringBuilder condition = new StringBuilder(column + " IS NOT NULL");
            if (!from.equalsIgnoreCase("minvalue")) {
                condition.append(" AND ").append(column).append(" >= ").append(from);
            }
            if (!to.equalsIgnoreCase("maxvalue")) {
                condition.append(" AND ").append(column).append(" < ").append(to);
            }
            return condition.toString();
        }
        return null;
    }

    /** {@code MODULUS 4} → {@code 4}. */
    private static String number(String part, String keyword) {
        String p = part.strip();
        return p.toUpperCase(Locale.ROOT).startsWith(keyword) ? p.substring(keyword.length()).strip() : p;
    }

    /** The contents of the top-level parenthesised groups, skipping quoted text. */
    private static List<String> groups(String text) {
        List<String> groups = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(text, i);
            } else if (c == '(') {
                if (depth++ == 0) {
                    start = i + 1;
                }
            } else if (c == ')' && depth > 0 && --depth == 0) {
                groups.add(text.substring(start, i));
            }
        }
        return groups;
    }

    /** Splits on top-level commas, skipping quoted text and nested parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    /** Index of the closing quote of the quoted text starting at {@code open} (doubled quotes stay inside). */
    private static int skipQuoted(String text, int open) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return text.length() - 1;
    }
}
