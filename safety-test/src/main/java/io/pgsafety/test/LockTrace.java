package io.pgsafety.test;

import io.pgsafety.core.sql.ast.LockMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LockTracer} saw each statement of a migration do on a real server: the locks held
 * on relations that existed before the run, rewritten tables and indexes, added or validated
 * constraints and changed columns. The records are for assertions; {@link #toTable()} is for people.
 */
public record LockTrace(int serverMajorVersion, List<StatementTrace> statements) {

    public LockTrace {
        statements = List.copyOf(statements);
    }

    /** How a statement ran. */
    public enum Execution {
        /** In the tracer's transaction; locks read from {@code pg_locks} after the statement. */
        TRANSACTION,
        /** Outside a transaction (CONCURRENTLY and the like); locks sampled while it ran. */
        AUTOCOMMIT_SAMPLED,
        /** Transaction control in the script (BEGIN, COMMIT…): the tracer owns the transaction. */
        SKIPPED,
        /** After an earlier statement failed. */
        NOT_RUN
    }

    /** A table-level lock; {@code relation} is {@code schema.name}. */
    public record RelationLock(String relation, LockMode mode, boolean granted) {}

    /** A table, index or materialized view whose data files were replaced ({@code relfilenode} changed). */
    public record Rewrite(String relation, String kind) {}

    public enum ConstraintEvent { ADDED, VALIDATED, DROPPED }

    /** {@code type} is pg_constraint's contype: c, f, p, u, x, n (NOT NULL, PostgreSQL 18+), t. */
    public record ConstraintChange(String relation, String name, String type, boolean validated, ConstraintEvent event) {}

    public enum ColumnEvent { ADDED, DROPPED, TYPE_CHANGED, NOT_NULL_SET, NOT_NULL_DROPPED }

    /** A column change; types as {@code format_type} prints them, null where the column is absent. */
    public record ColumnChange(String relation, String column, ColumnEvent event, String typeBefore, String typeAfter) {}

    /**
     * One statement. {@code locks} are the locks (relation and mode) the migration's backend held
     * after it (in a transaction they pile up until the end) or, when sampled, every one seen while
     * it ran; {@code acquired} those of {@code locks} not held before the statement. Both are sorted
     * by relation, strongest mode first. {@code scans} are the tables and materialized views the
     * statement read in full (sequential scans counted by {@code pg_stat_xact_user_tables}: a
     * validation, an index build, a backfill); they are measured for statements run in the
     * tracer's transaction only, and empty for sampled ones. {@code error} is set when the
     * statement failed.
     */
    public record StatementTrace(int index, String text, Execution execution, List<RelationLock> locks,
            List<RelationLock> acquired, List<Rewrite> rewrites, List<ConstraintChange> constraints,
            List<ColumnChange> columns, List<String> scans, int samples, String error) {

        public StatementTrace {
            locks = List.copyOf(locks);
            acquired = List.copyOf(acquired);
            rewrites = List.copyOf(rewrites);
            constraints = List.copyOf(constraints);
            columns = List.copyOf(columns);
            scans = List.copyOf(scans);
        }

        /** The strongest mode held on {@code relation} ({@code public.orders}) after or during the statement. */
        public Optional<LockMode> lockOn(String relation) {
            return locks.stream()
                    .filter(l -> l.relation().equals(relation))
                    .map(RelationLock::mode)
                    .max(Enum::compareTo);
        }

        public boolean rewrote(String relation) {
            return rewrites.stream().anyMatch(r -> r.relation().equals(relation));
        }

        public boolean scanned(String relation) {
            return scans.contains(relation);
        }

        public boolean failed() {
            return error != null;
        }
    }

    public StatementTrace statement(int index) {
        return statements.get(index);
    }

    /** The first statement that failed, if any: the ones after it did not run. */
    public Optional<StatementTrace> failure() {
        return statements.stream().filter(StatementTrace::failed).findFirst();
    }

    /** A fixed-width table, one row per statement, a line per lock or change. */
    public String toTable() {
        List<List<List<String>>> rows = new ArrayList<>();
        rows.add(List.of(List.of("#"), List.of("statement"), List.of("ran"), List.of("locks acquired"),
                List.of("rewrites"), List.of("scans"), List.of("constraints"), List.of("columns")));
        for (StatementTrace s : statements) {
            rows.add(List.of(
                    List.of(Integer.toString(s.index() + 1)),
                    wrap(s.text().strip().replaceAll("\\s+", " "), 48),
                    List.of(ran(s)),
                    cells(s.acquired(), l -> l.relation() + " " + l.mode().sql() + (l.granted() ? "" : " (waiting)")),
                    cells(s.rewrites(), r -> r.relation() + " (" + r.kind() + ")"),
                    cells(s.scans(), r -> r),
                    cells(s.constraints(), c -> c.event().name().toLowerCase() + " " + c.name() + " [" + c.type() + "]"
                            + (c.validated() ? "" : " NOT VALID") + " on " + c.relation()),
                    columnCells(s)));
        }
        return TextTable.render(rows) + (failure().map(f -> "statement " + (f.index() + 1) + " failed: " + f.error() + "\n")
                .orElse(""));
    }

    private static String ran(StatementTrace s) {
        return switch (s.execution()) {
            case TRANSACTION -> s.failed() ? "FAILED in tx" : "in tx";
            case AUTOCOMMIT_SAMPLED -> (s.failed() ? "FAILED " : "") + "autocommit, " + s.samples() + " samples";
            case SKIPPED -> "skipped";
            case NOT_RUN -> "not run";
        };
    }

    private static List<String> columnCells(StatementTrace s) {
        return cells(s.columns(), c -> switch (c.event()) {
            case ADDED -> c.relation() + "." + c.column() + " added " + c.typeAfter();
            case DROPPED -> c.relation() + "." + c.column() + " dropped";
            case TYPE_CHANGED -> c.relation() + "." + c.column() + " " + c.typeBefore() + " -> " + c.typeAfter();
            case NOT_NULL_SET -> c.relation() + "." + c.column() + " SET NOT NULL";
            case NOT_NULL_DROPPED -> c.relation() + "." + c.column() + " DROP NOT NULL";
        });
    }

    private static <T> List<String> cells(List<T> items, java.util.function.Function<T, String> text) {
        return items.isEmpty() ? List.of("-") : items.stream().map(text).toList();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            cut = cut <= 0 ? width : cut;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }
}
