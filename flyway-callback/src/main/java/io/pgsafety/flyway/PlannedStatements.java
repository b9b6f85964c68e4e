package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.runtime.GuardedSql;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * What the pre-flight read of each statement a {@code migrate} is about to run, kept for the
 * runtime guard so that it does not parse the statement a second time: its {@link GuardedSql} by
 * the statement's text, per configuration (one per Flyway instance). A statement the pre-flight
 * did not see, or whose text Flyway splits differently, is parsed when it runs: the guard's
 * verdict is a function of the text alone, so a miss costs time, never a different verdict.
 */
final class PlannedStatements {

    private static final Map<Configuration, Map<String, GuardedSql>> BY_CONFIGURATION =
            Collections.synchronizedMap(new WeakHashMap<>());

    private PlannedStatements() {}

    /** Keeps the statements of the forward migrations in {@code plan}, replacing what an earlier migrate kept. */
    static void remember(Configuration configuration, List<Migration> plan) {
        Map<String, GuardedSql> byText = new HashMap<>();
        for (Migration migration : plan) {
            if (migration.kind() == Migration.Kind.DOWN) {
                continue;
            }
            for (ParsedStatement statement : migration.parse().statements()) {
                byText.computeIfAbsent(statement.text(), text -> GuardedSql.of(List.of(statement)));
            }
        }
        BY_CONFIGURATION.put(configuration, byText);
    }

    /** The migrate is over: what it kept goes. */
    static void forget(Configuration configuration) {
        BY_CONFIGURATION.remove(configuration);
    }

    /** {@code sql}, a statement Flyway is about to run, as the runtime guard needs it. */
    static GuardedSql of(Configuration configuration, String sql) {
        Map<String, GuardedSql> byText = BY_CONFIGURATION.get(configuration);
        GuardedSql planned = byText == null ? null : byText.get(sql);
        return planned != null ? planned : GuardedSql.of(sql);
    }
}
