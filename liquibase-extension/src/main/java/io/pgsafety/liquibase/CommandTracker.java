package io.pgsafety.liquibase;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import liquibase.Scope;
import liquibase.command.CommandDefinition;
import liquibase.command.CommandResultsBuilder;
import liquibase.command.CommandScope;
import liquibase.command.CommandStep;
import liquibase.exception.CommandValidationException;

/**
 * A pipeline step of the commands that apply changesets. It records, for the {@link Scope} the
 * command runs in, that the command applies changes; the pre-flight (which Liquibase also runs
 * for {@code update-sql}, {@code status}, {@code validate} and rollback commands) blocks only
 * inside such a scope.
 *
 * <p>It needs no dependency, so Liquibase's pipeline sort runs it in the first wave, before the
 * changelog step that validates.
 */
public final class CommandTracker implements CommandStep {

    /** Commands that run pending changesets against the database. */
    static final Set<String> APPLYING = Set.of("update", "updateCount", "updateToTag", "updateTestingRollback",
            "updateOneChangeset");

    private static final Map<Scope, String> COMMAND_BY_SCOPE = Collections.synchronizedMap(new WeakHashMap<>());

    /** True when the current scope, or one it descends from, runs a command that applies changes. */
    static boolean applyingChanges() {
        for (Scope scope = Scope.getCurrentScope(); scope != null; scope = scope.getParent()) {
            String command = COMMAND_BY_SCOPE.get(scope);
            if (command != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String[][] defineCommandNames() {
        return null;
    }

    @Override
    public int getOrder(CommandDefinition commandDefinition) {
        return APPLYING.contains(String.join(" ", commandDefinition.getName())) ? ORDER_DEFAULT : ORDER_NOT_APPLICABLE;
    }

    @Override
    public void adjustCommandDefinition(CommandDefinition commandDefinition) {
        // adds no arguments
    }

    @Override
    public void validate(CommandScope commandScope) throws CommandValidationException {
        // nothing to validate
    }

    @Override
    public void run(CommandResultsBuilder resultsBuilder) {
        COMMAND_BY_SCOPE.put(Scope.getCurrentScope(),
                String.join(" ", resultsBuilder.getCommandScope().getCommand().getName()));
    }

    @Override
    public List<Class<?>> requiredDependencies() {
        return List.of();
    }

    @Override
    public List<Class<?>> providedDependencies() {
        return List.of();
    }

    @Override
    public boolean isInternal() {
        return true;
    }
}
