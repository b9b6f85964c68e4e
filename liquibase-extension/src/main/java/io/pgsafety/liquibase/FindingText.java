package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.sql.ast.LockMode;
import java.util.stream.Collectors;

/** A finding written for a Liquibase user: changeset, change type, rule, lock, and what to do instead. */
final class FindingText {

    static final String ROLLBACK_SUFFIX = " (rollback)";

    private FindingText() {}

    static String describe(Finding f, SafetyValidatingVisitor.Planned planned) {
        boolean rollback = f.migration() != null && f.migration().endsWith(ROLLBACK_SUFFIX);
        ChangeSetSql sql = planned == null ? null : rollback ? planned.rollback().sql() : planned.sql();
        ChangeSetSql.Part part = sql == null ? null : sql.partAt(f.line());
        StringBuilder b = new StringBuilder();
        if (!rollback) {
            b.append("- changeset ").append(f.migration());
            if (part != null) {
                b.append(" (").append(part.changeType()).append(')');
            }
        } else {
            b.append("- rollback of changeset ").append(planned == null ? f.migration() : planned.name());
            if (part != null) {
                boolean automatic = planned.rollback().source() == RollbackPlan.Source.AUTOMATIC;
                b.append(" (").append(automatic ? "automatic, undoing " : "").append(part.changeType()).append(')');
            }
        }
        b.append(": ").append(f.rule()).append(" (").append(f.severity().name().toLowerCase()).append(')');
        if (f.object() != null) {
            b.append(" on ").append(f.object());
        }
        if (f.lock() != null) {
            b.append(", takes ").append(f.lock().sql());
            if (!f.blocks().isEmpty()) {
                b.append(" (blocks ").append(f.blocks().stream().map(LockMode.Blocks::jsonName)
                        .collect(Collectors.joining(", "))).append(')');
            }
        }
        b.append("\n  ").append(f.message());
        String advice = emptyRollback(f, planned) ? ChangelogAdvice.forEmptyRollback()
                : ChangelogAdvice.forFinding(f.rule(), part == null ? null : part.change());
        if (advice != null) {
            b.append("\n  In the changelog: ").append(advice);
        }
        if (f.safeAlternative() != null && !f.safeAlternative().isBlank()) {
            b.append("\n  Safe alternative:\n    ").append(f.safeAlternative().strip().replace("\n", "\n    "));
        }
        b.append("\n  To accept it: safety:allow=\"").append(f.rule())
                .append("\" safety:reason=\"<why>\" on the changeset.");
        return b.toString();
    }

    private static boolean emptyRollback(Finding f, SafetyValidatingVisitor.Planned planned) {
        return f.rule().equals("missing-undo") && planned != null
                && planned.rollback().source() == RollbackPlan.Source.EMPTY;
    }
}
