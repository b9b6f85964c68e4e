package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.JdbcCatalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.LockTimeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ChangeSetFilterResult;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.logging.Logger;

/**
 * Liquibase's validation plus the pre-flight: every changeset that will run is turned into the
 * SQL Liquibase generates for this database and analysed in one run against the live catalog.
 * Inside a command that applies changes ({@link CommandTracker}) and in enforce mode, an
 * error-level finding becomes a validation error, so {@code update} stops before the first
 * changeset runs; elsewhere ({@code update-sql}, {@code status}, {@code validate}, rollback) and
 * in warn mode the findings are only reported.
 *
 * <p>Liquibase calls {@link #visit} only for changesets its dbms, context and label filters
 * accept, then {@link #validationPassed()} once: that is where the analysis runs.
 */
public class SafetyValidatingVisitor extends ValidatingVisitor {

    private final RanChangeSets ranChangeSets;
    private final List<ChangeSet> pending = new ArrayList<>();
    private Database database;
    private DatabaseChangeLog changeLog;
    private boolean analysed;

    public SafetyValidatingVisitor(List<RanChangeSet> ranChangeSets) {
        super(ranChangeSets);
        this.ranChangeSets = new RanChangeSets(ranChangeSets);
    }

    @Override
    public void visit(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
            Set<ChangeSetFilterResult> filterResults) throws LiquibaseException {
        super.visit(changeSet, databaseChangeLog, database, filterResults);
        this.database = database;
        this.changeLog = databaseChangeLog;
        if (!changeSet.isIgnore() && willRun(changeSet)) {
            pending.add(changeSet);
        }
    }

    @Override
    public boolean validationPassed() {
        if (!analysed) {
            analysed = true;
            preflight();
        }
        return super.validationPassed();
    }

    private boolean willRun(ChangeSet changeSet) {
        RanChangeSet ran = ranChangeSets.find(changeSet);
        return ran == null || changeSet.shouldAlwaysRun()
                || (changeSet.shouldRunOnChange() && !changeSet.isCheckSumValid(ran.getLastCheckSum()));
    }

    /**
     * Liquibase validates the changelog more than once per update (5.x: when the command loads it
     * and again before applying), and the analysis reads the catalog: inside a command that applies
     * changes it runs once per list of pending changesets.
     */
    private void preflight() {
        Scope command = CommandTracker.applyingCommand();
        List<String> errors = command == null ? null : PreflightMemo.errors(command, changeLog, pending);
        if (errors == null) {
            List<Migration> analysed = new ArrayList<>();
            errors = analysePending(command != null, analysed);
            if (command != null) {
                PreflightMemo.remember(command, changeLog, pending, errors, analysed);
            }
        }
        errors.forEach(getValidationErrors()::addError);
    }

    /**
     * Analyses the pending changesets, logs what does not block; returns the validation errors.
     * The migrations it analysed go to {@code analysed}.
     */
    private List<String> analysePending(boolean applying, List<Migration> analysed) {
        SafetyConfig config;
        try {
            config = SafetyConfiguration.current(changeLog);
        } catch (ConfigException e) {
            return List.of("pg-safety: " + e.getMessage());
        }
        if (!config.enabled() || !(database instanceof PostgresDatabase)) {
            return List.of();
        }
        Logger log = Scope.getCurrentScope().getLog(getClass());
        Map<String, Planned> byName = new LinkedHashMap<>();
        List<Migration> up = new ArrayList<>();
        List<Migration> down = new ArrayList<>();
        for (ChangeSet changeSet : pending) {
            Planned planned = Planned.inScope(changeSet, database);
            byName.put(planned.name(), planned);
            up.add(planned.migration());
            if (planned.rollbackMigration() != null) {
                down.add(0, planned.rollbackMigration());
            }
            planned.problems().forEach(p -> log.warning("pg-safety: " + planned.name() + ": " + p));
        }
        analysed.addAll(up);
        analysed.addAll(down);
        AnalysisResult result;
        try {
            result = pending.isEmpty() ? new AnalysisResult(0, 0, List.of(), Map.of()) : analyse(config, up, down);
        } catch (SQLException | DatabaseException | RuntimeException e) {
            return List.of("pg-safety: the pre-flight analysis failed: " + e);
        }
        List<String> errors = new ArrayList<>();
        if (config.reportFile().isPresent()) {
            Path file = Path.of(config.reportFile().get());
            try {
                ReportFile.write(file, result);
            } catch (IOException | RuntimeException e) {
                errors.add("pg-safety: could not write the report file " + file + ": " + e);
            }
        }
        boolean enforce = config.mode() == SafetyConfig.Mode.ENFORCE && applying;
        List<String> blocking = new ArrayList<>();
        for (Finding finding : result.findings()) {
            String text = FindingText.describe(finding, byName.get(stripRollback(finding.migration())));
            if (finding.blocking() && enforce) {
                blocking.add(text);
            } else if (!finding.allowed()) {
                log.warning(text);
            }
        }
        if (!blocking.isEmpty()) {
            StringBuilder message = new StringBuilder("pg-safety blocked the update: ").append(blocking.size())
                    .append(blocking.size() == 1 ? " finding" : " findings")
                    .append(" in pending changesets; nothing was applied.");
            for (String text : blocking) {
                message.append("\n\n").append(text);
            }
            errors.add(message.toString());
        }
        return errors;
    }

