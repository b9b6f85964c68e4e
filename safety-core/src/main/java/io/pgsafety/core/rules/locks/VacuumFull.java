package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.FindingBuilder;
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
        id = "vacuum-full",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "VACUUM FULL rewrites the table under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class VacuumFull implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.Vacuum vacuum) || !vacuum.full()) {
            return;
        }
        List<QualifiedName> existing = vacuum.tables().stream()
                .filter(t -> t != null && ctx.isExistingTable(t)).toList();
        if (!vacuum.tables().isEmpty() && existing.isEmpty()) {
            return;
        }
        String targets = existing.isEmpty() ? "every table of the database"
                : existing.stream().map(QualifiedName::sql).collect(Collectors.joining(", "));
        String tableList = existing.isEmpty() ? "" : " " + targets;
        String repack = existing.isEmpty() ? "--all"
                : existing.stream().map(t -> "--table=" + t.sql()).collect(Collectors.joining(" "));
        FindingBuilder finding = ctx.report(vacuum.span());
        if (!existing.isEmpty()) {
            finding.object(targets);
        }
        finding.message("VACUUM FULL rewrites " + targets + " into new files, with every index, while holding an"
                        + " ACCESS EXCLUSIVE lock on each table it processes: every query on it, reads included,"
                        + " waits until its copy is done, and the copy needs free disk space as large as the table.")
                .alternative(SafeAlternative.builder()
                        .step("a plain VACUUM marks dead rows reusable without blocking reads or writes (it does not"
                                + " return the space to the operating system):")
                        .migration("vacuum without the exclusive lock, outside a transaction (Flyway:"
                                        + " executeInTransaction=false; Liquibase: runInTransaction:false)",
                                "VACUUM (ANALYZE)" + tableList + ";")
                        .step("to give disk space back online, rebuild with pg_repack, which locks only briefly at"
                                + " the end:\n--   pg_repack " + repack + " --dbname=<database>")
                        .build())
                .emit();
    }
}
