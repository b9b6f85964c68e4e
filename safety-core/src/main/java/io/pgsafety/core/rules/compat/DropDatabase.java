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
        id = "drop-database",
        severity = Severity.ERROR,
        category = Category.COMPATIBILITY,
        summary = "DROP DATABASE in a migration",
        appliesToDown = false)
public final class DropDatabase implements Rule {

    private final CreatedNames created = new CreatedNames(ObjectKind.DATABASE);

    @Override
    public void check(StatementContext ctx) {
        if (created.record(ctx.ast())) {
            return;
        }
        if (!(ctx.ast() instanceof Statement.DropObject drop) || drop.kind() != ObjectKind.DATABASE) {
            return;
        }
        for (QualifiedName name : drop.names()) {
            if (name == null || created.contains(name)) {
                continue;
            }
            String database = name.sql();
            ctx.report(name.span() != null ? name.span() : drop.span())
                    .object(database)
                    .message("Dropping database " + database + " destroys all of its data with no way back, and"
                            + " every application still connected to it fails; a schema migration is the wrong"
                            + " place for it (it cannot even run inside the migration tool's transaction).")
                    .alternative(SafeAlternative.builder()
                            .step("retire " + database + " as an operations task outside the migrations: stop"
                                    + " every application using it, take a final backup (pg_dump --dbname="
                                    + database + "), then drop it by hand")
                            .build())
                    .emit();
        }
    }

    @Override
    public void finish(MigrationContext ctx) {
        created.clear();
    }
}
