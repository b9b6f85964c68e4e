package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * The typed model of one SQL statement: only what the rules need. Every statement the parser
 * reads ends up as one of these; what it recognises by its leading key words only is
 * {@link Other}, and what it cannot read is {@link Unparsed}. Spans cover the statement without
 * its terminating semicolon.
 */
public sealed interface Statement {

    Span span();

    /**
     * {@code ALTER TABLE|INDEX|VIEW|MATERIALIZED VIEW|SEQUENCE|FOREIGN TABLE [IF EXISTS] [ONLY]
     * name action, …}; {@code kind} says which.
     */
    record AlterTable(ObjectKind kind, QualifiedName name, boolean ifExists, List<AlterAction> actions, Span span)
            implements Statement {
        public AlterTable {
            actions = List.copyOf(actions);
        }
    }

    /**
     * {@code CREATE [TEMP|UNLOGGED] TABLE}. {@code partitionOf} is set for {@code PARTITION OF
     * parent}; {@code asQuery} for {@code CREATE TABLE … AS} / {@code SELECT INTO}-like forms.
     */
    record CreateTable(
            QualifiedName name,
            boolean ifNotExists,
            Persistence persistence,
            List<ColumnDef> columns,
            List<Constraint> constraints,
            QualifiedName partitionOf,
            boolean asQuery,
            Span span) implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            constraints = List.copyOf(constraints);
        }
    }

    enum Persistence { PERMANENT, TEMPORARY, UNLOGGED }

    /**
     * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table …}.
     * {@code name} is null when omitted. {@code definition} is the exact source text after the
     * table name ({@code USING gin (a) INCLUDE (b) WHERE …}), so the statement can be rewritten.
     */
    record CreateIndex(
            String name,
            QualifiedName table,
            boolean unique,
            boolean concurrently,
            boolean ifNotExists,
            boolean only,
            String definition,
            Span span) implements Statement {}

    record DropIndex(List<QualifiedName> names, boolean concurrently, boolean ifExists, boolean cascade, Span span)
            implements Statement {
        public DropIndex {
            names = List.copyOf(names);
        }
    }

    /** {@code REINDEX [(options)] INDEX|TABLE|SCHEMA|DATABASE|SYSTEM [CONCURRENTLY] name}. */
    record Reindex(ReindexTarget target, QualifiedName name, boolean concurrently, Span span) implements Statement {}

    enum ReindexTarget { INDEX, TABLE, SCHEMA, DATABASE, SYSTEM }

    /** {@code DROP TABLE|VIEW|SCHEMA|DATABASE|…} (not {@code DROP INDEX}). */
    record DropObject(ObjectKind kind, List<QualifiedName> names, boolean ifExists, boolean cascade, Span span)
            implements Statement {
        public DropObject {
            names = List.copyOf(names);
        }
    }

    record Truncate(List<QualifiedName> tables, boolean cascade, Span span) implements Statement {
        public Truncate {
            tables = List.copyOf(tables);
        }
    }

    /** {@code VACUUM [FULL] [(options)] [table, …]}; {@code full} also for {@code (FULL)} option. */
    record Vacuum(boolean full, List<QualifiedName> tables, Span span) implements Statement {
        public Vacuum {
            tables = List.copyOf(tables);
        }
    }

    /** {@code CLUSTER [table [USING index]]}; both may be null. */
    record Cluster(QualifiedName table, String index, Span span) implements Statement {}

    record RefreshMaterializedView(QualifiedName name, boolean concurrently, boolean withData, Span span)
            implements Statement {}

    /** {@code LOCK [TABLE] [ONLY] name, … [IN mode MODE] [NOWAIT]}; mode defaults to ACCESS EXCLUSIVE. */
    record LockTable(List<QualifiedName> tables, LockMode mode, boolean nowait, Span span) implements Statement {
        public LockTable {
            tables = List.copyOf(tables);
        }
    }

    /** {@code ALTER TYPE name …}; {@code value} is the enum label for ADD/RENAME VALUE, else null. */
    record AlterType(QualifiedName name, AlterTypeAction action, String value, Span span) implements Statement {}

    enum AlterTypeAction { ADD_VALUE, RENAME_VALUE, RENAME, SET_SCHEMA, OWNER, ADD_ATTRIBUTE, OTHER }

    record CreateDomain(QualifiedName name, TypeName baseType, List<Constraint> constraints, Span span)
            implements Statement {
        public CreateDomain {
            constraints = List.copyOf(constraints);
        }
    }

    /** {@code ALTER DOMAIN}; {@code constraint} is set for ADD (with its NOT VALID flag). */
    record AlterDomain(QualifiedName name, AlterDomainAction action, Constraint constraint, Span span)
            implements Statement {}

    enum AlterDomainAction { ADD_CONSTRAINT, DROP_CONSTRAINT, VALIDATE_CONSTRAINT, SET_NOT_NULL, DROP_NOT_NULL,
        SET_DEFAULT, DROP_DEFAULT, OTHER }

    /**
     * Other {@code CREATE …} statements that define a named object: views, materialized views,
     * sequences, schemas, types, functions, procedures, triggers, extensions, …
     */
    record CreateObject(ObjectKind kind, QualifiedName name, Span span) implements Statement {}

    record Transaction(TransactionKind kind, Span span) implements Statement {}

    /**
     * {@code BEGIN}/{@code START TRANSACTION}; {@code COMMIT}/{@code END}; {@code ROLLBACK}/{@code
     * ABORT}; {@code SAVEPOINT}; {@code RELEASE}; {@code ROLLBACK TO}; {@code PREPARE TRANSACTION};
     * {@code COMMIT PREPARED}; {@code ROLLBACK PREPARED}.
     */
    enum TransactionKind { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, PREPARE, COMMIT_PREPARED,
        ROLLBACK_PREPARED }

    /**
     * {@code SET [SESSION|LOCAL] name TO|= value} and {@code RESET name}/{@code RESET ALL}
     * ({@code reset} true, {@code value} null). {@code parameter} is lower case; {@code value} is the
     * source text of the value with string quotes removed.
     */
    record SetParameter(String parameter, String value, boolean local, boolean reset, Span span) implements Statement {}

    record Update(QualifiedName table, boolean hasWhere, Span span) implements Statement {}

    record Delete(QualifiedName table, boolean hasWhere, Span span) implements Statement {}

    /** {@code INSERT INTO t …}; {@code fromQuery} when the rows come from a SELECT (not VALUES). */
    record Insert(QualifiedName table, boolean fromQuery, Span span) implements Statement {}

    /**
     * {@code DO [LANGUAGE l] $$…$$}: {@code body} holds the static SQL the block executes (PL/pgSQL
     * statements that are SQL commands, and {@code EXECUTE 'literal'}), with spans in the file.
     */
    record Do(String language, List<ParsedStatement> body, Span span) implements Statement {
        public Do {
            body = List.copyOf(body);
        }
    }

    /**
     * A statement recognised by its leading key words only, e.g. {@code "SELECT"}, {@code "GRANT"},
     * {@code "COMMENT ON"}, {@code "CREATE POLICY"}, {@code "ANALYZE"}, {@code "COPY"}.
     */
    record Other(String keywords, Span span) implements Statement {}

    /** A statement the parser could not read; {@code reason} says why, {@code span} where. */
    record Unparsed(String reason, Span span) implements Statement {}
}
