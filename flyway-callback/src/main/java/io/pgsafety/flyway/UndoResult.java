package io.pgsafety.flyway;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.output.OperationResultBase;

/**
 * What {@link SafetyUndo} did, in the shape of Flyway's own command results (public fields, so
 * that the Flyway command line prints it with {@code -outputType=json}).
 */
public final class UndoResult extends OperationResultBase {

    /** The schema version before the undo; null for an empty history. */
    public String initialSchemaVersion;
    /** The schema version after it; null when no versioned migration is applied any more. */
    public String targetSchemaVersion;
    /** Schema of the history table. */
    public String schemaName;
    /** The undone migrations, in the order their undo scripts ran (newest first). */
    public List<UndoneMigration> undoneMigrations = new ArrayList<>();
    public int migrationsUndone;

    /** One undone migration: its version, description, the undo script that ran and how long it took. */
    public static final class UndoneMigration {
        public String version;
        public String description;
        public String filepath;
        public long executionTime;

        UndoneMigration(String version, String description, String filepath, long executionTime) {
            this.version = version;
            this.description = description;
            this.filepath = filepath;
            this.executionTime = executionTime;
        }
    }

    UndoResult(String database, String schemaName, String initialSchemaVersion) {
        this.database = database;
        this.operation = SafetyUndoCommand.COMMAND;
        this.initialSchemaVersion = initialSchemaVersion;
        this.targetSchemaVersion = initialSchemaVersion;
        this.schemaName = schemaName;
    }

    void undone(String version, String description, String filepath, long executionTime, String schemaVersionAfter) {
        undoneMigrations.add(new UndoneMigration(version, description, filepath, executionTime));
        migrationsUndone = undoneMigrations.size();
        targetSchemaVersion = schemaVersionAfter;
    }
}