    private AnalysisResult analyse(SafetyConfig config, List<Migration> up, List<Migration> down)
            throws SQLException, DatabaseException {
        if (!(database.getConnection() instanceof JdbcConnection)) {
            SafetyConfig offline = config.pgVersion().isPresent() ? config
                    : config.toBuilder().pgVersion(database.getDatabaseMajorVersion()).build();
            return run(new Analyzer(offline, Catalog.NONE), up, down);
        }
        Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try (LockTimeouts ignored = LockTimeouts.apply(connection, config.lockTimeout(), null)) {
            return run(new Analyzer(config, new JdbcCatalog(connection)), up, down);
        }
    }

    private static String stripRollback(String migration) {
        return migration != null && migration.endsWith(FindingText.ROLLBACK_SUFFIX)
                ? migration.substring(0, migration.length() - FindingText.ROLLBACK_SUFFIX.length()) : migration;
    }

    /**
     * Forward SQL as one run (earlier changesets' objects are in scope). Rollback SQL is a run of
     * its own, last changeset first as Liquibase rolls back: by the time it runs, what the update
     * created has been in use, so it counts as existing, not as created in the same run.
     */
    private static AnalysisResult run(Analyzer analyzer, List<Migration> up, List<Migration> down) {
        return analyzer.analyzeEach(down.isEmpty() ? List.of(up) : List.of(up, down));
    }

    /** One pending changeset and the analyzer input made from it: its SQL, and the SQL of its rollback. */
    record Planned(String name, ChangeSet changeSet, ChangeSetSql sql, Migration migration,
            RollbackPlan rollback, Migration rollbackMigration) {

        /**
         * Plans the changeset in a scope holding it, the database and its changelog, as Liquibase
         * runs it: SQL generators (concurrent createIndex), the transaction decision and the
         * changelog's settings look them up there.
         */
        static Planned inScope(ChangeSet changeSet, Database database) {
            Map<String, Object> scope = new HashMap<>(Map.of(Scope.Attr.changeSet.name(), changeSet,
                    Scope.Attr.database.name(), database));
            if (changeSet.getChangeLog() != null) {
                scope.put(Scope.Attr.databaseChangeLog.name(), changeSet.getChangeLog());
            }
            try {
                return Scope.child(scope, () -> of(changeSet, database));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static Planned of(ChangeSet changeSet, Database database) {
            String name = changeSet.getFilePath() + "::" + changeSet.getId() + "::" + changeSet.getAuthor();
            ChangeSetSql sql = ChangeSetSql.forward(changeSet, database);
            RollbackPlan rollback = RollbackPlan.of(changeSet, database);
            boolean repeatable = changeSet.shouldAlwaysRun() || changeSet.shouldRunOnChange();
            Migration.Builder up = Migration.builder(changeSet.getFilePath(), sql.sql())
                    .name(name)
                    .kind(repeatable ? Migration.Kind.REPEATABLE : Migration.Kind.UP)
                    .transactionMode(transactionMode(changeSet.isRunInTransaction()))
                    .undo(repeatable ? Migration.UndoStatus.NOT_APPLICABLE : rollback.undoStatus())
                    .irreversibleReason(attribute(changeSet, SafetyChangeSet.IRREVERSIBLE));
            Migration.Builder down = Migration.builder(changeSet.getFilePath(), rollback.sql().sql())
                    .name(name + FindingText.ROLLBACK_SUFFIX)
                    .kind(Migration.Kind.DOWN)
                    .transactionMode(transactionMode(rollback.runsInTransaction()));
            String allow = attribute(changeSet, SafetyChangeSet.ALLOW);
            if (allow != null) {
                // the changeset's allowances cover both of its directions
                List<String> rules = Arrays.stream(allow.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
                String reason = attribute(changeSet, SafetyChangeSet.REASON);
                up.allow(rules, reason);
                down.allow(rules, reason);
            }
            // parsed once here, for the analysis and then for the runtime guard (PreflightMemo)
            up.parsed();
            down.parsed();
            return new Planned(name, changeSet, sql, up.build(), rollback,
                    rollback.sql().isEmpty() ? null : down.build());
        }

        List<String> problems() {
            List<String> all = new ArrayList<>(sql.problems());
            all.addAll(rollback.sql().problems());
            return all;
        }

        private static Migration.TransactionMode transactionMode(boolean inTransaction) {
            return inTransaction ? Migration.TransactionMode.WRAPPED : Migration.TransactionMode.AUTOCOMMIT;
        }

        private static String attribute(ChangeSet changeSet, String name) {
            Object value = changeSet.getAttribute(name);
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }
    }
}
