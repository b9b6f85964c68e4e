package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;

@RuleInfo(
        id = "prefer-jsonb",
        severity = Severity.OFF,
        category = Category.HYGIENE,
        summary = "json columns instead of jsonb",
        appliesToDown = false)
public final class PreferJsonb extends ColumnTypeRule {

    @Override
    String replacement(DeclaredColumn column) {
        return column.type().name().equals("json") ? withModifiers("jsonb", column.type()) : null;
    }

    @Override
    String message(DeclaredColumn column, String replacement) {
        return column.sql() + " is json: the text is stored as written and re-parsed on every access, it"
                + " cannot be indexed with GIN and has no equality operator (so no DISTINCT, GROUP BY or UNIQUE)."
                + " jsonb is parsed once and supports all of these.";
    }
}
