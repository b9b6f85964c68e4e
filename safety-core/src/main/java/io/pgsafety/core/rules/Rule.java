package io.pgsafety.core.rules;

/**
 * One check. Implementations carry {@link RuleInfo}, have a public no-argument constructor, and
 * are listed in {@code META-INF/services/io.pgsafety.core.rules.Rule}. A fresh instance is made
 * for every analysis, so a rule may keep state across the statements of a run.
 */
public interface Rule {

    /** Called for every statement (including the SQL inside {@code DO} blocks), in order. */
    default void check(StatementContext ctx) {}

    /** Called once after the last statement of each migration. */
    default void finish(MigrationContext ctx) {}
}
