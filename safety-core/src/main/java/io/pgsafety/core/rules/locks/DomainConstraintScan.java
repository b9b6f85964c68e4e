package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A domain constraint is checked against every column of the domain in every table. A domain
 * created by this run is not used by any column that existed before, so neither its {@code CREATE
 * DOMAIN … CHECK} nor later constraints on it are flagged.
 */
@RuleInfo(
        id = "domain-constraint-scan",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "ALTER DOMAIN … ADD CONSTRAINT / SET NOT NULL scans every column of the domain",
        lock = LockMode.SHARE,
        sizeDependent = true)
public final class DomainConstraintScan implements Rule {

    /** From PostgreSQL 19, VALIDATE CONSTRAINT on a domain takes SHARE UPDATE EXCLUSIVE instead of SHARE. */
    private static final int WEAK_VALIDATE_LOCK_SINCE = 19;

    private final List<QualifiedName> createdDomains = new ArrayList<>();

    @Override
    public void check(StatementContext ctx) {
        if (ctx.ast() instanceof Statement.CreateDomain create && create.name() != null) {
            createdDomains.add(create.name());
            return;
        }
        if (!(ctx.ast() instanceof Statement.AlterDomain alter) || alter.name() == null
                || createdDomains.stream().anyMatch(d -> d.sameObject(alter.name()))) {
            return;
        }
        String domain = alter.name().sql();
        switch (alter.action()) {
            case ADD_CONSTRAINT -> {
                Constraint c = alter.constraint();
                if (c == null || c.notValid()) {
                    return;
                }
                String name = c.name() != null ? c.name()
                        : SqlNames.makeObjectName(alter.name().name(), null,
                                c.kind() == Constraint.Kind.NOT_NULL ? "not_null" : "check");
                String clause = c.kind() == Constraint.Kind.NOT_NULL || c.text() == null
                        ? "CONSTRAINT " + Identifiers.quote(name) + " CHECK (VALUE IS NOT NULL)"
                        : c.name() != null ? c.text().strip() : "CONSTRAINT " + Identifiers.quote(name) + " " + c.text().strip();
                report(ctx, alter, "Adding constraint " + Identifiers.quote(name) + " to domain " + domain,
                        name, clause);
            }
            case SET_NOT_NULL -> {
                String name = SqlNames.makeObjectName(alter.name().name(), null, "not_null");
                report(ctx, alter, "SET NOT NULL on domain " + domain, name,
                        "CONSTRAINT " + Identifiers.quote(name) + " CHECK (VALUE IS NOT NULL)");
            }
            default -> { }
        }
    }

    private static void report(StatementContext ctx, Statement.AlterDomain alter, String what, String name,
            String constraintClause) {
        String domain = alter.name().sql();
        String constraint = Identifiers.quote(name);
        boolean weakValidate = ctx.pgVersion() >= WEAK_VALIDATE_LOCK_SINCE;
        String validateLock = weakValidate
                ? "SHARE UPDATE EXCLUSIVE on those tables: reads and writes continue"
                : "on PostgreSQL " + ctx.pgVersion() + " this still holds SHARE locks on the tables using "
                        + domain + " during the scan, so run it at a quiet time; only new rows are checked until then";
        ctx.report(alter.span())
                .object(domain)
                .message(what + " checks every stored value of every column of that type, in every table,"
                        + " while holding a SHARE lock on each of those tables: their INSERTs, UPDATEs and DELETEs"
                        + " wait until the whole scan finishes.")
                .alternative(SafeAlternative.builder()
                        .migration("add the constraint without checking existing values (new values are checked)",
                                "ALTER DOMAIN " + domain + " ADD " + constraintClause + " NOT VALID;")
                        .migration("validate it separately (" + validateLock + ")",
                                "ALTER DOMAIN " + domain + " VALIDATE CONSTRAINT " + constraint + ";")
                        .build())
                .emit();
    }
}
