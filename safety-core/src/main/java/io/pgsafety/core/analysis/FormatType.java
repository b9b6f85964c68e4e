package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.TypeName;
import java.util.Map;

/**
 * Spells a {@link TypeName} the way PostgreSQL's {@code format_type} does, so types declared
 * earlier in a migration compare with types read from a live catalog.
 */
public final class FormatType {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("int2", "smallint"), Map.entry("int4", "integer"), Map.entry("int8", "bigint"),
            Map.entry("smallserial", "smallint"), Map.entry("serial", "integer"), Map.entry("bigserial", "bigint"),
            Map.entry("float4", "real"), Map.entry("float8", "double precision"), Map.entry("bool", "boolean"),
            Map.entry("varchar", "character varying"), Map.entry("bpchar", "character"),
            Map.entry("varbit", "bit varying"));

    private FormatType() {}

    public static String of(TypeName type) {
        String base = NAMES.getOrDefault(type.name(), type.name());
        String mods = type.modifiers().isEmpty() ? "" : "(" + String.join(",", type.modifiers().stream()
                .map(String::trim).toList()) + ")";
        String spelled = switch (type.name()) {
            case "timestamp" -> "timestamp" + mods + " without time zone";
            case "timestamptz" -> "timestamp" + mods + " with time zone";
            case "time" -> "time" + mods + " without time zone";
            case "timetz" -> "time" + mods + " with time zone";
            default -> base + mods;
        };
        return spelled + "[]".repeat(Math.max(0, type.arrayDimensions()));
    }
}
