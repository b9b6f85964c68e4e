package io.pgsafety.flyway;

import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.OperationResult;
import org.flywaydb.core.extensibility.CommandExtension;
import org.flywaydb.core.extensibility.Plugin;
import org.flywaydb.core.internal.util.Pair;

/**
 * {@code flyway safety-undo}: the Flyway command line runs {@link SafetyUndo} with its own
 * configuration (flyway.conf, flyway.toml, {@code FLYWAY_*} environment variables, {@code -url=}
 * style arguments, {@code -environment=}), when the drop-in jar is in {@code lib/plugins/}.
 * {@code -target=3} undoes every applied version above 3; without a target it undoes the
 * migration applied last.
 *
 * <p>Flyway 11 calls {@code handle(String, Configuration, List)}, Flyway 12 and later
 * {@code handle(Configuration, List)}; both are here, without {@code @Override}, so that one class
 * serves both (and the interface is used raw: it is generic only since Flyway 12).
 */
@SuppressWarnings("rawtypes")
public final class SafetyUndoCommand implements CommandExtension {

    static final String COMMAND = "safety-undo";

    @Override
    public boolean handlesCommand(String command) {
        return COMMAND.equals(command);
    }

    @Override
    public boolean handlesParameter(String parameter) {
        return false;
    }

    public OperationResult handle(Configuration configuration, List flags) {
        MigrationVersion target = configuration.getTarget();
        if (target == null || target.equals(MigrationVersion.LATEST)) {
            return SafetyUndo.of(configuration).undoLast();
        }
        if (target.equals(MigrationVersion.CURRENT) || target.equals(MigrationVersion.NEXT)) {
            throw new FlywayException(COMMAND + ": -target must be a version (such as -target=3), not " + target);
        }
        return SafetyUndo.of(configuration).undoTo(target.getVersion());
    }

    public OperationResult handle(String command, Configuration configuration, List flags) {
        return handle(configuration, flags);
    }

    /** The raw {@code CommandExtension} erases {@code Plugin}'s {@code Comparable<Plugin>}; this is its bridge. */
    @Override
    public int compareTo(Object other) {
        return compareTo((Plugin) other);
    }

    @Override
    public String getDescription() {
        return "Runs U (undo) scripts down to -target, newest first, and removes the undone versions from the schema history (pg-safety)";
    }

    @Override
    public List<Pair<String, String>> getUsage() {
        return List.of(Pair.of(COMMAND, getDescription()));
    }
}
