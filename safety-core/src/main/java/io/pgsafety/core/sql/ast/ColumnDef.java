package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * A column in {@code CREATE TABLE} or {@code ADD COLUMN}. {@code defaultValue} is null when no
 * {@code DEFAULT} clause is written. Inline {@code PRIMARY KEY}, {@code UNIQUE}, {@code CHECK} and
 * {@code REFERENCES} become {@link Constraint}s whose columns list is this column; {@code NOT NULL}
 * and {@code NULL} are the {@code notNull} flag. {@code generated} tells identity / generated
 * columns apart, with their expression in {@code generatedExpr} for {@code GENERATED ALWAYS AS}.
 */
public record ColumnDef(
        String name,
        TypeName type,
        Expr defaultValue,
        boolean notNull,
        Generated generated,
        Expr generatedExpr,
        List<Constraint> constraints,
        String text,
        Span span) {

    public ColumnDef {
        constraints = List.copyOf(constraints);
    }

    public enum Generated { NONE, IDENTITY, STORED, VIRTUAL }
}
