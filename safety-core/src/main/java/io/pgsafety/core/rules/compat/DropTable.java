package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "drop-table",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "DROP TABLE of an existing table breaks application code still using it",
        appliesToDown = false)
public final class DropTable implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.DropObject drop) || drop.kind() != ObjectKind.TABLE) {
            return;
        }
        for (QualifiedName name : drop.names()) {
            if (name == null || !ctx.isExistingTable(name)) {
                continue;
            }
            String table = name.sql();
            ctx.report(name.span() != null ? name.span() : drop.span())
                    .object(table)
                    .message("Dropping " + table + " breaks every running instance of the current application"
                            + " that still queries it, from the moment the migration commits until the new version"
                            + " is fully rolled out, and its data is gone for good"
                            + (drop.cascade() ? "; CASCADE also drops the views and foreign keys that depend on it"
                                    : "")
                            + ". DROP TABLE also waits for an ACCESS EXCLUSIVE lock, queueing every query on "
                            + table + " behind any long-running one.")
                    .alternative(SafeAlternative.builder()
                            .step("deploy application code that no longer uses " + table + " (and keep a dump, e.g."
                                    + " pg_dump --table=" + table + ", if the data may be needed)")
                            .migration("drop the table in a later release, once no running version uses it",
                                    ExpandContract.lockTimeout() + "\n"
                                            + ExpandContract.allow("drop-table", "no running application version"
                                                    + " uses " + table) + "\n"
                                            + "DROP TABLE " + table + (drop.cascade() ? " CASCADE" : "") + ";")
                            .build())
                    .emit();
        }
    }
}
