package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "rename-table",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "ALTER TABLE … RENAME TO breaks application code still using the old name",
        appliesToDown = false)
public final class RenameTable implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable at = ctx.alterOfExistingTable().orElse(null);
        if (at == null) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.Rename rename && rename.newName() != null) {
                String table = at.name().sql();
                QualifiedName renamed = ExpandContract.sibling(at.name(), rename.newName());
                ctx.report(rename.span())
                        .object(table)
                        .message("Renaming " + table + " to " + renamed.sql() + " breaks every running instance of"
                                + " the current application the moment the migration commits: its queries still"
                                + " name " + table + " and fail with \"relation does not exist\" until the new"
                                + " version is fully rolled out.")
                        .alternative(SafeAlternative.builder()
                                .migration("rename, and keep the old name working as a view in the same transaction"
                                                + " (a simple view is updatable: old code keeps reading and writing)",
                                        ExpandContract.lockTimeout() + "\n"
                                                + ExpandContract.allow("rename-table", "the view " + table
                                                        + " keeps the old name working") + "\n"
                                                + "ALTER TABLE " + table + " RENAME TO " + renamed.sql() + ";\n"
                                                + "CREATE VIEW " + table + " AS SELECT * FROM " + renamed.sql() + ";")
                                .step("deploy application code that uses " + renamed.sql())
                                .migration("drop the transition view once no running version uses " + table,
                                        "DROP VIEW " + table + ";")
                                .build())
                        .emit();
            }
        }
    }
}
