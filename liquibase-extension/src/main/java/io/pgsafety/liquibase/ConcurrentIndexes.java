package io.pgsafety.liquibase;

import io.pgsafety.core.config.ConfigException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.core.CreateIndexChange;
import liquibase.change.core.DropIndexChange;
import liquibase.changelog.ChangeSet;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.structure.DatabaseObject;

/**
 * The option that makes {@code createIndex} and {@code dropIndex} build and drop their index
 * {@code CONCURRENTLY} on PostgreSQL: the changeset attribute {@code safety:concurrently="true"}
 * (or {@code "false"}), else {@code liquibase.safety.concurrentIndexes}. Such a changeset runs
 * outside a transaction, as PostgreSQL requires; its checksum stays the same, since Liquibase
 * checksums a change's attributes, not its SQL.
 */
final class ConcurrentIndexes {

    static final String ATTRIBUTE = "safety:concurrently";

    private static final Pattern CREATE_INDEX = Pattern.compile("(?i)^(\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX)(?!\\s+CONCURRENTLY\\b)");
    private static final Pattern DROP_INDEX = Pattern.compile("(?i)^(\\s*DROP\\s+INDEX)(?!\\s+CONCURRENTLY\\b)");

    private ConcurrentIndexes() {}

    /** Null when {@code value} is a valid attribute value, else why not. */
    static String checkAttribute(String value) {
        String v = value.trim();
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
                : ATTRIBUTE + " must be true or false, not '" + v + "'";
    }

    /**
     * Whether the changeset's createIndex and dropIndex changes (and their auto-rollback) run
     * concurrently. Asked per generated statement and per transaction decision: the full settings,
     * which cost far more than the option, are read only when the option asks for concurrency.
     */
    static boolean appliesTo(ChangeSet changeSet) {
        try {
            Object attribute = changeSet.getAttribute(ATTRIBUTE);
            boolean asked = attribute != null && !attribute.toString().isBlank()
                    ? attribute.toString().trim().equalsIgnoreCase("true")
                    : SafetyConfiguration.concurrentIndexes();
            return asked && SafetyConfiguration.current().enabled();
        } catch (ConfigException e) {
            // the pre-flight reports the bad setting and stops the update
            return false;
        }
    }

    /** Whether {@code changes} of {@code changeSet} hold a createIndex or dropIndex that runs concurrently. */
    static boolean hasConcurrentIndexChange(ChangeSet changeSet, List<Change> changes) {
        for (Change change : changes) {
            if (change instanceof CreateIndexChange || change instanceof DropIndexChange) {
                return appliesTo(changeSet);
            }
        }
        return false;
    }

    /** {@code CREATE [UNIQUE] INDEX …} as {@code CREATE [UNIQUE] INDEX CONCURRENTLY …} when the changeset in scope asks. */
    static Sql[] createConcurrently(Sql[] generated) {
        return rewrite(generated, CREATE_INDEX);
    }

    /** {@code DROP INDEX …} as {@code DROP INDEX CONCURRENTLY …} when the changeset in scope asks. */
    static Sql[] dropConcurrently(Sql[] generated) {
        return rewrite(generated, DROP_INDEX);
    }

    /**
     * Generators are cached per statement class and database, so the changeset is looked up here,
     * at generation time, in the scope Liquibase runs (or the pre-flight analyses) it in.
     */
    private static Sql[] rewrite(Sql[] generated, Pattern head) {
        ChangeSet changeSet = Scope.getCurrentScope().get(Scope.Attr.changeSet.name(), ChangeSet.class);
        if (generated == null || changeSet == null || !appliesTo(changeSet)) {
            return generated;
        }
        Sql[] result = generated.clone();
        for (int i = 0; i < result.length; i++) {
            Sql sql = result[i];
            Matcher m = sql == null ? null : head.matcher(sql.toSql());
            if (m != null && m.find()) {
                result[i] = new UnparsedSql(m.replaceFirst("$1 CONCURRENTLY"), sql.getEndDelimiter(),
                        sql.getAffectedDatabaseObjects().toArray(new DatabaseObject[0]));
            }
        }
        return result;
    }
}
