package io.pgsafety.core.rules.hygiene;

import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.TypeName;
import java.util.List;

/**
 * Base of the type hygiene rules: visits every column type a statement declares (CREATE TABLE
 * columns, ADD COLUMN, ALTER COLUMN … TYPE) and prints the statement with the better type.
 */
abstract class ColumnTypeRule implements Rule {

    /** A column type written by the statement under analysis. */
    record DeclaredColumn(QualifiedName table, String column, TypeName type, boolean keyLike, boolean alterType) {

        String sql() {
            return table.sql() + "." + Identifiers.quote(column);
        }
    }

    /** The type to write instead of {@code column.type()}, or null when the type is fine. */
    abstract String replacement(DeclaredColumn column);

    /** The finding's message for a column whose type has a better {@code replacement}. */
    abstract String message(DeclaredColumn column, String replacement);

    @Override
    public final void check(StatementContext ctx) {
        if (ctx.ast() instanceof Statement.CreateTable create && create.name() != null) {
            for (ColumnDef column : create.columns()) {
                visit(ctx, create.name(), column, keyLike(column, create.constraints()), false);
            }
        } else if (ctx.ast() instanceof Statement.AlterTable alter && alter.name() != null
                && (alter.kind() == ObjectKind.TABLE || alter.kind() == ObjectKind.FOREIGN_TABLE)) {
            for (AlterAction action : alter.actions()) {
                if (action instanceof AlterAction.AddColumn add && add.column() != null) {
                    visit(ctx, alter.name(), add.column(), keyLike(add.column(), List.of()), false);
                } else if (action instanceof AlterAction.AlterColumnType change && change.column() != null
                        && change.type() != null) {
                    visit(ctx, new DeclaredColumn(alter.name(), change.column(), change.type(),
                            keyLikeName(change.column()), true));
                }
            }
        }
    }

    private void visit(StatementContext ctx, QualifiedName table, ColumnDef column, boolean keyLike,
            boolean alterType) {
        if (column.name() != null && column.type() != null) {
            visit(ctx, new DeclaredColumn(table, column.name(), column.type(), keyLike, alterType));
        }
    }

    private void visit(StatementContext ctx, DeclaredColumn column) {
        String better = replacement(column);
        if (better == null) {
            return;
        }
        Span at = column.type().span() != null ? column.type().span() : ctx.ast().span();
        ctx.report(at)
                .object(column.table().sql())
                .message(message(column, better))
                .alternative(SafeAlternative.builder()
                        .migration("declare " + Identifiers.quote(column.column()) + " as " + better,
                                rewritten(ctx, column.type(), better))
                        .build())
                .emit();
    }

    /** The statement's text with {@code type} replaced by {@code replacement}. */
    private static String rewritten(StatementContext ctx, TypeName type, String replacement) {
        String text = ctx.statement().text();
        int at = type.span() == null ? -1 : type.span().offset() - ctx.ast().span().offset();
        if (at < 0 || !text.startsWith(type.text(), at)) {
            at = text.indexOf(type.text());
        }
        if (at < 0) {
            return replacement;
        }
        return (text.substring(0, at) + replacement + text.substring(at + type.text().length())).strip();
    }

    static boolean keyLikeName(String column) {
        return column.equals("id") || column.endsWith("_id");
    }

    private static boolean keyLike(ColumnDef column, List<Constraint> tableConstraints) {
        if (column.name() == null) {
            return false;
        }
        return keyLikeName(column.name())
                || column.constraints().stream().anyMatch(ColumnTypeRule::isKey)
                || tableConstraints.stream().anyMatch(c -> isKey(c) && c.columns().contains(column.name()));
    }

    private static boolean isKey(Constraint c) {
        return c.kind() == Constraint.Kind.PRIMARY_KEY || c.kind() == Constraint.Kind.UNIQUE
                || c.kind() == Constraint.Kind.FOREIGN_KEY;
    }

    /** {@code base} with the modifiers and array brackets of {@code type}. */
    static String withModifiers(String base, TypeName type) {
        String mods = type.modifiers().isEmpty() ? "" : "(" + String.join(",", type.modifiers()) + ")";
        return base + mods + "[]".repeat(Math.max(type.arrayDimensions(), 0));
    }
}
