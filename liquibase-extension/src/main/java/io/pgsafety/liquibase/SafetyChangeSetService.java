package io.pgsafety.liquibase;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changeset.StandardChangeSetService;
import liquibase.database.ObjectQuotingStrategy;

/** Makes every changeset Liquibase loads a {@link SafetyChangeSet}; everything else is Liquibase's own. */
public final class SafetyChangeSetService extends StandardChangeSetService {

    @Override
    public int getPriority() {
        return super.getPriority() + 10;
    }

    @Override
    public ChangeSet createChangeSet(DatabaseChangeLog changeLog) {
        return new SafetyChangeSet(changeLog);
    }

    @Override
    public ChangeSet createChangeSet(String id, String author, boolean alwaysRun, boolean runOnChange,
            String filePath, String contextFilter, String dbmsList, DatabaseChangeLog changeLog) {
        return new SafetyChangeSet(id, author, alwaysRun, runOnChange, filePath, contextFilter, dbmsList, changeLog);
    }

    @Override
    public ChangeSet createChangeSet(String id, String author, boolean alwaysRun, boolean runOnChange,
            String filePath, String contextFilter, String dbmsList, String runWith, String runWithSpoolFile,
            boolean runInTransaction, ObjectQuotingStrategy quotingStrategy, DatabaseChangeLog changeLog) {
        return new SafetyChangeSet(id, author, alwaysRun, runOnChange, filePath, contextFilter, dbmsList, runWith,
                runWithSpoolFile, runInTransaction, quotingStrategy, changeLog);
    }
}
