package io.pgsafety.core.directive;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * A {@code -- safety:…} comment. {@code rules} are the ids named (empty for irreversible);
 * {@code reason} is null when missing; {@code span} is the comment's position.
 */
public record Directive(Kind kind, List<String> rules, String reason, Span span) {

    public enum Kind {
        /** {@code safety:allow} — the next statement. */
        ALLOW,
        /** {@code safety:allow-file} — the whole file. */
        ALLOW_FILE,
        /** {@code safety:irreversible} — the migration has no down half on purpose. */
        IRREVERSIBLE
    }

    public Directive {
        rules = List.copyOf(rules);
    }
}
