package io.pgsafety.core.rules.process;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.directive.Directive;
import io.pgsafety.core.directive.Directives;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.MigrationContext;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;

@RuleInfo(
        id = "missing-undo",
        severity = Severity.ERROR,
        category = Category.PROCESS,
        summary = "A versioned migration without its down half (Flyway U script, goose Down, Liquibase rollback)",
        appliesToDown = false)
public final class MissingUndo implements Rule {

    private UndoSketch sketch = new UndoSketch();
    private Span first;

    @Override
    public void check(StatementContext ctx) {
        if (first == null) {
            first = ctx.ast().span();
        }
        Migration m = ctx.migration();
        if (!ctx.insideDoBlock() && m.kind() == Migration.Kind.UP && m.undo() == Migration.UndoStatus.MISSING) {
            sketch.add(ctx.ast());
        }
    }

    @Override
    public void finish(MigrationContext ctx) {
        Migration m = ctx.migration();
        try {
            if (m.kind() != Migration.Kind.UP || m.undo() != Migration.UndoStatus.MISSING || isIrreversible(ctx)) {
                return;
            }
            Span at = first != null ? first : new Span(0, 0, 1, 1, 1, 1);
            ctx.report(at)
                    .object(m.name())
                    .message(m.name() + " has no down migration. When a deploy goes wrong the way back is then"
                            + " written under pressure, during the incident; writing it now, next to the change,"
                            + " is what makes a rollback a routine step. " + whereItGoes(m))
                    .alternative(alternative())
                    .emit();
        } finally {
            sketch = new UndoSketch();
            first = null;
        }
    }

    private String alternative() {
        SafeAlternative alt = SafeAlternative.builder();
        if (!sketch.isEmpty()) {
            alt.migration("the down migration (draft from this migration's statements; check it)", sketch.sql());
        }
        alt.step("or, if this migration truly cannot be undone, say so for reviewers in the script:"
                + " -- safety:irreversible reason=\"<why>\"");
        return alt.build();
    }

    private static boolean isIrreversible(MigrationContext ctx) {
        String attribute = ctx.migration().irreversibleReason();
        if (attribute != null && !attribute.isBlank()) {
            return true;
        }
        return Directives.parseAll(ctx.comments()).stream()
                .anyMatch(d -> d.kind() == Directive.Kind.IRREVERSIBLE && d.reason() != null);
    }

    private static String whereItGoes(Migration m) {
        String file = m.path().substring(m.path().lastIndexOf('/') + 1);
        if (m.name().contains("::")) {
            return "Add a <rollback> block to the changeset (or use change types Liquibase can roll back"
                    + " automatically).";
        }
        if (file.matches("V[^_]+__.+")) {
            return "Add " + file.replaceFirst("^V", "U") + " beside it (Flyway undo script; prefix set by undoPrefix).";
        }
        if (file.equals("up.sql")) {
            return "Fill in down.sql beside it.";
        }
        return "Add the down section (goose: -- +goose Down; dbmate: -- migrate:down).";
    }
}
