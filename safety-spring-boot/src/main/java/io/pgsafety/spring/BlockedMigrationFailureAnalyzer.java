package io.pgsafety.spring;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start that pg-safety stopped shows its report as the failure, instead of under a bean creation
 * stack trace, with the fixes spelled for Spring: where to switch to {@code warn}. Both the Flyway
 * callback and the Liquibase extension begin their report with {@value #MARK}; the exception types
 * are the tools' own, so the report is recognised by that text.
 */
final class BlockedMigrationFailureAnalyzer implements FailureAnalyzer {

    static final String MARK = "pg-safety blocked";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable blocked = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(MARK)) {
                blocked = t;
            }
        }
        if (blocked == null) {
            return null;
        }
        String message = blocked.getMessage();
        String prefix = blocked.getClass().getName().startsWith("org.flywaydb.")
                ? SafetyFlywayAutoConfiguration.PREFIX : SafetyLiquibaseAutoConfiguration.PREFIX;
        return new FailureAnalysis(message.substring(message.indexOf(MARK)).strip(),
                "Fix the migrations (each finding shows a safe alternative), or accept a finding where it is"
                        + " written (the finding says how), or set " + prefix + ".mode=warn to report without"
                        + " blocking. Nothing was applied: once fixed, the next start migrates.",
                blocked);
    }
}
