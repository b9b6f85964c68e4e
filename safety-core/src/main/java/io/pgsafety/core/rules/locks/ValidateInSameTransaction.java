package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "validate-in-same-transaction",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class ValidateInSameTransaction implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.AlterTable at) || !ctx.inTransaction()) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.ValidateConstraint v && ctx.transaction().notValidConstraints().contains(v.name())) {
                String table = at.name().sql();
                String constraint = Identifiers.quote(v.name());
                ctx.report(v.span())
                        .object(at.name())
                        .lock(heldOn(ctx, at))
                        .message("Constraint " + constraint + " was added NOT VALID earlier in this same transaction,"
                                + " so the lock that ADD CONSTRAINT took on " + table + " (ACCESS EXCLUSIVE for a"
                                + " CHECK, SHARE ROW EXCLUSIVE for a foreign key) is still held while VALIDATE scans"
                                + " the whole table: the NOT VALID split buys nothing, and traffic on " + table
                                + " waits for the full scan.")
                        .alternative(SafeAlternative.builder()
                                .migration("keep the NOT VALID ADD CONSTRAINT in this migration (it commits quickly)",
                                        "-- ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " … NOT VALID;")
                                .migration("validate in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
                                        "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + constraint + ";")
                                .build())
                        .emit();
            }
        }
    }

    /**
     * What the ADD CONSTRAINT took and still holds: a CHECK takes ACCESS EXCLUSIVE (which the
     * transaction tracks), a foreign key SHARE ROW EXCLUSIVE.
     */
    private static LockMode heldOn(StatementContext ctx, Statement.AlterTable at) {
        boolean accessExclusive = ctx.transaction().heldLocks().stream()
                .anyMatch(l -> l.table().sameObject(at.name()) && l.mode() == LockMode.ACCESS_EXCLUSIVE);
        return accessExclusive ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE_ROW_EXCLUSIVE;
    }
}
