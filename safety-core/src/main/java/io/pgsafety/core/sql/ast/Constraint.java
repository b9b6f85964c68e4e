package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * A table or column constraint. {@code name} is null when not named. {@code columns}: the
 * constrained columns (key columns; empty for CHECK). {@code expression}: the CHECK expression or
 * the EXCLUDE element list. {@code referencedTable}/{@code referencedColumns}: FOREIGN KEY target.
 * {@code usingIndex}: {@code … USING INDEX idx} for PRIMARY KEY / UNIQUE. {@code notValid}: written
 * {@code NOT VALID}. {@code text}: exact source text of the constraint, from {@code CONSTRAINT} (or
 * its kind key word) to its end, excluding {@code NOT VALID}.
 */
public record Constraint(
        String name,
        Kind kind,
        List<String> columns,
        Expr expression,
        QualifiedName referencedTable,
        List<String> referencedColumns,
        String usingIndex,
        boolean notValid,
        String text,
        Span span) {

    public Constraint {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    public enum Kind { PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY, EXCLUDE, NOT_NULL }
}
