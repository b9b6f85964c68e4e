package io.pgsafety.core.rules;

import io.pgsafety.core.analysis.TransactionState;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/** What a rule sees of one statement and of everything the analysis knows at that point. */
public interface StatementContext extends MigrationContext {

    ParsedStatement statement();

    /** Shorthand for {@code statement().statement()}. */
    default Statement ast() {
        return statement().statement();
    }

    /** True for a statement found inside a {@code DO} block body. */
    boolean insideDoBlock();

    /**
     * True when {@code table} existed before this run: not created earlier in scope (the same
     * migration in static mode; the whole run with a live catalog) and, with a live catalog,
     * present in it. In static mode every table not created in scope exists.
     */
    boolean isExistingTable(QualifiedName table);

    /**
     * The statement as an {@code ALTER TABLE} of a plain table that existed before this run (not
     * an index, view or sequence, and not a table created earlier in scope); empty otherwise.
     */
    default Optional<Statement.AlterTable> alterOfExistingTable() {
        if (ast() instanceof Statement.AlterTable at && at.kind() == ObjectKind.TABLE && at.name() != null
                && isExistingTable(at.name())) {
            return Optional.of(at);
        }
        return Optional.empty();
    }

    /** True when a relation of that name was created earlier in scope. */
    boolean isCreatedInScope(QualifiedName name);

    /** The table an index belongs to, from earlier statements in scope or the catalog. */
    Optional<QualifiedName> tableOfIndex(QualifiedName index);

    /** Planner estimate from the live catalog; empty in static mode or when unknown. */
    OptionalLong estimatedRows(QualifiedName table);

    /**
     * The column's current type ({@code format_type} spelling, e.g. {@code character varying(20)})
     * from the catalog or from earlier DDL in scope; empty when unknown.
     */
    Optional<String> columnType(QualifiedName table, String column);

    /** True when a validated {@code CHECK (column IS NOT NULL)} exists (catalog or earlier in scope). */
    boolean hasValidatedNotNullCheck(QualifiedName table, String column);

    /** True when this statement runs inside a transaction block (explicit or tool-managed). */
    boolean inTransaction();

    /** State of the transaction the statement runs in (locks held so far, constraints added). */
    TransactionState transaction();
}
