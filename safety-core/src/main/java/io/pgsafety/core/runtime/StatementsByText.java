package io.pgsafety.core.runtime;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.sql.SqlText;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a pre-flight read of each statement of its migrations, by the statement's text, for the
 * runtime guard to take instead of parsing the statement again when it runs. The text is the
 * whole key (the blanks and comments before it, the blanks after it and the terminating semicolon
 * aside: tools send a statement with the comments above it), so what a lookup finds is what a
 * fresh parse of that text would give; text the pre-flight did not read as one statement (several
 * in one string, say) finds nothing, and the caller parses it.
 *
 * @param <T> what the guard keeps of a statement
 */
public final class StatementsByText<T> {

    private final Map<String, T> byText;

    private StatementsByText(Map<String, T> byText) {
        this.byText = byText;
    }

    /** The statements of {@code migrations}, each kept as {@code reading} makes it (the first of equal texts). */
    public static <T> StatementsByText<T> of(Collection<Migration> migrations, Function<ParsedStatement, T> reading) {
        Map<String, T> byText = new HashMap<>();
        for (Migration migration : migrations) {
            for (ParsedStatement statement : migration.parse().statements()) {
                if (!byText.containsKey(statement.text())) {
                    byText.put(statement.text(), reading.apply(statement));
                }
            }
        }
        return new StatementsByText<>(byText);
    }

    /** What was kept of {@code sql}, a statement about to run; null when the pre-flight did not read it. */
    public T get(String sql) {
        return byText.get(asParsedText(sql));
    }

    /** As a parsed statement's text: without blanks and comments before it, blanks and the semicolon after it. */
    private static String asParsedText(String sql) {
        String text = sql.substring(SqlText.afterLeadingComments(sql)).stripTrailing();
        return text.endsWith(";") ? text.substring(0, text.length() - 1).stripTrailing() : text;
    }
}
