package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "drop-column",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "DROP COLUMN breaks application code still reading or writing the column",
        appliesToDown = false)
public final class DropColumn implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.AlterTable at) || at.name() == null
                || at.kind() != ObjectKind.TABLE && at.kind() != ObjectKind.FOREIGN_TABLE
                || !ctx.isExistingTable(at.name())) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.DropColumn drop && drop.column() != null) {
                String table = at.name().sql();
                String column = Identifiers.quote(drop.column());
                String qualified = table + "." + column;
                ctx.report(drop.span())
                        .object(table)
                        .message("Dropping " + qualified + " breaks every running instance of the current"
                                + " application that still selects, inserts or updates it (ORMs name every mapped"
                                + " column, so even code that never uses it fails), from the moment the migration"
                                + " commits until the new version is fully rolled out; the data is gone for good"
                                + (drop.cascade() ? ", and CASCADE also drops the views and constraints that"
                                        + " depend on it" : "") + ".")
                        .alternative(SafeAlternative.builder()
                                .step("deploy application code that no longer reads or writes " + qualified
                                        + ", with the ORM told to ignore it (e.g. Rails ignored_columns, JPA/Hibernate:"
                                        + " remove the field mapping, Django: remove the field with"
                                        + " SeparateDatabaseAndState)")
                                .migration("drop the column in a later release, once no running version uses it"
                                                + " (brief ACCESS EXCLUSIVE lock, no rewrite)",
                                        ExpandContract.lockTimeout() + "\n"
                                                + ExpandContract.allow("drop-column", "no running application version"
                                                        + " uses " + qualified) + "\n"
                                                + "ALTER TABLE " + table + " DROP COLUMN " + column
                                                + (drop.cascade() ? " CASCADE" : "") + ";")
                                .build())
                        .emit();
            }
        }
    }
}
