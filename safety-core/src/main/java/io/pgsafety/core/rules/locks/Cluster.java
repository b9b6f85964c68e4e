package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.FindingBuilder;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "cluster",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class Cluster implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!(ctx.ast() instanceof Statement.Cluster cluster)
                || cluster.table() != null && !ctx.isExistingTable(cluster.table())) {
            return;
        }
        String table = cluster.table() == null ? null : cluster.table().sql();
        String index = cluster.index() == null ? null : Identifiers.quote(cluster.index());
        String target = table == null ? "every table that was clustered before" : table;
        SafeAlternative alternative = SafeAlternative.builder();
        if (table != null && index != null) {
            alternative.migration("record the clustering index without rewriting anything (SHARE UPDATE EXCLUSIVE)",
                    "ALTER TABLE " + table + " CLUSTER ON " + index + ";");
        }
        alternative.step("reorder the table online with pg_repack, which follows the clustering index, copies the"
                + " table while reads and writes continue and locks only briefly at the swap:\n--   pg_repack "
                + (table == null ? "--all" : "--table=" + table) + " --dbname=<database>");
        FindingBuilder finding = ctx.report(cluster.span());
        if (table != null) {
            finding.object(table);
        }
        finding.message("CLUSTER rewrites " + target + (index == null ? "" : " in the order of " + index)
                        + ", rebuilding every index, while holding an ACCESS EXCLUSIVE lock: every query on the"
                        + " table, reads included, waits until the copy finishes, which on a large table means"
                        + " minutes of downtime.")
                .alternative(alternative.build())
                .emit();
    }
}
