package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import java.util.List;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * One changeset turned into analyzer input exactly as the pre-flight does it, for readers outside
 * a Liquibase run: the lint command line reads changelogs without a database and analyses their
 * changesets this way.
 */
public final class PlannedChangeSet {

    /** Where a finding of the changeset comes from, in changelog terms. */
    public record Origin(Change change, String changeType, boolean rollback, String advice) {}

    private final SafetyValidatingVisitor.Planned planned;

    private PlannedChangeSet(SafetyValidatingVisitor.Planned planned) {
        this.planned = planned;
    }

    /** Plans {@code changeSet} for {@code database} in a scope holding both, as Liquibase runs it. */
    public static PlannedChangeSet of(ChangeSet changeSet, Database database) {
        return new PlannedChangeSet(SafetyValidatingVisitor.Planned.inScope(changeSet, database));
    }

    /** {@code file::id::author}, the file as Liquibase names it. */
    public String name() {
        return planned.name();
    }

    public ChangeSet changeSet() {
        return planned.changeSet();
    }

    /** The SQL the changeset runs. */
    public Migration migration() {
        return planned.migration();
    }

    /**
     * The SQL of its rollback, as a down migration: the explicit rollback's, else the SQL of the
     * automatic rollback Liquibase generates; null when it has neither (or an empty one).
     */
    public Migration rollbackMigration() {
        return planned.rollbackMigration();
    }

    /** Changes whose SQL could not be generated. */
    public List<String> problems() {
        return planned.problems();
    }

    /**
     * The change whose generated SQL holds {@code finding} (in the changeset, or in its rollback
     * for a finding of {@link #rollbackMigration()}), with the safe alternative in changelog
     * terms; the change is null when no change's SQL holds the finding's line.
     */
    public Origin origin(Finding finding) {
        boolean rollback = planned.rollbackMigration() != null
                && planned.rollbackMigration().name().equals(finding.migration());
        ChangeSetSql.Part part = (rollback ? planned.rollback().sql() : planned.sql()).partAt(finding.line());
        Change change = part == null ? null : part.change();
        return new Origin(change, part == null ? null : part.changeType(), rollback,
                ChangelogAdvice.forFinding(finding.rule(), change));
    }
}
