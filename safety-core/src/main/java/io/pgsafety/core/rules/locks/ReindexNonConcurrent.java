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
import io.pgsafety.core.sql.ast.Statement.ReindexTarget;
import java.util.Locale;
import java.util.Optional;

/** {@code REINDEX} without {@code CONCURRENTLY} blocks writes and queries planned on the table. */
@RuleInfo(
        id = "reindex-non-concurrent",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "REINDEX without CONCURRENTLY blocks writes to the table and queries that use its indexes",
        lock = LockMode.SHARE,
        sizeDependent = true)
public final class ReindexNonConcurrent implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.Reindex reindex) || reindex.concurrently()
                || reindex.target() == null || reindex.target() == ReindexTarget.SYSTEM || createdInScope(ctx, reindex)) {
            return;
        }
        String target = reindex.target().name();
        String name = reindex.name() == null ? "" : " " + reindex.name().sql();
        String scope = switch (reindex.target()) {
            case INDEX -> "rebuilds index" + name + " while holding a SHARE lock on its table and an ACCESS EXCLUSIVE "
                    + "lock on the index";
            case TABLE -> "rebuilds every index of" + name + " while holding a SHARE lock on it and an ACCESS "
                    + "EXCLUSIVE lock on each index being rebuilt";
            default -> "rebuilds every index in " + target.toLowerCase(Locale.ROOT) + name + ", table after table, "
                    + "each time holding a SHARE lock on the table and an ACCESS EXCLUSIVE lock on its indexes";
        };
        String message = "REINDEX " + target + name + " " + scope + ": " + Wording.WRITES_BLOCKED + " waits for the "
                + "whole rebuild, and so do queries whose plans read the index being rebuilt, which on large tables "
                + "means minutes of stalled traffic.";
        ctx.report(reindex.span())
                .object(reindex.name() == null ? target.toLowerCase(Locale.ROOT) : reindex.name().sql())
                .message(message)
                .alternative(alternative(ctx.pgVersion(), reindex, target, name))
                .emit();
    }

    private static boolean createdInScope(StatementContext ctx, Statement.Reindex reindex) {
        QualifiedName name = reindex.name();
        if (name == null) {
            return false;
        }
        return switch (reindex.target()) {
            case INDEX -> {
                Optional<QualifiedName> table = ctx.tableOfIndex(name);
                yield ctx.isCreatedInScope(name) || table.isPresent() && ctx.isCreatedInScope(table.get());
            }
            case TABLE -> ctx.isCreatedInScope(name);
            default -> false;
        };
    }

    private static String alternative(int pgVersion, Statement.Reindex reindex, String target, String name) {
        if (pgVersion >= 12) {
            return SafeAlternative.builder()
                    .migration("rebuild while reads and writes continue (SHARE UPDATE EXCLUSIVE), "
                            + Wording.OUTSIDE_TRANSACTION, "REINDEX " + target + " CONCURRENTLY" + name)
                    .step("if it fails, PostgreSQL leaves an INVALID index named like the original with a _ccnew "
                            + "suffix: drop it with DROP INDEX CONCURRENTLY IF EXISTS and retry")
                    .build();
        }
        String index = reindex.target() == ReindexTarget.INDEX && reindex.name() != null
                ? reindex.name().sql() : "each index";
        return SafeAlternative.builder()
                .step(Wording.postgres(pgVersion) + " has no REINDEX … CONCURRENTLY (it arrived in PostgreSQL 12). "
                        + "Rebuild " + index + " by hand without blocking writes, " + Wording.OUTSIDE_TRANSACTION
                        + ": CREATE INDEX CONCURRENTLY a new index with the same definition (see pg_indexes.indexdef), "
                        + "DROP INDEX CONCURRENTLY the old one, then ALTER INDEX … RENAME TO the old name")
                .build();
    }
}
