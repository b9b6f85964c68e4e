package io.pgsafety.core.rules;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.sql.Span;

/** What a rule sees of the migration under analysis. */
public interface MigrationContext {

    Migration migration();

    /** PostgreSQL major version the verdicts are for (server's during migrate, else config). */
    int pgVersion();

    /** True when no live catalog is available (CLI lint): every table not created here exists. */
    boolean staticMode();

    /** Every comment of the migration's SQL, in order (where file-wide directives live). */
    java.util.List<io.pgsafety.core.sql.lexer.Token> comments();

    /** Starts a finding of the calling rule at {@code at}; finish with {@link FindingBuilder#emit()}. */
    FindingBuilder report(Span at);
}
