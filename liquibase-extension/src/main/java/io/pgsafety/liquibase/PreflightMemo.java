package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.runtime.StatementsByText;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * The pre-flight's verdict per command that applies changes: the validation errors it produced
 * for one changelog and list of pending changesets, and the statements it read in their SQL, so
 * that the runtime guard does not parse them a second time. Kept only while the command's scope
 * lives.
 */
final class PreflightMemo {

    private record Verdict(DatabaseChangeLog changeLog, List<ChangeSet> pending, List<String> errors,
            StatementsByText<List<ParsedStatement>> statements) {}

    private static final Map<Scope, Verdict> BY_COMMAND = Collections.synchronizedMap(new WeakHashMap<>());

    private PreflightMemo() {}

    /** The errors found for the same changelog and pending changesets in this command; null when not analysed yet. */
    static List<String> errors(Scope command, DatabaseChangeLog changeLog, List<ChangeSet> pending) {
        Verdict verdict = BY_COMMAND.get(command);
        return verdict != null && verdict.changeLog() == changeLog && verdict.pending().equals(pending)
                ? verdict.errors() : null;
    }

    /** {@code analysed}: the migrations the pre-flight made of the pending changesets (and their rollbacks). */
    static void remember(Scope command, DatabaseChangeLog changeLog, List<ChangeSet> pending, List<String> errors,
            List<Migration> analysed) {
        BY_COMMAND.put(command, new Verdict(changeLog, List.copyOf(pending), List.copyOf(errors),
                StatementsByText.of(analysed, List::of)));
    }

    /**
     * The statements of one SQL string Liquibase runs in {@code command} (null: none), as the
     * pre-flight read them; null when it did not ({@link StatementsByText#get}), and the caller
     * then parses it itself.
     */
    static List<ParsedStatement> statements(Scope command, String sql) {
        Verdict verdict = command == null ? null : BY_COMMAND.get(command);
        return verdict == null ? null : verdict.statements().get(sql);
    }
}
