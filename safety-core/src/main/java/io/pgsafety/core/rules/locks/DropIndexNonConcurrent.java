package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code DROP INDEX} without {@code CONCURRENTLY} takes ACCESS EXCLUSIVE on the index's table. */
@RuleInfo(
        id = "drop-index-non-concurrent",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table",
        lock = LockMode.ACCESS_EXCLUSIVE)
public final class DropIndexNonConcurrent implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.DropIndex drop) || drop.concurrently()) {
            return;
        }
        List<String> flagged = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        boolean tablesUnknown = false;
        for (QualifiedName index : drop.names()) {
            if (index == null || ctx.isCreatedInScope(index)) {
                continue;
            }
            Optional<QualifiedName> table = ctx.tableOfIndex(index);
            if (table.isPresent() && ctx.isCreatedInScope(table.get())) {
                continue;
            }
            flagged.add(index.sql());
            tables.add(table.orElse(index).sql());
            tablesUnknown |= table.isEmpty();
        }
        if (flagged.isEmpty()) {
            return;
        }
        String onWhat = String.join(", ", tables);
        String lockedTables = tablesUnknown ? (flagged.size() > 1 ? "their tables" : "its table") : onWhat;
        String message = "Dropping index " + String.join(", ", flagged) + " without CONCURRENTLY takes an ACCESS "
                + "EXCLUSIVE lock on " + lockedTables + ": the drop itself is quick, but it first waits for every "
                + "running query on the table, and meanwhile every new query on it, plain SELECTs included, queues "
                + "behind it; a slow report query turns this into an outage.";
        ctx.report(drop.span()).object(onWhat).message(message).alternative(alternative(drop)).emit();
    }

    private static String alternative(Statement.DropIndex drop) {
        StringBuilder sql = new StringBuilder();
        for (QualifiedName index : drop.names()) {
            if (index != null) {
                sql.append("DROP INDEX CONCURRENTLY IF EXISTS ").append(index.sql()).append(";\n");
            }
        }
        SafeAlternative alternative = SafeAlternative.builder().migration(
                "drop without blocking queries (waits for them instead), one index per statement, "
                        + Wording.OUTSIDE_TRANSACTION, sql.toString());
        if (drop.cascade()) {
            alternative.step("DROP INDEX CONCURRENTLY cannot CASCADE: drop the objects that depend on the index "
                    + "(such as a foreign key relying on it) in their own statements first");
        }
        return alternative.build();
    }
}
