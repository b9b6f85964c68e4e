package io.pgsafety.liquibase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.ChangeParameterMetaData;
import liquibase.change.core.CreateTableChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.exception.LiquibaseException;
import liquibase.sql.Sql;
import liquibase.sql.visitor.SqlVisitor;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import liquibase.util.StringUtil;

/**
 * The SQL a changeset runs on a database, as Liquibase generates it: each change through the SQL
 * generators for that database, then the changeset's {@code <modifySql>} visitors. Lines are
 * remembered per change so that a finding can be traced back to its change type.
 */
final class ChangeSetSql {

    /** One change's part of the text: lines {@code firstLine..lastLine} (1-based, inclusive). */
    record Part(Change change, String changeType, int firstLine, int lastLine) {}

    private final StringBuilder text = new StringBuilder();
    private final List<Part> parts = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int lines;

    private ChangeSetSql() {}

    /** The forward SQL of {@code changeSet}. */
    static ChangeSetSql forward(ChangeSet changeSet, Database database) {
        ChangeSetSql result = new ChangeSetSql();
        for (Change change : changeSet.getChanges()) {
            result.add(change, changeSet, database, false);
        }
        return result;
    }

    /** The SQL of the changeset's explicit {@code <rollback>} changes (empty when it has none). */
    static ChangeSetSql explicitRollback(ChangeSet changeSet, Database database) {
        ChangeSetSql result = new ChangeSetSql();
        if (changeSet.getRollback() != null) {
            for (Change change : changeSet.getRollback().getChanges()) {
                result.add(change, changeSet, database, true);
            }
        }
        return result;
    }

    /**
     * The SQL Liquibase generates to undo the changeset's changes when it has no explicit
     * {@code <rollback>}: each change's inverse, last change first, as {@code ChangeSet.rollback}
     * runs them. The inverse of a change to a table the changeset itself creates is left out: the
     * same rollback drops that table right after, so its locks on the table add nothing.
     */
    static ChangeSetSql automaticRollback(ChangeSet changeSet, Database database) {
        ChangeSetSql result = new ChangeSetSql();
        List<Change> changes = changeSet.getChanges();
        Set<String> createdTables = new HashSet<>();
        for (Change change : changes) {
            if (change instanceof CreateTableChange) {
                createdTables.add(tableKey(change, database));
            }
        }
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            if (!(change instanceof CreateTableChange) && createdTables.contains(tableKey(change, database))) {
                continue;
            }
            result.add(change, changeSet, database, true, () -> SqlGeneratorFactory.getInstance()
                    .generateSql(change.generateRollbackStatements(database), database));
        }
        return result;
    }

    /** {@code schema.table} (lower case) of the table a change works on; null when it names none. */
    private static String tableKey(Change change, Database database) {
        Map<String, ChangeParameterMetaData> parameters = ChangeFactory.getInstance().getChangeMetaData(change)
                .getParameters();
        Object table = value(parameters, change, "tableName", "baseTableName");
        if (table == null) {
            return null;
        }
        Object schema = value(parameters, change, "schemaName", "baseTableSchemaName");
        String schemaName = schema != null ? schema.toString() : database.getDefaultSchemaName();
        return (schemaName == null ? "" : schemaName.toLowerCase(Locale.ROOT)) + "."
                + table.toString().toLowerCase(Locale.ROOT);
    }

    private static Object value(Map<String, ChangeParameterMetaData> parameters, Change change, String... names) {
        for (String name : names) {
            ChangeParameterMetaData parameter = parameters.get(name);
            Object value = parameter == null ? null : parameter.getCurrentValue(change);
            if (value != null && !value.toString().isBlank()) {
                return value;
            }
        }
        return null;
    }

    String sql() {
        return text.toString();
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    /** The change whose generated SQL holds {@code line}, if any. */
    Part partAt(int line) {
        for (Part p : parts) {
            if (line >= p.firstLine() && line <= p.lastLine()) {
                return p;
            }
        }
        return parts.isEmpty() ? null : parts.get(parts.size() - 1);
    }

    static String changeType(Change change) {
        try {
            return ChangeFactory.getInstance().getChangeMetaData(change).getName();
        } catch (RuntimeException e) {
            return change.getClass().getSimpleName();
        }
    }

    /** How the SQL of one change is generated (Liquibase reports an impossible inverse as a checked exception). */
    private interface Generator {
        Sql[] generate() throws LiquibaseException;
    }

    private void add(Change change, ChangeSet changeSet, Database database, boolean rollback) {
        add(change, changeSet, database, rollback,
                () -> SqlGeneratorFactory.getInstance().generateSql(statements(change, database), database));
    }

    /**
     * The statements of a change. SQL changes of formatted SQL changelogs strip comments unless
     * told not to, and the comments are where {@code -- safety:} directives live: the analysis
     * splits such SQL as Liquibase does, keeping them.
     */
    private static SqlStatement[] statements(Change change, Database database) {
        if (!(change instanceof AbstractSQLChange)
                || !Boolean.TRUE.equals(((AbstractSQLChange) change).isStripComments())) {
            return change.generateStatements(database);
        }
        AbstractSQLChange sqlChange = (AbstractSQLChange) change;
        String sql = StringUtil.trimToNull(sqlChange.getSql());
        if (sql == null) {
            return SqlStatement.EMPTY_SQL_STATEMENT;
        }
        boolean split = !Boolean.FALSE.equals(sqlChange.isSplitStatements());
        String delimiter = sqlChange.getEndDelimiter();
        return Arrays.stream(StringUtil.processMultiLineSQL(sql, false, split, delimiter, sqlChange.getChangeSet()))
                .map(statement -> new RawSqlStatement(statement, delimiter))
                .toArray(SqlStatement[]::new);
    }

    private void add(Change change, ChangeSet changeSet, Database database, boolean rollback, Generator generator) {
        Sql[] statements;
        try {
            statements = generator.generate();
        } catch (LiquibaseException | RuntimeException e) {
            problems.add(changeType(change) + ": its " + (rollback ? "rollback " : "") + "SQL could not be generated ("
                    + e.getMessage() + ")");
            return;
        }
        int first = lines + 1;
        for (Sql statement : statements) {
            String sql = modify(statement.toSql(), changeSet, database, rollback).strip();
            if (sql.isEmpty()) {
                continue;
            }
            text.append(sql);
            if (!sql.endsWith(";")) {
                text.append(';');
            }
            text.append('\n');
            lines++;
            for (int i = sql.indexOf('\n'); i >= 0; i = sql.indexOf('\n', i + 1)) {
                lines++;
            }
        }
        if (lines >= first) {
            parts.add(new Part(change, changeType(change), first, lines));
        }
    }

    /** Applies the {@code <modifySql>} visitors that apply to this database (and to rollback, for rollback SQL). */
    private static String modify(String sql, ChangeSet changeSet, Database database, boolean rollback) {
        String result = sql;
        for (SqlVisitor visitor : changeSet.getSqlVisitors()) {
            if (rollback && !visitor.isApplyToRollback()) {
                continue;
            }
            if (visitor.getApplicableDbms() != null && !visitor.getApplicableDbms().isEmpty()
                    && !DatabaseList.definitionMatches(visitor.getApplicableDbms(), database, true)) {
                continue;
            }
            result = visitor.modifySql(result, database);
        }
        return result;
    }
}
