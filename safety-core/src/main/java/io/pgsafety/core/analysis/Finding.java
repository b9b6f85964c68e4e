package io.pgsafety.core.analysis;

import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.sql.ast.LockMode;
import java.util.List;

/**
 * One reported problem. {@code line}/{@code column} are 1-based and point at the statement (or
 * clause) start in {@code file}; {@code endColumn} is inclusive. {@code allowed} findings were
 * suppressed by a directive and carry its {@code reason}. {@code lock} is null when the rule is
 * not about a lock. {@code migration} names the unit (path, or changeset {@code file::id::author}).
 */
public record Finding(
        String file,
        int line,
        int column,
        int endLine,
        int endColumn,
        String rule,
        Severity severity,
        boolean allowed,
        String reason,
        String object,
        LockMode lock,
        List<LockMode.Blocks> blocks,
        String message,
        String safeAlternative,
        String migration) {

    public Finding {
        blocks = List.copyOf(blocks);
    }

    /** True when this finding stops a migration in enforce mode. */
    public boolean blocking() {
        return severity == Severity.ERROR && !allowed;
    }
}
