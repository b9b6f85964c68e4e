package io.pgsafety.core.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats a safe alternative as the migrations it needs, each headed by a comment saying why it
 * stands alone, so users can paste each part into its own migration file.
 */
public final class SafeAlternative {
    private final List<String> parts = new ArrayList<>();
    private int migrations;

    private SafeAlternative() {}

    public static SafeAlternative builder() {
        return new SafeAlternative();
    }

    /** A separate migration: {@code title} says what it does, {@code sql} the statements. */
    public SafeAlternative migration(String title, String sql) {
        parts.add("-- Migration " + ++migrations + ": " + title + "\n" + terminate(sql.strip()));
        return this;
    }

    /** Non-SQL guidance between migrations (application deploys, backfills). */
    public SafeAlternative step(String text) {
        parts.add("-- Then: " + text);
        return this;
    }

    public String build() {
        return String.join("\n\n", parts);
    }

    /**
     * {@code alternative} (as {@link #build()} made it) for a migration that shares its
     * transaction with the migrations around it (Flyway's {@code group=true}): migrations of its
     * own would still run in that one transaction, so an alternative of several migrations says
     * to apply each in a run of its own.
     */
    public static String forSharedTransaction(String alternative) {
        if (alternative == null || !alternative.contains("-- Migration 2: ")) {
            return alternative;
        }
        return alternative + "\n\n-- With Flyway's group=true every migration of one migrate runs in one transaction,"
                + " these too: apply each in a migrate of its own.";
    }

    private static String terminate(String sql) {
        return sql.endsWith(";") || sql.endsWith("*/") || sql.startsWith("--") && !sql.contains("\n")
                ? sql : sql + ";";
    }
}
