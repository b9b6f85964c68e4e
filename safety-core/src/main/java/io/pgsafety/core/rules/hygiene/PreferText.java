package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.sql.ast.Identifiers;

@RuleInfo(
        id = "prefer-text",
        severity = Severity.OFF,
        category = Category.HYGIENE,
        summary = "varchar(n) columns: changing n later needs a lock",
        appliesToDown = false)
public final class PreferText extends ColumnTypeRule {

    @Override
    String replacement(DeclaredColumn column) {
        if (!column.type().name().equals("varchar") || column.type().modifiers().isEmpty()) {
            return null;
        }
        int length = column.type().modifier(0);
        if (column.type().isArray() || column.alterType() || length < 0) {
            return "text" + "[]".repeat(column.type().arrayDimensions());
        }
        return "text CHECK (char_length(" + Identifiers.quote(column.column()) + ") <= "
                + length + ")";
    }

    @Override
    String message(DeclaredColumn column, String replacement) {
        return column.sql() + " is " + column.type().text() + ": the length limit lives in the type, so lowering"
                + " it later rewrites the table under an ACCESS EXCLUSIVE lock. text with a CHECK on its length"
                + " stores the same and can be changed with NOT VALID and VALIDATE, without blocking traffic.";
    }
}
