package io.pgsafety.flyway;

import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.extensibility.ResourceType;
import org.flywaydb.core.extensibility.ResourceTypeProvider;
import org.flywaydb.core.internal.util.Pair;

/**
 * Makes undo scripts ({@code U2__drop_notes.sql}; prefix {@code flyway.safety.undoPrefix}) valid
 * file names for Flyway, which otherwise rejects them under {@code validateMigrationNaming=true}
 * (open-source Flyway knows no undo prefix). Flyway still does not run them as migrations: its
 * SQL resolver only takes the {@code V} and {@code R} prefixes; {@link SafetyUndo} runs them.
 */
public final class UndoResourceTypeProvider implements ResourceTypeProvider {

    /** A versioned name: {@code U} + version + separator + description + suffix. */
    private enum UndoScript implements ResourceType {
        UNDO_SQL_MIGRATION;

        @Override
        public boolean isVersioned() {
            return true;
        }

        /** Part of the interface in Flyway 13; without {@code @Override} so that it builds against 11 and 12 too. */
        public String getDisplayName() {
            return "Undo";
        }
    }

    @Override
    public List<Pair<String, ResourceType>> getPrefixTypePairs(Configuration configuration) {
        return List.of(Pair.of(SafetySettings.fromKeys(configuration).undoPrefix(),
                UndoScript.UNDO_SQL_MIGRATION));
    }
}
