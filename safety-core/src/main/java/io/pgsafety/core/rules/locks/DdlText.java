package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders pieces of the user's statement back into the SQL of safe alternatives. */
final class DdlText {

    private static final Pattern CONSTRAINT_NAME_PREFIX =
            Pattern.compile("(?is)^\\s*CONSTRAINT\\s+(?:\"(?:[^\"]|\"\")*\"|[^\\s(\"]+)\\s*(.*)$");

    private static final Pattern COLLATE =
            Pattern.compile("(?i)\\bCOLLATE\\s+(\"(?:[^\"]|\"\")*\"|[A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)?)");

    private DdlText() {}

    static String alterTable(QualifiedName table) {
        return "ALTER TABLE " + table.sql() + " ";
    }

    /** A column list as SQL: {@code (a, "B")}. */
    static String columnList(List<String> columns) {
        List<String> quoted = new ArrayList<>();
        for (String c : columns) {
            quoted.add(Identifiers.quote(c));
        }
        return "(" + String.join(", ", quoted) + ")";
    }

    /** {@code 'text'} with quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The constraint's source text without its leading {@code CONSTRAINT name}. */
    static String constraintBody(Constraint constraint) {
        String text = constraint.text() == null ? "" : constraint.text().strip();
        Matcher m = CONSTRAINT_NAME_PREFIX.matcher(text);
        return m.matches() ? m.group(1).strip() : text;
    }

    /**
     * The constraint as a table constraint named {@code name}; an inline {@code REFERENCES …} of
     * column {@code column} becomes {@code FOREIGN KEY (column) REFERENCES …}.
     */
    static String tableConstraint(String name, Constraint constraint, String column) {
        String body = constraintBody(constraint);
        if (constraint.kind() == Constraint.Kind.FOREIGN_KEY && column != null
                && body.toLowerCase(Locale.ROOT).startsWith("references")) {
            body = "FOREIGN KEY (" + Identifiers.quote(column) + ") " + body;
        }
        return "CONSTRAINT " + Identifiers.quote(name) + " " + body;
    }

    /** {@code name type [COLLATE c]}: the column with no default, no NOT NULL and no constraints. */
    static String bareColumn(ColumnDef column, String type) {
        Matcher collate = COLLATE.matcher(column.text() == null ? "" : column.text());
        return Identifiers.quote(column.name()) + " " + type + (collate.find() ? " " + collate.group() : "");
    }

    /** The column's type as written, or its plain integer type for {@code serial} types. */
    static String storedType(ColumnDef column) {
        if (column.type() == null) {
            return "";
        }
        return switch (column.type().name()) {
            case "smallserial" -> "smallint";
            case "serial" -> "integer";
            case "bigserial" -> "bigint";
            default -> column.type().text();
        };
    }

    /**
     * The column's source text with {@code removed} cut out (an inline constraint), whitespace
     * tidied; falls back to removing the constraint's text when the spans do not nest.
     */
    static String columnWithout(ColumnDef column, Constraint removed) {
        String text = column.text() == null ? "" : column.text();
        Span outer = column.span();
        Span inner = removed.span();
        String result;
        if (outer != null && inner != null && inner.offset() >= outer.offset()
                && inner.endOffset() <= outer.offset() + text.length()) {
            int from = inner.offset() - outer.offset();
            int to = inner.endOffset() - outer.offset();
            result = text.substring(0, from) + " " + text.substring(to);
        } else if (removed.text() != null && !removed.text().isBlank() && text.contains(removed.text())) {
            result = text.replace(removed.text(), " ");
        } else {
            result = bareColumn(column, column.type() == null ? "" : column.type().text());
        }
        return result.replaceAll("\\s+", " ").strip();
    }

    /** The exact source text of the statement between two offsets of the migration. */
    static String source(StatementContext ctx, int from, int to) {
        String text = ctx.statement().text();
        int base = ctx.ast().span().offset();
        int start = Math.max(0, Math.min(text.length(), from - base));
        int end = Math.max(start, Math.min(text.length(), to - base));
        return text.substring(start, end);
    }

    /** The statement's tokens that lie inside {@code span}. */
    static List<Token> tokensWithin(StatementContext ctx, Span span) {
        List<Token> inside = new ArrayList<>();
        if (span == null) {
            return inside;
        }
        for (Token t : ctx.statement().tokens()) {
            if (t.offset() >= span.offset() && t.endOffset() <= span.endOffset()) {
                inside.add(t);
            }
        }
        return inside;
    }

    /** Describes the column's other inline constraints, which an alternative adds separately; null if none. */
    static String separateConstraintsStep(ColumnDef column, QualifiedName table) {
        List<String> texts = new ArrayList<>();
        for (Constraint c : column.constraints()) {
            if (c.kind() != Constraint.Kind.NOT_NULL && c.text() != null && !c.text().isBlank()) {
                texts.add(c.text().strip());
            }
        }
        if (texts.isEmpty()) {
            return null;
        }
        return "add the column's constraints (" + String.join(", ", texts) + ") to " + table.sql()
                + " separately, each the online way: CHECK and FOREIGN KEY as NOT VALID then VALIDATE CONSTRAINT, "
                + "UNIQUE and PRIMARY KEY through CREATE UNIQUE INDEX CONCURRENTLY then ADD CONSTRAINT … USING INDEX";
    }
}
