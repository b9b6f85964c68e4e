package io.pgsafety.core.rules.locks;

import io.pgsafety.core.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A column type reduced to what decides whether {@code ALTER COLUMN … TYPE} rewrites the table:
 * the canonical name {@link TypeName} uses, the numeric type modifiers (a modifier that is not a
 * number is {@link #UNKNOWN}) and the array dimensions. Built from a parsed {@link TypeName} or
 * from the catalog's {@code format_type} spelling.
 */
record ColumnType(String name, List<Integer> modifiers, int arrayDimensions) {

    static final int UNKNOWN = -2;

    /** PostgreSQL resolves a timestamp/time precision of 6 or more to the unbounded maximum. */
    private static final int MAX_TIME_PRECISION = 6;

    private static final Map<String, String> FORMAT_TYPE_NAMES = Map.ofEntries(
            Map.entry("character varying", "varchar"),
            Map.entry("character", "bpchar"),
            Map.entry("char", "bpchar"),
            Map.entry("bit varying", "varbit"),
            Map.entry("integer", "int4"),
            Map.entry("int", "int4"),
            Map.entry("smallint", "int2"),
            Map.entry("bigint", "int8"),
            Map.entry("real", "float4"),
            Map.entry("double precision", "float8"),
            Map.entry("boolean", "bool"),
            Map.entry("decimal", "numeric"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time without time zone", "time"),
            Map.entry("time with time zone", "timetz"));

    ColumnType {
        modifiers = List.copyOf(modifiers);
    }

    static ColumnType of(TypeName type) {
        List<Integer> mods = new ArrayList<>();
        for (String m : type.modifiers()) {
            mods.add(number(m));
        }
        return new ColumnType(type.name(), mods, type.arrayDimensions());
    }

    /**
     * Parses {@code format_type} output: {@code character varying(20)}, {@code numeric(10,2)},
     * {@code timestamp(3) without time zone}, {@code integer[]}, {@code public.money_amount}.
     */
    static Optional<ColumnType> parseFormatted(String formatted) {
        if (formatted == null || formatted.isBlank()) {
            return Optional.empty();
        }
        String s = formatted.trim();
        int dims = 0;
        while (s.endsWith("[]")) {
            dims++;
            s = s.substring(0, s.length() - 2).trim();
        }
        List<Integer> mods = new ArrayList<>();
        int open = s.indexOf('(');
        int close = s.indexOf(')', open + 1);
        if (open >= 0 && close > open) {
            for (String m : s.substring(open + 1, close).split(",")) {
                mods.add(number(m));
            }
            s = (s.substring(0, open) + " " + s.substring(close + 1)).trim();
        }
        String lower = s.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return Optional.of(new ColumnType(FORMAT_TYPE_NAMES.getOrDefault(lower, lower), mods, dims));
    }

    boolean bounded() {
        return !modifiers.isEmpty();
    }

    int modifier(int i) {
        return i < modifiers.size() ? modifiers.get(i) : -1;
    }

    /**
     * True when PostgreSQL changes the column from this type to {@code target} without rewriting
     * the table or rebuilding its indexes: a relabel or a widening it knows to be a no-op.
     */
    boolean changesWithoutRewriteTo(ColumnType target) {
        if (equals(target)) {
            return true;
        }
        if (arrayDimensions > 0 || target.arrayDimensions > 0 || modifiers.contains(UNKNOWN)
                || target.modifiers.contains(UNKNOWN)) {
            return false;
        }
        return switch (name) {
            case "varchar" -> target.name.equals("text") || target.name.equals("varchar") && lengthWidens(target);
            case "text" -> target.name.equals("varchar") && !target.bounded();
            case "varbit" -> target.name.equals("varbit") && lengthWidens(target);
            case "numeric" -> target.name.equals("numeric") && numericWidens(target);
            case "cidr" -> target.name.equals("inet");
            case "timestamp", "timestamptz", "time", "timetz", "interval" ->
                    target.name.equals(name) && precisionWidens(target);
            default -> false;
        };
    }

    private boolean lengthWidens(ColumnType target) {
        return !target.bounded() || bounded() && target.modifier(0) >= modifier(0);
    }

    private boolean numericWidens(ColumnType target) {
        if (!target.bounded()) {
            return true;
        }
        return bounded() && target.modifier(0) >= modifier(0) && scale() == target.scale();
    }

    private int scale() {
        return modifiers.size() > 1 ? modifiers.get(1) : 0;
    }

    private boolean precisionWidens(ColumnType target) {
        return !target.bounded() || target.modifier(0) >= MAX_TIME_PRECISION
                || bounded() && modifier(0) <= target.modifier(0);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
