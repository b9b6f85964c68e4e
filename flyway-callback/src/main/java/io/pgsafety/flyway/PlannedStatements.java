package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.runtime.GuardedSql;
import io.pgsafety.core.runtime.StatementsByText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * What the pre-flight read of each statement a {@code migrate} is about to run, kept so that
 * neither the runtime guard nor Flyway parses it a second time, per configuration (one per Flyway
 * instance): each statement's {@link GuardedSql} by its text, and each script's split where
 * Flyway's could not differ ({@link PresplitScript}). A statement the pre-flight did not see, or
 * whose text Flyway splits differently, is parsed when it runs: the guard's verdict is a function
 * of the text alone, so a miss costs time, never a different verdict.
 */
final class PlannedStatements {

    private static final Map<Configuration, Plan> BY_CONFIGURATION = Collections.synchronizedMap(new WeakHashMap<>());

    /** The statements of one migrate's plan, kept until its last script ({@code lastScript}) has run. */
    private record Plan(StatementsByText<GuardedSql> statements, Map<String, PresplitScript> scripts,
            String lastScript) {}

    private PlannedStatements() {}

    /** Keeps the statements of the forward migrations in {@code plan}, replacing what an earlier migrate kept. */
    static void remember(Configuration configuration, List<Migration> plan) {
        List<Migration> forward = new ArrayList<>();
        for (Migration migration : plan) {
            if (migration.kind() != Migration.Kind.DOWN) {
                forward.add(migration);
            }
        }
        String lastScript = forward.isEmpty() ? null : forward.get(forward.size() - 1).name();
        Map<String, PresplitScript> scripts = new HashMap<>();
        String placeholderPrefix = configuration.getPlaceholderPrefix();
        for (Migration migration : forward) {
            PresplitScript split = PresplitScript.of(migration, placeholderPrefix);
            if (split != null) {
                scripts.put(migration.name(), split);
            }
        }
        BY_CONFIGURATION.put(configuration, new Plan(
                StatementsByText.of(forward, statement -> GuardedSql.of(List.of(statement))), scripts, lastScript));
    }

    /**
     * Migration {@code script} has run (or failed): after the plan's last one, or a failure, which
     * ends the migrate, what the plan kept goes. (Flyway's {@code AFTER_MIGRATE} would tell the end
     * for sure, at the price of a connection of its own.) Returns whether the plan is over.
     */
    static boolean ran(Configuration configuration, String script, boolean failed) {
        Plan plan = BY_CONFIGURATION.get(configuration);
        if (plan != null && (failed || plan.lastScript() == null || plan.lastScript().equals(script))) {
            BY_CONFIGURATION.remove(configuration);
            return true;
        }
        return plan == null;
    }

    /** The split of migration {@code script} (relative to its location), or null when Flyway parses it. */
    static PresplitScript split(Configuration configuration, String script) {
        Plan plan = BY_CONFIGURATION.get(configuration);
        return plan == null ? null : plan.scripts().get(script);
    }

    /** {@code sql}, a statement Flyway is about to run, as the runtime guard needs it. */
    static GuardedSql of(Configuration configuration, String sql) {
        Plan plan = BY_CONFIGURATION.get(configuration);
        GuardedSql planned = plan == null ? null : plan.statements().get(sql);
        return planned != null ? planned : GuardedSql.of(sql);
    }
}
