package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;
import java.util.stream.Collectors;

@RuleInfo(
        id = "lock-table",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "explicit LOCK TABLE in EXCLUSIVE or ACCESS EXCLUSIVE mode",
        lock = LockMode.ACCESS_EXCLUSIVE)
public final class LockTable implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.LockTable lock)) {
            return;
        }
        LockMode mode = lock.mode() == null ? LockMode.ACCESS_EXCLUSIVE : lock.mode();
        if (!mode.atLeast(LockMode.EXCLUSIVE)) {
            return;
        }
        List<QualifiedName> existing = lock.tables().stream()
                .filter(t -> t != null && ctx.isExistingTable(t)).toList();
        if (existing.isEmpty()) {
            return;
        }
        String tables = existing.stream().map(QualifiedName::sql).collect(Collectors.joining(", "));
        String blocked = mode == LockMode.ACCESS_EXCLUSIVE
                ? "every query on it, plain SELECTs included,"
                : "every INSERT, UPDATE, DELETE and SELECT … FOR UPDATE on it (plain SELECTs still run)";
        ctx.report(lock.span())
                .object(tables)
                .lock(mode)
                .message("LOCK TABLE " + tables + " IN " + mode.sql() + " MODE makes " + blocked
                        + " wait until the transaction ends; while the LOCK itself waits for running queries, every"
                        + " later query on " + tables + " queues behind it too.")
                .alternative(SafeAlternative.builder()
                        .migration("take the weakest mode that does the job, fail fast, and commit soon",
                                "SET lock_timeout = '5s';  -- give up instead of queueing traffic; retry later\n"
                                        + "LOCK TABLE " + tables
                                        + " IN SHARE ROW EXCLUSIVE MODE;  -- keeps writers out, reads continue")
                        .build())
                .emit();
    }
}
