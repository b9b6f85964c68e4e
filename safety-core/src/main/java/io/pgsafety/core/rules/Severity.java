package io.pgsafety.core.rules;

import java.util.Locale;

/** ERROR blocks the migration, WARNING is reported only, OFF is silent. */
public enum Severity {
    ERROR, WARNING, OFF;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code error|warning|off} (any case); null when it is none of them. */
    public static Severity parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            case "off" -> OFF;
            default -> null;
        };
    }
}
