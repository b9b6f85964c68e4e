package io.pgsafety.core.rules;

import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.QualifiedName;

/**
 * SQL building blocks of the expand/contract plans that safe alternatives print: batched,
 * resumable data changes and triggers that keep an old and a new column in step while old and new
 * application versions run side by side.
 */
public final class ExpandContract {

    /**
     * The key range of one batch in {@link #batchLoop}; add it to the {@code WHERE} of the statement
     * that runs per batch.
     */
    public static final String BATCH_RANGE = "id > last_id AND id <= last_id + 10000";

    /** Says what {@link #batchLoop} assumes, for the line above it. */
    public static final String BATCH_NOTE =
            "-- Batches of 10000 rows by the integer key id (use your own key column), committing after each batch;\n"
            + "-- run it outside a transaction block (psql, or a migration with executeInTransaction=false /"
            + " runInTransaction:false), and re-run it safely if interrupted.";

    private ExpandContract() {}

    /**
     * A {@code DO} block that runs {@code statement} (which must filter on {@link #BATCH_RANGE}) over
     * {@code table} in key-ordered batches, committing after each so row locks stay short and
     * vacuum and replicas keep up.
     */
    public static String batchLoop(QualifiedName table, String statement) {
        return BATCH_NOTE + "\n"
                + "DO $$\n"
                + "DECLARE\n"
                + "  last_id bigint;\n"
                + "  max_id bigint;\n"
                + "BEGIN\n"
                + "  SELECT min(id) - 1, max(id) INTO last_id, max_id FROM " + table.sql() + ";\n"
                + "  WHILE last_id < max_id LOOP\n"
                + "    " + statement.strip() + ";\n"
                + "    last_id := last_id + 10000;\n"
                + "    COMMIT;\n"
                + "  END LOOP;\n"
                + "END $$;";
    }

    /**
     * A trigger function and a {@code BEFORE INSERT OR UPDATE} row trigger on {@code table}, both
     * named {@code name}, whose PL/pgSQL {@code body} adjusts {@code NEW} before {@code RETURN NEW}.
     */
    public static String syncTrigger(QualifiedName table, String name, String body) {
        String function = sibling(table, name).sql();
        return "CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + body.stripTrailing() + "\n"
                + "  RETURN NEW;\n"
                + "END $$;\n"
                + "CREATE TRIGGER " + Identifiers.quote(name) + " BEFORE INSERT OR UPDATE ON " + table.sql()
                + "\n  FOR EACH ROW EXECUTE FUNCTION " + function + "();";
    }

    /** Drops what {@link #syncTrigger} created. */
    public static String dropSyncTrigger(QualifiedName table, String name) {
        return "DROP TRIGGER " + Identifiers.quote(name) + " ON " + table.sql() + ";\n"
                + "DROP FUNCTION " + sibling(table, name).sql() + "();";
    }

    /** An object named {@code name} in the schema of {@code table} (unqualified when it is). */
    public static QualifiedName sibling(QualifiedName table, String name) {
        return new QualifiedName(table.schema(), name, null);
    }

    /**
     * The {@code -- safety:allow} line that acknowledges, in the contract step of a plan, the one
     * statement that is only safe once the application stopped depending on what it removes.
     */
    public static String allow(String ruleId, String reason) {
        return "-- safety:allow " + ruleId + " reason=\"" + reason.replace("\"", "'") + "\"";
    }

    /** {@code SET lock_timeout} so a statement gives up instead of queueing every query behind it. */
    public static String lockTimeout() {
        return "SET lock_timeout = '5s';  -- fail fast instead of queueing traffic behind the lock; retry if it times out";
    }
}
