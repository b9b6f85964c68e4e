package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;

/**
 * One subcommand of {@code ALTER TABLE} (and of {@code ALTER INDEX / VIEW / MATERIALIZED VIEW /
 * SEQUENCE / FOREIGN TABLE}, which share the statement form). Each carries the span of its own
 * clause so findings can point at it. Column names are normalised like identifiers.
 */
public sealed interface AlterAction {

    Span span();

    record AddColumn(boolean ifNotExists, ColumnDef column, Span span) implements AlterAction {}

    record DropColumn(String column, boolean ifExists, boolean cascade, Span span) implements AlterAction {}

    /** {@code ALTER COLUMN c [SET DATA] TYPE t [COLLATE x] [USING expr]}; {@code using} may be null. */
    record AlterColumnType(String column, TypeName type, Expr using, Span span) implements AlterAction {}

    record SetDefault(String column, Expr value, Span span) implements AlterAction {}

    record DropDefault(String column, Span span) implements AlterAction {}

    record SetNotNull(String column, Span span) implements AlterAction {}

    record DropNotNull(String column, Span span) implements AlterAction {}

    /** {@code ADD [CONSTRAINT n] …} including {@code ADD PRIMARY KEY} / {@code … USING INDEX}. */
    record AddConstraint(Constraint constraint, Span span) implements AlterAction {}

    record ValidateConstraint(String name, Span span) implements AlterAction {}

    record DropConstraint(String name, boolean ifExists, boolean cascade, Span span) implements AlterAction {}

    record RenameColumn(String from, String to, Span span) implements AlterAction {}

    record RenameConstraint(String from, String to, Span span) implements AlterAction {}

    /** {@code RENAME TO new_name} of the relation itself. */
    record Rename(String newName, Span span) implements AlterAction {}

    record SetSchema(String schema, Span span) implements AlterAction {}

    record SetTablespace(String tablespace, Span span) implements AlterAction {}

    /** {@code SET LOGGED} ({@code logged} true) or {@code SET UNLOGGED}. */
    record SetLogged(boolean logged, Span span) implements AlterAction {}

    /** {@code ATTACH PARTITION p FOR VALUES …}; {@code bound} is the source text after the name. */
    record AttachPartition(QualifiedName partition, String bound, Span span) implements AlterAction {}

    record DetachPartition(QualifiedName partition, boolean concurrently, boolean finalizeDetach, Span span)
            implements AlterAction {}

    /**
     * Any other subcommand, named by its leading key words in upper case with the column name
     * left out, e.g. {@code "ENABLE TRIGGER"}, {@code "OWNER TO"}, {@code "ALTER COLUMN SET
     * STATISTICS"}, {@code "ALTER COLUMN ADD GENERATED"}, {@code "SET"} (storage parameters),
     * {@code "REPLICA IDENTITY"}, {@code "CLUSTER ON"}, {@code "INHERIT"}.
     */
    record Other(String kind, Span span) implements AlterAction {}
}
