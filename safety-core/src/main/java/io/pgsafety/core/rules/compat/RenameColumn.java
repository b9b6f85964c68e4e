package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "rename-column",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "RENAME COLUMN breaks application code still using the old name",
        appliesToDown = false)
public final class RenameColumn implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.AlterTable at) || at.name() == null || at.kind() == ObjectKind.INDEX
                || at.kind() == ObjectKind.SEQUENCE || !ctx.isExistingTable(at.name())) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.RenameColumn rename && rename.from() != null && rename.to() != null) {
                String table = at.name().sql();
                String from = Identifiers.quote(rename.from());
                String to = Identifiers.quote(rename.to());
                ctx.report(rename.span())
                        .object(table)
                        .message("Renaming " + table + "." + from + " to " + to + " breaks every running instance"
                                + " of the current application the moment the migration commits: its queries still"
                                + " name " + from + " and fail with \"column does not exist\" until the new version"
                                + " is fully rolled out (and a rollback of the application breaks again).")
                        .alternative(at.kind() == ObjectKind.TABLE
                                ? alternative(ctx, at.name(), rename.from(), rename.to())
                                : SafeAlternative.builder()
                                        .step("views have no data to copy: create a new view with the new column"
                                                + " name, move the application to it, then drop " + table)
                                        .build())
                        .emit();
            }
        }
    }

    private static String alternative(StatementContext ctx, QualifiedName table, String oldName, String newName) {
        String from = Identifiers.quote(oldName);
        String to = Identifiers.quote(newName);
        String type = ctx.columnType(table, oldName).orElse("<type of " + oldName + ">");
        String trigger = SqlNames.makeObjectName(table.name(), oldName + "_" + newName, "sync");
        String sync = "  IF TG_OP = 'INSERT' THEN\n"
                + "    NEW." + to + " := COALESCE(NEW." + to + ", NEW." + from + ");\n"
                + "    NEW." + from + " := COALESCE(NEW." + from + ", NEW." + to + ");\n"
                + "  ELSIF NEW." + to + " IS DISTINCT FROM OLD." + to + " THEN\n"
                + "    NEW." + from + " := NEW." + to + ";\n"
                + "  ELSE\n"
                + "    NEW." + to + " := NEW." + from + ";\n"
                + "  END IF;";
        return SafeAlternative.builder()
                .migration("add " + to + " next to " + from + " and keep the two in step, whichever one the"
                                + " application writes (brief lock)",
                        "ALTER TABLE " + table.sql() + " ADD COLUMN " + to + " " + type + ";\n"
                                + ExpandContract.syncTrigger(table, trigger, sync))
                .step("copy existing values in batches, outside the schema migration:\n"
                        + ExpandContract.batchLoop(table, "UPDATE " + table.sql() + " SET " + to + " = " + from
                                + " WHERE " + ExpandContract.BATCH_RANGE + " AND " + to + " IS DISTINCT FROM " + from))
                .step("add to " + to + " the NOT NULL, default, constraints and indexes " + from + " has (the safe"
                        + " way), then deploy application code that uses only " + to)
                .migration("drop the old column once no running version uses it (brief lock)",
                        ExpandContract.lockTimeout() + "\n"
                                + ExpandContract.dropSyncTrigger(table, trigger) + "\n"
                                + ExpandContract.allow("drop-column", "the application uses " + to + " now") + "\n"
                                + "ALTER TABLE " + table.sql() + " DROP COLUMN " + from + ";")
                .build();
    }
}
