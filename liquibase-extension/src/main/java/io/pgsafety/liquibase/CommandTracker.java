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
 * <p>It records the scope when Liquibase validates the command's steps, which
 * {@code CommandScope.execute} does in the scope the pipeline then runs in, before any step runs:
 * the pipeline's order puts the changelog step, whose validation runs the pre-flight first, ahead
 * of this step.
 */
public final class CommandTracker implements CommandStep {

    /** Commands that run pending changesets against the database. */
    static final Set<String> APPLYING = Set.of("update", "updateCount", "updateToTag", "updateTestingRollback",
            "updateOneChangeset");

    private static final Map<Scope, String> COMMAND_BY_SCOPE = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The scope of the command that applies changes which the current scope runs in (it or one it
     * descends from); null when there is none.
     */
    static Scope applyingCommand() {
        for (Scope scope = Scope.getCurrentScope(); scope != null; scope = scope.getParent()) {
            if (COMMAND_BY_SCOPE.containsKey(scope)) {
                return scope;
            }
        }
        return null;
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
        Scope scope = Scope.getCurrentScope();
        if (scope.getParent() != null) {
            // never the root scope: a command validated outside CommandScope.execute must not mark everything
            COMMAND_BY_SCOPE.put(scope, String.join(" ", commandScope.getCommand().getName()));
        }
    }

    @Override
    public void run(CommandResultsBuilder resultsBuilder) {
        // the work happens in validate
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
