package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;

@RuleInfo(
        id = "prefer-timestamptz",
        severity = Severity.OFF,
        category = Category.HYGIENE,
        summary = "timestamp without time zone columns",
        appliesToDown = false)
public final class PreferTimestamptz extends ColumnTypeRule {

    @Override
    String replacement(DeclaredColumn column) {
        return column.type().name().equals("timestamp") ? withModifiers("timestamptz", column.type()) : null;
    }

    @Override
    String message(DeclaredColumn column, String replacement) {
        return column.sql() + " is " + column.type().text() + " (without time zone): it stores wall-clock"
                + " readings with no zone, so the same instant reads differently depending on each session's"
                + " TimeZone and daylight saving shifts make values ambiguous. timestamptz stores an absolute"
                + " instant in the same 8 bytes.";
    }
}
