package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

/** {@code REFRESH MATERIALIZED VIEW} without {@code CONCURRENTLY} blocks reads of the view. */
@RuleInfo(
        id = "refresh-matview-non-concurrent",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view while it runs",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class RefreshMatviewNonConcurrent implements Rule {

    @Override
    public void check(StatementContext ctx) {
        // WITH NO DATA only empties the view: ACCESS EXCLUSIVE, but for an instant.
        if (!(ctx.ast() instanceof Statement.RefreshMaterializedView refresh) || refresh.concurrently()
                || !refresh.withData() || refresh.name() == null || !ctx.isExistingTable(refresh.name())) {
            return;
        }
        QualifiedName view = refresh.name();
        String message = "Refreshing materialized view " + view.sql() + " without CONCURRENTLY re-runs its query "
                + "while holding an ACCESS EXCLUSIVE lock on it: every SELECT from " + view.sql() + " waits until the "
                + "query has finished and the new contents are written, which for an expensive view means minutes "
                + "of stalled reads.";
        String uniqueIndex = Identifiers.quote(SqlNames.makeObjectName(view.name(), null, "unique_idx"));
        String alternative = SafeAlternative.builder()
                .step("CONCURRENTLY needs a UNIQUE index on " + view.sql() + " covering all rows (no WHERE clause). "
                        + "If it has none, create one once, " + Wording.OUTSIDE_TRANSACTION + ", on a column set that "
                        + "is unique for every row of the view: CREATE UNIQUE INDEX CONCURRENTLY " + uniqueIndex
                        + " ON " + view.sql() + " followed by those columns in parentheses")
                .migration("refresh while reads continue (EXCLUSIVE lock: only other refreshes wait; it diffs the "
                        + "new result against the old contents, so it takes longer)",
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view.sql())
                .build();
        ctx.report(refresh.span()).object(view.sql()).message(message).alternative(alternative).emit();
    }
}
