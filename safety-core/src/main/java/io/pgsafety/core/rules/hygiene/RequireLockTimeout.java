package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.MigrationContext;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tracks {@code SET [LOCAL] lock_timeout} through the migration and reports the first lock-taking
 * statement on an existing table that would wait without one; after that, the next report waits
 * until a timeout was set and unset again, so one missing {@code SET} gives one finding.
 */
@RuleInfo(
        id = "require-lock-timeout",
        severity = Severity.OFF,
        category = Category.HYGIENE,
        summary = "a lock-taking statement with no SET lock_timeout before it")
public final class RequireLockTimeout implements Rule {

    private static final Pattern ZERO = Pattern.compile("(?i)\\s*(0+(\\.0*)?\\s*(us|ms|s|min|h|d)?|default)\\s*");

    private boolean sessionTimeout;
    /** The transaction-local setting ({@code SET LOCAL}) while one is in force, else null. */
    private Boolean localTimeout;
    private boolean reported;

    @Override
    public void check(StatementContext ctx) {
        Statement statement = ctx.ast();
        if (statement instanceof Statement.SetParameter set) {
            record(ctx, set);
            return;
        }
        if (statement instanceof Statement.Transaction tx && tx.kind() != null) {
            switch (tx.kind()) {
                case COMMIT, ROLLBACK, PREPARE -> localTimeout = null;
                default -> { }
            }
            return;
        }
        if (timeoutInForce() || reported) {
            return;
        }
        lockedTable(ctx).ifPresent(table -> {
            reported = true;
            ctx.report(statement.span())
                    .object(table.sql())
                    .message("This statement waits for a lock on " + table.sql() + " with no lock_timeout set: if"
                            + " a long-running query or an open transaction holds a conflicting lock, it queues"
                            + " behind it, and every later query on " + table.sql() + " queues behind this"
                            + " statement, so a change that takes milliseconds can stall all traffic on the table"
                            + " for as long as that query runs.")
                    .alternative(SafeAlternative.builder()
                            .migration("set a lock timeout first, and retry the migration if it times out",
                                    "SET lock_timeout = '5s';\n" + ctx.statement().text().strip())
                            .build())
                    .emit();
        });
    }

    private void record(StatementContext ctx, Statement.SetParameter set) {
        String parameter = set.parameter();
        if (set.reset() && (Objects.equals(parameter, "lock_timeout") || Objects.equals(parameter, "all"))) {
            sessionTimeout = false;
            localTimeout = null;
        } else if (Objects.equals(parameter, "lock_timeout") && !set.reset()) {
            boolean enabled = set.value() != null && !ZERO.matcher(set.value()).matches();
            if (!set.local()) {
                sessionTimeout = enabled;
                localTimeout = null;
            } else if (ctx.inTransaction()) {
                localTimeout = enabled;
            }
        }
        if (timeoutInForce()) {
            reported = false;
        }
    }

    private boolean timeoutInForce() {
        return localTimeout != null ? localTimeout : sessionTimeout;
    }

    /** The existing table the statement locks in a mode that makes others wait, if it does. */
    private static Optional<QualifiedName> lockedTable(StatementContext ctx) {
        Statement s = ctx.ast();
        QualifiedName table = null;
        if (s instanceof Statement.AlterTable alter && alter.kind() != ObjectKind.SEQUENCE) {
            table = alter.name();
        } else if (s instanceof Statement.CreateIndex index && !index.concurrently()) {
            table = index.table();
        } else if (s instanceof Statement.DropIndex drop && !drop.concurrently()) {
            table = first(drop.names(), ctx);
        } else if (s instanceof Statement.DropObject drop && (drop.kind() == ObjectKind.TABLE
                || drop.kind() == ObjectKind.VIEW || drop.kind() == ObjectKind.MATERIALIZED_VIEW
                || drop.kind() == ObjectKind.FOREIGN_TABLE)) {
            table = first(drop.names(), ctx);
        } else if (s instanceof Statement.Truncate truncate) {
            table = first(truncate.tables(), ctx);
        } else if (s instanceof Statement.LockTable lock) {
            table = first(lock.tables(), ctx);
        } else if (s instanceof Statement.Reindex reindex && !reindex.concurrently()
                && (reindex.target() == Statement.ReindexTarget.TABLE
                        || reindex.target() == Statement.ReindexTarget.INDEX)) {
            table = reindex.name();
        } else if (s instanceof Statement.Vacuum vacuum && vacuum.full()) {
            table = first(vacuum.tables(), ctx);
        } else if (s instanceof Statement.Cluster cluster) {
            table = cluster.table();
        } else if (s instanceof Statement.RefreshMaterializedView refresh && !refresh.concurrently()) {
            table = refresh.name();
        } else if (s instanceof Statement.CreateTable create) {
            table = create.constraints().stream()
                    .filter(c -> c.kind() == Constraint.Kind.FOREIGN_KEY && c.referencedTable() != null)
                    .map(Constraint::referencedTable).filter(ctx::isExistingTable).findFirst()
                    .orElseGet(() -> create.columns().stream().flatMap(c -> c.constraints().stream())
                            .filter(c -> c.kind() == Constraint.Kind.FOREIGN_KEY && c.referencedTable() != null)
                            .map(Constraint::referencedTable).filter(ctx::isExistingTable).findFirst().orElse(null));
        }
        return Optional.ofNullable(table).filter(ctx::isExistingTable);
    }

    private static QualifiedName first(List<QualifiedName> names, StatementContext ctx) {
        return names.stream().filter(n -> n != null && ctx.isExistingTable(n)).findFirst().orElse(null);
    }

    @Override
    public void finish(MigrationContext ctx) {
        sessionTimeout = false;
        localTimeout = null;
        reported = false;
    }
}
