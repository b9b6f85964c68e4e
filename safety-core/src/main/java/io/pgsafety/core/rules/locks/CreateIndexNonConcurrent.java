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

/** {@code CREATE INDEX} without {@code CONCURRENTLY} holds SHARE on the table for the whole build. */
@RuleInfo(
        id = "create-index-non-concurrent",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "CREATE INDEX without CONCURRENTLY on an existing table blocks all writes for the whole build",
        lock = LockMode.SHARE,
        sizeDependent = true)
public final class CreateIndexNonConcurrent implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.CreateIndex index) || index.concurrently() || index.table() == null
                || !ctx.isExistingTable(index.table())) {
            return;
        }
        QualifiedName table = index.table();
        String name = index.name() != null ? index.name() : SqlNames.defaultIndexName(index, ctx.statement().tokens());
        String what = (index.unique() ? "unique index " : "index ") + Identifiers.quote(name);
        String message = "Building " + what + " on " + table.sql() + " without CONCURRENTLY holds a SHARE lock on "
                + table.sql() + " for the whole build: " + Wording.WRITES_BLOCKED + " on it waits until every row "
                + "has been read and sorted, which on a large table means minutes of failed writes (reads continue)."
                + (index.unique() ? " A duplicate found late in the build fails it after all that time." : "");
        ctx.report(index.span()).object(table.sql()).message(message).alternative(alternative(index, table, name)).emit();
    }

    private static String alternative(Statement.CreateIndex index, QualifiedName table, String name) {
        String definition = index.definition() == null ? "" : index.definition().strip();
        String create = "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY "
                + (index.ifNotExists() ? "IF NOT EXISTS " : "") + Identifiers.quote(name) + " ON " + table.sql()
                + " " + definition;
        String indexSql = SqlNames.indexSql(table, name);
        SafeAlternative alternative = SafeAlternative.builder()
                .migration("build the index while writes continue (SHARE UPDATE EXCLUSIVE; two passes over the table, "
                        + "waiting for running transactions), " + Wording.OUTSIDE_TRANSACTION, create)
                .step("if the build fails (deadlock, " + (index.unique() ? "duplicate key, " : "")
                        + "cancelled statement) it leaves an INVALID index " + Identifiers.quote(name)
                        + " that slows every write and is never used"
                        + (index.ifNotExists() ? " (and that IF NOT EXISTS would then silently keep)" : "")
                        + ": run DROP INDEX CONCURRENTLY IF EXISTS " + indexSql + "; and retry");
        if (index.only()) {
            alternative.step("ONLY was left out above. If " + table.sql() + " is partitioned, PostgreSQL cannot build "
                    + "its index CONCURRENTLY: keep CREATE INDEX " + Identifiers.quote(name) + " ON ONLY " + table.sql()
                    + " (it builds nothing and stays invalid), then for each partition run CREATE INDEX CONCURRENTLY "
                    + "with the same definition on the partition, and attach it with ALTER INDEX " + indexSql
                    + " ATTACH PARTITION followed by that partition index's name; the parent index becomes valid "
                    + "once every partition has one attached");
        }
        return alternative.build();
    }
}
