package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.MigrationContext;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "drop-schema",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "DROP SCHEMA removes every object in it at once",
        appliesToDown = false)
public final class DropSchema implements Rule {

    private final CreatedNames created = new CreatedNames(ObjectKind.SCHEMA);

    @Override
    public void check(StatementContext ctx) {
        if (created.record(ctx.ast())) {
            return;
        }
        if (!(ctx.ast() instanceof Statement.DropObject drop) || drop.kind() != ObjectKind.SCHEMA) {
            return;
        }
        for (QualifiedName name : drop.names()) {
            if (name == null || created.contains(name)) {
                continue;
            }
            String schema = name.sql();
            ctx.report(name.span() != null ? name.span() : drop.span())
                    .object(schema)
                    .message("Dropping schema " + schema + (drop.cascade()
                            ? " with CASCADE removes every table, view, function and type in it, with their data,"
                            : " fails if anything is still in it, and otherwise removes it")
                            + " while running instances of the current application may still use those objects;"
                            + " nothing can be rolled back once it commits.")
                    .alternative(SafeAlternative.builder()
                            .step("deploy application code that no longer uses anything in " + schema
                                    + ", keep a dump (pg_dump --schema=" + schema + ") if the data may be needed, and"
                                    + " drop the objects one by one in later migrations, each checked by its own rule")
                            .build())
                    .emit();
        }
    }

    @Override
    public void finish(MigrationContext ctx) {
        created.clear();
    }
}
