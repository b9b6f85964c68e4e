package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;

@RuleInfo(
        id = "ban-char",
        severity = Severity.OFF,
        category = Category.HYGIENE,
        summary = "char(n) columns",
        appliesToDown = false)
public final class BanChar extends ColumnTypeRule {

    @Override
    String replacement(DeclaredColumn column) {
        return column.type().name().equals("bpchar") ? "text" + "[]".repeat(column.type().arrayDimensions()) : null;
    }

    @Override
    String message(DeclaredColumn column, String replacement) {
        return column.sql() + " is " + column.type().text() + ": values are padded with spaces to the full"
                + " length, trailing spaces are ignored in comparisons but not in LIKE or by clients, and it is no"
                + " faster than text. Use text (with a CHECK on char_length if the length matters).";
    }
}
