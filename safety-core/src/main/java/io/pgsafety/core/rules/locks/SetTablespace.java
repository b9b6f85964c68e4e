package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "set-tablespace",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "ALTER TABLE/INDEX … SET TABLESPACE copies the relation under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class SetTablespace implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.AlterTable at) || at.name() == null
                || !ctx.isExistingTable(at.name())) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.SetTablespace move && move.tablespace() != null) {
                boolean index = at.kind() == ObjectKind.INDEX;
                ctx.report(move.span())
                        .object(at.name().sql())
                        .message("Moving " + (index ? "index " : "") + at.name().sql() + " to tablespace "
                                + Identifiers.quote(move.tablespace()) + " copies every block of it to the new"
                                + " location while holding an ACCESS EXCLUSIVE lock"
                                + (index ? " on the index's table" : "")
                                + ": every query on it, reads included, waits until the copy finishes, which takes"
                                + " as long as writing out the whole relation.")
                        .alternative(index ? indexAlternative(at.name(), move.tablespace(), ctx.pgVersion())
                                : tableAlternative(at.name(), move.tablespace()))
                        .emit();
            }
        }
    }

    private static String indexAlternative(QualifiedName index, String tablespace, int pgVersion) {
        String space = Identifiers.quote(tablespace);
        if (pgVersion < 14) {
            return SafeAlternative.builder()
                    .step("REINDEX … TABLESPACE needs PostgreSQL 14; on " + pgVersion + " build a copy of the index"
                            + " with CREATE INDEX CONCURRENTLY … TABLESPACE " + space + " (same definition), then"
                            + " DROP INDEX CONCURRENTLY " + index.sql() + " and rename the copy; or move it with"
                            + " pg_repack --index=" + index.sql() + " --tablespace=" + tablespace)
                    .build();
        }
        return SafeAlternative.builder()
                .migration("rebuild the index in the new tablespace without blocking writes, outside a transaction"
                                + " (Flyway: executeInTransaction=false; Liquibase: runInTransaction:false)",
                        "REINDEX (TABLESPACE " + space + ") INDEX CONCURRENTLY " + index.sql() + ";")
                .build();
    }

    private static String tableAlternative(QualifiedName table, String tablespace) {
        return SafeAlternative.builder()
                .step("move the table online with pg_repack, which copies it while reads and writes continue and"
                        + " locks only briefly at the swap:\n"
                        + "--   pg_repack --table=" + table.sql() + " --tablespace=" + tablespace + " --moveidx --dbname=<database>")
                .step("or run the ALTER TABLE in a maintenance window, with SET lock_timeout so it does not queue"
                        + " traffic behind it")
                .build();
    }
}
