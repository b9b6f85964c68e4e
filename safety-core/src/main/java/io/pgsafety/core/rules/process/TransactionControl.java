package io.pgsafety.core.rules.process;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "transaction-control",
        severity = Severity.WARNING,
        category = Category.PROCESS,
        summary = "Explicit BEGIN/COMMIT/ROLLBACK/SAVEPOINT in a migration the tool already runs in a transaction")
public final class TransactionControl implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.Transaction tx) || ctx.insideDoBlock()
                || ctx.migration().transactionMode() == Migration.TransactionMode.AUTOCOMMIT) {
            return;
        }
        String verb = ctx.statement().text().strip().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        String effect = switch (tx.kind()) {
            case BEGIN -> "PostgreSQL ignores it with a warning, so the statements that follow are not in the"
                    + " transaction this BEGIN seems to start: they are in the tool's, which a later COMMIT in"
                    + " the script ends early";
            case COMMIT, PREPARE -> "it commits the tool's transaction part-way: the statements after it run"
                    + " outside any transaction, and if one fails the migration is left half-applied while the"
                    + " tool believes it rolled everything back";
            case ROLLBACK -> "it rolls back the tool's transaction part-way and the rest runs outside it, while"
                    + " the tool still records the migration as applied";
            default -> "savepoints inside the tool's transaction work, but they suggest error handling that"
                    + " belongs in the tool's configuration rather than in the script";
        };
        ctx.report(tx.span())
                .message(verb + " inside a migration that " + toolName(ctx.migration())
                        + " already runs in a transaction: " + effect + ".")
                .alternative(SafeAlternative.builder()
                        .migration("drop the explicit " + verb + " and let the tool manage the transaction",
                                "-- remove: " + ctx.statement().text().strip())
                        .step("if this migration must run outside a transaction (CONCURRENTLY, VACUUM), say so"
                                + " to the tool instead: Flyway executeInTransaction=false in V…sql.conf,"
                                + " Liquibase runInTransaction:false, goose -- +goose NO TRANSACTION")
                        .build())
                .emit();
    }

    private static String toolName(Migration m) {
        String path = m.path();
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (m.name().contains("::")) {
            return "Liquibase";
        }
        if (file.matches("[VUR][^_]*__.*")) {
            return "Flyway";
        }
        return "the migration tool";
    }
}
