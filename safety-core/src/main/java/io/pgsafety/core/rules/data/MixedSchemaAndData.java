package io.pgsafety.core.rules.data;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.MigrationContext;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reported once per migration, at the statement that completes the mix (the later of the first
 * schema change and the first data change), with the plan split at every switch between the two.
 */
@RuleInfo(
        id = "mixed-schema-and-data",
        severity = Severity.WARNING,
        category = Category.DATA,
        summary = "one migration both changes the schema of existing tables and modifies data")
public final class MixedSchemaAndData implements Rule {

    private record Seen(boolean schema, String text, String subject, Span span) {}

    private final List<Seen> seen = new ArrayList<>();
    private boolean reported;

    @Override
    public void check(StatementContext ctx) {
        if (reported) {
            return;
        }
        Seen current = classify(ctx);
        if (current == null) {
            return;
        }
        Seen other = null;
        for (Seen earlier : seen) {
            if (earlier.schema() != current.schema()) {
                other = earlier;
                break;
            }
        }
        seen.add(current);
        if (other == null) {
            return;
        }
        reported = true;
        Seen schema = current.schema() ? current : other;
        Seen data = current.schema() ? other : current;
        ctx.report(current.span())
                .object(data.subject())
                .message("This migration both changes the schema of " + schema.subject() + " (line "
                        + schema.span().line() + ") and modifies data in " + data.subject() + " (line "
                        + data.span().line() + "). Run in one transaction, the data change holds the schema"
                        + " change's locks (often ACCESS EXCLUSIVE, blocking all traffic on the table) for as long as"
                        + " it takes to touch every row, and one failure rolls both back; without a transaction, a"
                        + " failure leaves the migration half applied. Data changes also grow with the table,"
                        + " schema changes should not.")
                .alternative(alternative())
                .emit();
    }

    private String alternative() {
        SafeAlternative plan = SafeAlternative.builder();
        List<String> schema = new ArrayList<>();
        for (Seen s : seen) {
            if (s.schema()) {
                schema.add(s.text());
            } else {
                if (!schema.isEmpty()) {
                    plan.migration("schema change only", String.join(";\n", schema));
                    schema.clear();
                }
                plan.step("run the data change on its own, outside the schema migrations, in batches that each"
                        + " commit (see unbatched-data-change):\n--   " + s.text().replace("\n", "\n--   "));
            }
        }
        if (!schema.isEmpty()) {
            plan.migration("schema change only", String.join(";\n", schema));
        }
        plan.step("split the statements that follow the same way: schema changes and data changes never share a migration");
        return plan.build();
    }

    private static Seen classify(StatementContext ctx) {
        Statement statement = ctx.ast();
        String text = ctx.statement().text().strip();
        if (statement instanceof Statement.Update update && update.table() != null) {
            return new Seen(false, text, update.table().sql(), update.span());
        }
        if (statement instanceof Statement.Delete delete && delete.table() != null) {
            return new Seen(false, text, delete.table().sql(), delete.span());
        }
        if (statement instanceof Statement.Insert insert && insert.fromQuery() && insert.table() != null) {
            return new Seen(false, text, insert.table().sql(), insert.span());
        }
        QualifiedName changed = changedTable(ctx);
        return changed == null ? null : new Seen(true, text, changed.sql(), statement.span());
    }

    /** The existing relation whose schema the statement changes, or null. */
    private static QualifiedName changedTable(StatementContext ctx) {
        Statement statement = ctx.ast();
        if (statement instanceof Statement.AlterTable alter && alter.kind() != ObjectKind.SEQUENCE
                && alter.name() != null && ctx.isExistingTable(alter.name())) {
            return alter.name();
        }
        if (statement instanceof Statement.CreateIndex index && index.table() != null
                && ctx.isExistingTable(index.table())) {
            return index.table();
        }
        if (statement instanceof Statement.DropIndex drop) {
            QualifiedName index = firstExisting(ctx, drop.names());
            return index == null ? null : ctx.tableOfIndex(index).orElse(index);
        }
        if (statement instanceof Statement.DropObject drop && (drop.kind() == ObjectKind.TABLE
                || drop.kind() == ObjectKind.VIEW || drop.kind() == ObjectKind.MATERIALIZED_VIEW)) {
            return firstExisting(ctx, drop.names());
        }
        return null;
    }

    @Override
    public void finish(MigrationContext ctx) {
        seen.clear();
        reported = false;
    }

    private static QualifiedName firstExisting(StatementContext ctx, List<QualifiedName> names) {
        for (QualifiedName name : names) {
            if (name != null && ctx.isExistingTable(name)) {
                return name;
            }
        }
        return null;
    }
}
