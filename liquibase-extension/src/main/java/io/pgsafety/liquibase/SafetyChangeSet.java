package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import liquibase.Scope;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.exception.MigrationFailedException;
import liquibase.exception.RollbackFailedException;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;

/**
 * A changeset that (1) keeps the {@code safety:allow}, {@code safety:reason},
 * {@code safety:irreversible} and {@code safety:concurrently} attributes of XML, YAML and JSON
 * changelogs, and (2) runs outside a transaction when one of its {@code sql}/{@code sqlFile}
 * statements is a {@code CONCURRENTLY} form, which PostgreSQL refuses inside a transaction block,
 * or when its {@code createIndex}/{@code dropIndex} run concurrently ({@link ConcurrentIndexes}).
 * {@code runInTransaction} is not part of the checksum, so neither changes it.
 */
public class SafetyChangeSet extends ChangeSet {

    static final String ALLOW = "safety:allow";
    static final String REASON = "safety:reason";
    static final String IRREVERSIBLE = "safety:irreversible";
    private static final List<String> ATTRIBUTES = List.of(ALLOW, REASON, IRREVERSIBLE, ConcurrentIndexes.ATTRIBUTE);

    /**
     * The changes last searched for a CONCURRENTLY statement, and whether one was found: Liquibase
     * asks whether the changeset runs in a transaction several times per run, and each search
     * parses the SQL of its {@code sql} changes.
     */
    private List<Change> searchedChanges = List.of();
    private boolean concurrentStatementFound;

    public SafetyChangeSet(DatabaseChangeLog changeLog) {
        super(changeLog);
    }

    public SafetyChangeSet(String id, String author, boolean alwaysRun, boolean runOnChange, String filePath,
            String contextFilter, String dbmsList, DatabaseChangeLog changeLog) {
        super(id, author, alwaysRun, runOnChange, filePath, contextFilter, dbmsList, changeLog);
    }

    public SafetyChangeSet(String id, String author, boolean alwaysRun, boolean runOnChange, String filePath,
            String contextFilter, String dbmsList, String runWith, String runWithSpoolFile, boolean runInTransaction,
            ObjectQuotingStrategy quotingStrategy, DatabaseChangeLog changeLog) {
        super(id, author, alwaysRun, runOnChange, filePath, contextFilter, dbmsList, runWith, runWithSpoolFile,
                runInTransaction, quotingStrategy, changeLog);
    }

    @Override
    public void load(ParsedNode node, ResourceAccessor resourceAccessor) throws ParsedNodeException {
        super.load(node, resourceAccessor);
        for (ParsedNode child : node.getChildren()) {
            String name = attributeName(child);
            if (name != null && child.getValue() != null) {
                String problem = name.equals(ConcurrentIndexes.ATTRIBUTE)
                        ? ConcurrentIndexes.checkAttribute(child.getValue().toString()) : null;
                if (problem != null) {
                    throw new ParsedNodeException("Changeset " + getId() + "::" + getAuthor() + ": " + problem);
                }
                setAttribute(name, child.getValue().toString());
            }
        }
    }

    /**
     * {@code safety:allow} → its attribute name. YAML/JSON keep the key as written; Liquibase's
     * XML parser keeps only an attribute's local name ({@code allow}), which no changeset
     * attribute of Liquibase's own uses.
     */
    private static String attributeName(ParsedNode child) {
        String name = child.getName();
        if (ATTRIBUTES.contains(name)) {
            return name;
        }
        return ATTRIBUTES.contains("safety:" + name) ? "safety:" + name : null;
    }

    /** False as well when a statement of the changeset must run outside a transaction block. */
    @Override
    public boolean isRunInTransaction() {
        Database database = Scope.getCurrentScope().getDatabase();
        return super.isRunInTransaction()
                && !mustLeaveTransaction(getChanges(), database == null || Databases.isPostgres(database));
    }

    @Override
    public ExecType execute(DatabaseChangeLog databaseChangeLog, ChangeExecListener listener, Database database)
            throws MigrationFailedException {
        leaveTransactionFor(getChanges(), database);
        return super.execute(databaseChangeLog, listener, database);
    }

    /** Without rollback changes of its own, the changeset rolls back through its changes' inverses. */
    @Override
    public void rollback(Database database, ChangeExecListener listener) throws RollbackFailedException {
        leaveTransactionFor(rollbackChanges(), database);
        super.rollback(database, listener);
    }

    /**
     * Whether Liquibase rolls this changeset back on {@code database} inside a transaction: as
     * declared, unless what the rollback runs must leave it ({@link #rollback} then does).
     */
    boolean rollbackRunsInTransaction(Database database) {
        return super.isRunInTransaction() && !mustLeaveTransaction(rollbackChanges(), Databases.isPostgres(database));
    }

    /** The changes a rollback runs: its own, or, without any, the changes whose inverses it runs. */
    private List<Change> rollbackChanges() {
        return hasCustomRollbackChanges() ? getRollback().getChanges() : getChanges();
    }

    private boolean mustLeaveTransaction(List<Change> changes, boolean postgres) {
        return hasConcurrentStatementSearched(changes)
                || (postgres && ConcurrentIndexes.hasConcurrentIndexChange(this, changes));
    }

    private void leaveTransactionFor(List<Change> changes, Database database) {
        if (!super.isRunInTransaction() || !mustLeaveTransaction(changes, Databases.isPostgres(database))) {
            return;
        }
        try {
            Field field = ChangeSet.class.getDeclaredField("runInTransaction");
            field.setAccessible(true);
            field.setBoolean(this, false);
            Scope.getCurrentScope().getLog(getClass()).info("pg-safety: running " + this
                    + " outside a transaction: it has a CONCURRENTLY statement");
        } catch (ReflectiveOperationException | RuntimeException e) {
            Scope.getCurrentScope().getLog(getClass()).warning("pg-safety: could not run " + this
                    + " outside a transaction (" + e + "); add runInTransaction=\"false\" to it");
        }
    }

    private boolean hasConcurrentStatementSearched(List<Change> changes) {
        if (!sameChanges(changes, searchedChanges)) {
            concurrentStatementFound = hasConcurrentStatement(changes);
            searchedChanges = new ArrayList<>(changes);
        }
        return concurrentStatementFound;
    }

    private static boolean sameChanges(List<Change> a, List<Change> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasConcurrentStatement(List<Change> changes) {
        for (Change change : changes) {
            if (!(change instanceof AbstractSQLChange)) {
                continue;
            }
            String sql;
            try {
                sql = ((AbstractSQLChange) change).getSql();
            } catch (RuntimeException unreadable) {
                continue;
            }
            if (sql == null) {
                continue;
            }
            for (ParsedStatement statement : SqlParser.parse(sql).statements()) {
                if (NonTransactional.isConcurrently(statement.statement())) {
                    return true;
                }
            }
        }
        return false;
    }
}
