package io.pgsafety.cli;

import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;

/**
 * {@code <customChange class="…">} as lint sees it: the class is the project's own Java code,
 * which is not on lint's class path, so the change is read without it and generates no SQL.
 * Liquibase's own {@code customChange} would fail to load the whole changelog instead. It
 * cannot be rolled back as far as lint can tell (a changeset of it needs a {@code <rollback>}
 * or {@code safety:irreversible}). Registered in {@code META-INF/services/liquibase.change.Change}
 * above Liquibase's priority; only safety-cli's jar has it.
 */
@DatabaseChange(name = "customChange", description = "A custom change class, not analysed by lint",
        priority = ChangeMetaData.PRIORITY_DEFAULT + 1)
public final class UnreadCustomChange extends AbstractChange {

    private String className;

    @DatabaseChangeProperty(description = "The custom change class")
    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    @Override
    public void load(ParsedNode parsedNode, ResourceAccessor resourceAccessor) throws ParsedNodeException {
        className = parsedNode.getChildValue(null, "class", String.class);
    }

    @Override
    public boolean supports(Database database) {
        return true;
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        return new SqlStatement[0];
    }

    @Override
    public boolean supportsRollback(Database database) {
        return false;
    }

    @Override
    public String getConfirmationMessage() {
        return "Custom change " + className + " (not analysed)";
    }
}
