package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Attaching a partition scans it to prove its rows fit the bound, unless a validated CHECK
 * constraint on it already implies the bound. This rule remembers, across the statements of the
 * run, which tables got a validated CHECK (a CHECK written without NOT VALID, or any VALIDATE
 * CONSTRAINT on the table: the NOT VALID half usually ran in an earlier migration), which were
 * filled by INSERTs, and the partition keys of partitioned tables it saw created, so the printed
 * CHECK uses the real key column. Whether the CHECK really implies the bound is not checked.
 */
@RuleInfo(
        id = "attach-partition-scan",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "ATTACH PARTITION without a CHECK constraint matching the bound scans the partition",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AttachPartitionScan implements Rule {

    private static final String KEY_PLACEHOLDER = "<partition key>";

    private final Set<String> validatedChecks = new HashSet<>();
    private final Set<String> filled = new HashSet<>();
    private final Map<String, List<String>> partitionKeys = new HashMap<>();

    @Override
    public void check(StatementContext ctx) {
        Statement statement = ctx.ast();
        if (statement instanceof Statement.CreateTable create && create.name() != null) {
            recordCreate(ctx, create);
        } else if (statement instanceof Statement.Insert insert && insert.table() != null) {
            filled.add(insert.table().name());
        } else if (statement instanceof Statement.DropObject drop && drop.kind() == ObjectKind.TABLE) {
            for (QualifiedName name : drop.names()) {
                if (name != null) {
                    forget(name.name());
                }
            }
        } else if (statement instanceof Statement.AlterTable alter && alter.name() != null
                && alter.kind() == ObjectKind.TABLE) {
            for (AlterAction action : alter.actions()) {
                checkAction(ctx, alter.name(), action);
            }
        }
    }

    private static boolean hasCheck(List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (c.kind() == Constraint.Kind.CHECK) {
                return true;
            }
        }
        return false;
    }

    private void recordCreate(StatementContext ctx, Statement.CreateTable create) {
        String table = create.name().name();
        forget(table);
        boolean hasCheck = hasCheck(create.constraints());
        for (ColumnDef column : create.columns()) {
            hasCheck |= hasCheck(column.constraints());
        }
        if (hasCheck) {
            validatedChecks.add(table);
        }
        List<String> key = partitionKey(ctx.statement().tokens());
        if (key != null) {
            partitionKeys.put(table, key);
        }
    }

    private void forget(String table) {
        validatedChecks.remove(table);
        filled.remove(table);
        partitionKeys.remove(table);
    }

    private void checkAction(StatementContext ctx, QualifiedName table, AlterAction action) {
        if (action instanceof AlterAction.AddConstraint add && add.constraint() != null
                && add.constraint().kind() == Constraint.Kind.CHECK) {
            if (!add.constraint().notValid()) {
                validatedChecks.add(table.name());
            }
        } else if (action instanceof AlterAction.ValidateConstraint) {
            validatedChecks.add(table.name());
        } else if (action instanceof AlterAction.AttachPartition attach && attach.partition() != null) {
            checkAttach(ctx, table, attach);
        }
    }

    private void checkAttach(StatementContext ctx, QualifiedName parent, AlterAction.AttachPartition attach) {
        QualifiedName partition = attach.partition();
        if (validatedChecks.contains(partition.name())
                || !ctx.isExistingTable(partition) && !filled.contains(partition.name())) {
            return;
        }
        String part = partition.sql();
        String bound = attach.bound() == null ? "" : attach.bound().strip();
        List<String> key = partitionKeys.get(parent.name());
        String condition = PartitionBound.condition(bound, parent, key == null ? List.of(KEY_PLACEHOLDER) : key);
        ctx.report(attach.span())
                .object(part)
                .message("Attaching " + part + " to " + parent.sql() + " scans every row of " + part
                        + " to prove it fits the partition bound, holding an ACCESS EXCLUSIVE lock on " + part
                        + " (reads and writes of it wait) and SHARE UPDATE EXCLUSIVE on " + parent.sql()
                        + " for the whole scan; if " + parent.sql() + " has a DEFAULT partition, that one is scanned"
                        + " too. A validated CHECK constraint on " + part + " that implies the bound lets PostgreSQL"
                        + " skip the scan.")
                .alternative(alternative(parent, partition, bound, condition, key == null))
                .emit();
    }

    private static String alternative(QualifiedName parent, QualifiedName partition, String bound, String condition,
            boolean keyUnknown) {
        String part = partition.sql();
        String check = Identifiers.quote(SqlNames.makeObjectName(partition.name(), null, "bound_check"));
        String attachSql = "ALTER TABLE " + parent.sql() + " ATTACH PARTITION " + part
                + (bound.isEmpty() ? "" : " " + bound) + ";";
        SafeAlternative plan = SafeAlternative.builder();
        if (condition == null) {
            return plan.step("add to " + part + " a CHECK constraint that states the bound " + bound
                            + " as a condition on the partition key, NOT VALID, then in a later migration VALIDATE it"
                            + " and attach in the same migration: the ATTACH then skips the scan")
                    .build();
        }
        if (keyUnknown) {
            plan.step("replace " + KEY_PLACEHOLDER + " with the partition key column of " + parent.sql());
        }
        return plan.migration("add a CHECK matching the partition bound, without checking existing rows (brief lock)",
                        "ALTER TABLE " + part + " ADD CONSTRAINT " + check + " CHECK (" + condition + ") NOT VALID;")
                .migration("validate it (SHARE UPDATE EXCLUSIVE: reads and writes of " + part + " continue), then"
                                + " attach: the validated CHECK proves the bound, so the ATTACH does not scan",
                        "ALTER TABLE " + part + " VALIDATE CONSTRAINT " + check + ";\n" + attachSql)
                .migration("drop the CHECK, now redundant with the partition bound",
                        "ALTER TABLE " + part + " DROP CONSTRAINT " + check + ";")
                .build();
    }

    /**
     * The column list of {@code PARTITION BY RANGE|LIST|HASH (a, b)} in a CREATE TABLE, or null when
     * absent or when a key part is an expression.
     */
    private static List<String> partitionKey(List<Token> tokens) {
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).is("partition") && tokens.get(i + 1).is("by")
                    && tokens.get(i + 3).is(TokenType.LPAREN)) {
                return keyColumns(tokens.subList(i + 4, tokens.size()));
            }
        }
        return null;
    }

    private static List<String> keyColumns(List<Token> tokens) {
        List<String> columns = new ArrayList<>();
        boolean expectName = true;
        for (Token t : tokens) {
            if (t.is(TokenType.RPAREN)) {
                return columns.isEmpty() || expectName ? null : columns;
            }
            if (t.is(TokenType.COMMA) && !expectName) {
                expectName = true;
            } else if (expectName && (t.is(TokenType.WORD) || t.is(TokenType.QUOTED_IDENT))) {
                columns.add(t.is(TokenType.WORD) ? Identifiers.quote(t.text().toLowerCase(Locale.ROOT))
                        : t.text());
                expectName = false;
            } else {
                return null;
            }
        }
        return null;
    }
}
