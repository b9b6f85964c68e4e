package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "truncate-table",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "TRUNCATE empties a table the running application still uses",
        lock = LockMode.ACCESS_EXCLUSIVE,
        appliesToDown = false)
public final class TruncateTable implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.Truncate truncate)) {
            return;
        }
        for (QualifiedName name : truncate.tables()) {
            if (name == null || !ctx.isExistingTable(name)) {
                continue;
            }
            String table = name.sql();
            ctx.report(name.span() != null ? name.span() : truncate.span())
                    .object(table)
                    .message("TRUNCATE " + table + " deletes every row at once, under an ACCESS EXCLUSIVE lock that"
                            + " makes every query on the table wait, while running instances of the application may"
                            + " still rely on that data"
                            + (truncate.cascade() ? "; CASCADE also empties every table with a foreign key to it"
                                    : "")
                            + ". It cannot be undone once the migration commits.")
                    .alternative(SafeAlternative.builder()
                            .step("if the rows are really no longer needed, delete them as a deliberate data"
                                    + " operation outside the schema migration, in batches that keep locks short"
                                    + " and replicas in step (keep a dump, pg_dump --data-only --table=" + table
                                    + ", if they may be needed):\n"
                                    + ExpandContract.batchLoop(name, "DELETE FROM " + table + " WHERE "
                                            + ExpandContract.BATCH_RANGE))
                            .build())
                    .emit();
        }
    }
}
