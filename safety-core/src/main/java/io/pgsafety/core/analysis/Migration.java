package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.parser.ParseResult;
import io.pgsafety.core.sql.parser.SqlParser;
import java.util.List;
import java.util.Objects;

/**
 * One unit of analyzer input: the SQL of a migration as a tool will run it, with how the tool
 * runs it. Integrations build these from Flyway scripts, Liquibase changesets, goose/dbmate/diesel
 * files or plain SQL.
 */
public final class Migration {

    /** What the migration is in its tool's history. */
    public enum Kind {
        /** A versioned forward migration (Flyway V, goose/dbmate Up, diesel up.sql, a changeset). */
        UP,
        /** The down half of a versioned migration (Flyway U, goose Down, rollback SQL). */
        DOWN,
        /** Re-run when changed (Flyway R, Liquibase runOnChange/runAlways). */
        REPEATABLE,
        /** SQL with no tool around it, run as psql runs a file. */
        PLAIN
    }

    /** How the tool wraps the statements in transactions. */
    public enum TransactionMode {
        /** The tool runs the whole migration in one transaction. */
        WRAPPED,
        /** Each statement commits on its own unless the SQL opens a transaction itself. */
        AUTOCOMMIT,
        /**
         * One transaction, except {@code CONCURRENTLY} statements, which this library's runtime
         * runs outside it (Flyway with the plugin).
         */
        WRAPPED_EXCEPT_CONCURRENT
    }

    /** Whether a versioned up migration has its down half. */
    public enum UndoStatus { PRESENT, MISSING, NOT_APPLICABLE }

    private final String path;
    private final String sql;
    private final Kind kind;
    private final TransactionMode transactionMode;
    private final String version;
    private final String name;
    private final UndoStatus undo;
    private final String irreversibleReason;
    private final List<String> allowedRules;
    private final String allowReason;
    private final int firstLine;
    private final boolean sharedTransaction;
    /** The parse the builder made for its caller; null when none was asked for. */
    private final ParseResult parsed;

    private Migration(Builder b) {
        this.path = Objects.requireNonNull(b.path, "path");
        this.sql = Objects.requireNonNull(b.sql, "sql");
        this.kind = b.kind;
        this.transactionMode = b.transactionMode;
        this.version = b.version;
        this.name = b.name == null ? b.path : b.name;
        this.undo = b.undo;
        this.irreversibleReason = b.irreversibleReason;
        this.allowedRules = List.copyOf(b.allowedRules);
        this.allowReason = b.allowReason;
        this.firstLine = b.firstLine;
        this.sharedTransaction = b.sharedTransaction;
        this.parsed = b.parsed;
    }

    public static Builder builder(String path, String sql) {
        return new Builder(path, sql);
    }

    /** Path shown in findings (relative to where the user looks, e.g. {@code db/migration/V3__x.sql}). */
    public String path() {
        return path;
    }

    public String sql() {
        return sql;
    }

    public Kind kind() {
        return kind;
    }

    public TransactionMode transactionMode() {
        return transactionMode;
    }

    /** Tool version string ({@code 3}, {@code 2.1}); null when none. */
    public String version() {
        return version;
    }

    /** How the tool names this unit: the path, or {@code file::id::author} for a changeset. */
    public String name() {
        return name;
    }

    public UndoStatus undo() {
        return undo;
    }

    /** Reason given outside the SQL (e.g. a Liquibase attribute) that this migration is irreversible. */
    public String irreversibleReason() {
        return irreversibleReason;
    }

    /** Rules allowed for the whole migration by its tool's metadata (Liquibase {@code safety:allow}). */
    public List<String> allowedRules() {
        return allowedRules;
    }

    public String allowReason() {
        return allowReason;
    }

    /** Line of {@link #path()} on which {@link #sql()} starts (for SQL embedded in a changelog). */
    public int firstLine() {
        return firstLine;
    }

    /**
     * Whether the migration runs in one transaction with the migrations next to it in its run
     * that say so too (Flyway's {@code group=true}): the transaction the first of them opens
     * stays open, with every lock it takes, until the last of them ends. An undo in between is
     * not part of it.
     */
    public boolean sharedTransaction() {
        return sharedTransaction;
    }

    /**
     * The statements of {@link #sql()}: the parse kept from {@link Builder#parsed()} when the
     * integration asked for one, else a fresh parse that is not kept, so that a large input is
     * never held parsed all at once.
     */
    public ParseResult parse() {
        return parsed != null ? parsed : SqlParser.parse(sql);
    }

    public static final class Builder {
        private final String path;
        private final String sql;
        private Kind kind = Kind.PLAIN;
        private TransactionMode transactionMode = TransactionMode.AUTOCOMMIT;
        private String version;
        private String name;
        private UndoStatus undo = UndoStatus.NOT_APPLICABLE;
        private String irreversibleReason;
        private List<String> allowedRules = List.of();
        private String allowReason;
        private int firstLine = 1;
        private boolean sharedTransaction;
        private ParseResult parsed;

        private Builder(String path, String sql) {
            this.path = path;
            this.sql = sql;
        }

        public Builder kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind);
            return this;
        }

        public Builder transactionMode(TransactionMode mode) {
            this.transactionMode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder undo(UndoStatus undo) {
            this.undo = Objects.requireNonNull(undo);
            return this;
        }

        public Builder irreversibleReason(String reason) {
            this.irreversibleReason = reason;
            return this;
        }

        public Builder allow(List<String> rules, String reason) {
            this.allowedRules = List.copyOf(rules);
            this.allowReason = reason;
            return this;
        }

        public Builder firstLine(int line) {
            this.firstLine = line;
            return this;
        }

        /** See {@link Migration#sharedTransaction()}. */
        public Builder sharedTransaction(boolean shared) {
            this.sharedTransaction = shared;
            return this;
        }

        /**
         * The SQL parsed, for an integration that reads the statements itself (to choose the
         * transaction mode, say): the migration keeps this parse, so the analyzer does not parse
         * the SQL a second time.
         */
        public ParseResult parsed() {
            if (parsed == null) {
                parsed = SqlParser.parse(sql);
            }
            return parsed;
        }

        public Migration build() {
            return new Migration(this);
        }
    }
}
