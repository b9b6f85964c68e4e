package io.pgsafety.liquibase;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * The pre-flight's verdict per command that applies changes: the validation errors it produced
 * for one changelog and list of pending changesets. Kept only while the command's scope lives.
 */
final class PreflightMemo {

    private record Verdict(DatabaseChangeLog changeLog, List<ChangeSet> pending, List<String> errors) {}

    private static final Map<Scope, Verdict> BY_COMMAND = Collections.synchronizedMap(new WeakHashMap<>());

    private PreflightMemo() {}

    /** The errors found for the same changelog and pending changesets in this command; null when not analysed yet. */
    static List<String> errors(Scope command, DatabaseChangeLog changeLog, List<ChangeSet> pending) {
        Verdict verdict = BY_COMMAND.get(command);
        return verdict != null && verdict.changeLog() == changeLog && verdict.pending().equals(pending)
                ? verdict.errors() : null;
    }

    static void remember(Scope command, DatabaseChangeLog changeLog, List<ChangeSet> pending, List<String> errors) {
        BY_COMMAND.put(command, new Verdict(changeLog, List.copyOf(pending), List.copyOf(errors)));
    }
}
