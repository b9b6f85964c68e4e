package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.QualifiedName;
import java.util.List;

/** Multi-migration sequences several rules end their alternatives with. */
final class OnlineSteps {

    /** Rows per backfill batch: small enough for short row locks and little replication lag. */
    static final int BATCH_ROWS = 10_000;

    private OnlineSteps() {}

    /**
     * A batched, resumable UPDATE that fills {@code column} with {@code value} where
     * {@code pendingCondition} holds, as guidance run outside the schema migration.
     */
    static String backfill(QualifiedName table, String column, String value, String pendingCondition) {
        String t = table.sql();
        return "backfill the existing rows in batches, outside the schema migration (a script or job, each batch "
                + "its own transaction), repeating until it updates 0 rows: UPDATE " + t + " SET "
                + Identifiers.quote(column) + " = " + value + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + t
                + " WHERE " + pendingCondition + " LIMIT " + BATCH_ROWS + ")) AND " + pendingCondition
                + "; (or walk the table's primary key in ranges instead of ctid)";
    }

    private static String terminated(String sql) {
        String stripped = sql.strip();
        return stripped.endsWith(";") ? stripped : stripped + ";";
    }

    /** {@code column IS NULL}. */
    static String isNull(String column) {
        return Identifiers.quote(column) + " IS NULL";
    }

    /**
     * Makes {@code columns} NOT NULL without holding ACCESS EXCLUSIVE during the scan: a NOT VALID
     * CHECK, its validation, then SET NOT NULL (which uses the CHECK from PostgreSQL 12) and the
     * CHECK's removal. {@code finalSql}, when not null, joins the last migration after the
     * SET NOT NULLs (a PRIMARY KEY … USING INDEX needs them).
     */
    static SafeAlternative notNull(SafeAlternative alternative, QualifiedName table, List<String> columns,
            int pgVersion, String finalSql) {
        String alter = DdlText.alterTable(table);
        StringBuilder add = new StringBuilder();
        StringBuilder validate = new StringBuilder();
        StringBuilder setNotNull = new StringBuilder();
        StringBuilder drop = new StringBuilder();
        for (String column : columns) {
            String check = Identifiers.quote(SqlNames.notNullCheck(table.name(), column));
            String c = Identifiers.quote(column);
            add.append(alter).append("ADD CONSTRAINT ").append(check).append(" CHECK (").append(c)
                    .append(" IS NOT NULL) NOT VALID;\n");
            validate.append(alter).append("VALIDATE CONSTRAINT ").append(check).append(";\n");
            if (pgVersion >= 12) {
                // a later migration file is linted on its own, without the CHECK validated before it
                setNotNull.append("-- safety:allow set-not-null reason=\"validated CHECK ")
                        .append(SqlNames.notNullCheck(table.name(), column).replace("\"", ""))
                        .append(" lets PostgreSQL skip the scan\"\n");
            }
            setNotNull.append(alter).append("ALTER COLUMN ").append(c).append(" SET NOT NULL;\n");
            drop.append(alter).append("DROP CONSTRAINT ").append(check).append(";\n");
        }
        alternative.migration("add CHECK (… IS NOT NULL) without checking existing rows (brief ACCESS EXCLUSIVE lock, no scan)",
                add.toString());
        alternative.migration("validate it separately (SHARE UPDATE EXCLUSIVE: reads and writes continue during the scan)",
                validate.toString());
        String last = setNotNull + (finalSql == null ? "" : terminated(finalSql) + "\n") + drop;
        if (pgVersion >= 12) {
            alternative.migration("set NOT NULL: PostgreSQL 12+ sees the validated CHECK and skips the scan; "
                    + "then drop the redundant CHECK", last);
        } else {
            alternative.migration("set NOT NULL: " + Wording.postgres(pgVersion)
                    + " still scans the table here despite the CHECK (from PostgreSQL 12 it does not), so run this "
                    + "in a quiet period or after upgrading; the validated CHECK already rejects NULLs meanwhile", last);
        }
        return alternative;
    }
}
