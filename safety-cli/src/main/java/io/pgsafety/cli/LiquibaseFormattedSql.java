package io.pgsafety.cli;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.Migration.Kind;
import io.pgsafety.core.analysis.Migration.TransactionMode;
import io.pgsafety.core.analysis.Migration.UndoStatus;
import io.pgsafety.core.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liquibase formatted SQL: each {@code --changeset author:id} is a migration named
 * {@code path::id::author}, with its {@code --rollback} lines as a separate down migration.
 * Both keep every line (others blanked, the {@code --rollback} prefix turned into spaces), so
 * findings point at the file's own lines and columns.
 */
final class LiquibaseFormattedSql {

    private static final Pattern FIRST_LINE =
            Pattern.compile("\\s*--\\s*liquibase\\s+formatted\\s+sql\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGESET = Pattern.compile(
            "\\s*--\\s*changeset\\s+(\"[^\"]+\"|[^:]+)\\s*:\\s*(\"[^\"]+\"|\\S+)(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RUN_IN_TRANSACTION =
            Pattern.compile("\\brunInTransaction:\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBMS = Pattern.compile("\\bdbms:\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK = Pattern.compile("(\\s*--\\s*rollback\\b)(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_START =
            Pattern.compile("\\s*/\\*\\s*liquibase\\s+rollback\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_END = Pattern.compile("\\s*\\*/\\s*");

    /** A {@code --changeset author:id attributes…} line. */
    record Header(String author, String id, String attributes) {

        /** The header on {@code line}; null when it is not one. */
        static Header of(String line) {
            Matcher m = CHANGESET.matcher(line);
            return m.matches() ? new Header(unquote(m.group(1)), unquote(m.group(2)), m.group(3)) : null;
        }

        /** False when the changeset's {@code dbms:} list leaves PostgreSQL out. */
        boolean forPostgres() {
            return LiquibaseFormattedSql.forPostgres(attributes);
        }
    }

    private LiquibaseFormattedSql() {}

    /** Whether {@code line} starts the changeset's rollback ({@code --rollback} or a rollback block). */
    static boolean isRollback(String line) {
        return ROLLBACK.matcher(line).matches() || ROLLBACK_BLOCK_START.matcher(line).matches();
    }

    /** Liquibase reads a file as formatted SQL when its first line says so. */
    static boolean matches(String text) {
        int end = text.indexOf('\n');
        return FIRST_LINE.matcher(end < 0 ? text : text.substring(0, end)).matches();
    }

    static List<Migration> migrations(SourceFile f) {
        Lines lines = Lines.of(f.text());
        List<Integer> lineNumbers = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        for (int n = 1; n <= lines.count(); n++) {
            Header header = Header.of(lines.line(n));
            if (header != null) {
                lineNumbers.add(n);
                headers.add(header);
            }
        }
        List<Migration> result = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            int end = i + 1 < headers.size() ? lineNumbers.get(i + 1) : lines.count() + 1;
            Header header = headers.get(i);
            if (header.forPostgres()) {
                changeset(f, lines, lineNumbers.get(i), end, header.author(), header.id(), header.attributes(), result);
            }
        }
        return result;
    }

    private static void changeset(SourceFile f, Lines lines, int header, int end, String author, String id,
            String attributes, List<Migration> result) {
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        boolean inRollbackBlock = false;
        for (int n = header + 1; n < end; n++) {
            String raw = lines.rawLine(n);
            String line = lines.line(n);
            String lineBreak = raw.substring(line.length());
            Matcher rollback = ROLLBACK.matcher(line);
            if (inRollbackBlock) {
                inRollbackBlock = !ROLLBACK_BLOCK_END.matcher(line).matches();
                up.append(lineBreak);
                down.append(inRollbackBlock ? raw : lineBreak);
            } else if (ROLLBACK_BLOCK_START.matcher(line).matches()) {
                inRollbackBlock = true;
                up.append(lineBreak);
                down.append(lineBreak);
            } else if (rollback.matches()) {
                up.append(lineBreak);
                String sql = rollback.group(2);
                if (!sql.isBlank() && !sql.strip().equalsIgnoreCase("not required")
                        && !sql.strip().equalsIgnoreCase("empty")) {
                    down.append(" ".repeat(rollback.group(1).length())).append(sql);
                }
                down.append(lineBreak);
            } else {
                up.append(raw);
                down.append(lineBreak);
            }
        }
        Matcher tx = RUN_IN_TRANSACTION.matcher(attributes);
        TransactionMode mode = tx.find() && tx.group(1).equalsIgnoreCase("false")
                ? TransactionMode.AUTOCOMMIT : TransactionMode.WRAPPED;
        String name = f.path() + "::" + id + "::" + author;
        boolean hasRollback = SqlText.hasStatement(down.toString());
        result.add(Migration.builder(f.path(), up.toString()).name(name).kind(Kind.UP).transactionMode(mode)
                .version(id).undo(hasRollback ? UndoStatus.PRESENT : UndoStatus.MISSING)
                .firstLine(header + 1).build());
        if (hasRollback) {
            result.add(Migration.builder(f.path(), down.toString()).name(name).kind(Kind.DOWN).transactionMode(mode)
                    .version(id).firstLine(header + 1).build());
        }
    }

    /** False when the changeset's {@code dbms:} list leaves PostgreSQL out. */
    private static boolean forPostgres(String attributes) {
        Matcher m = DBMS.matcher(attributes);
        if (!m.find()) {
            return true;
        }
        boolean onlyExclusions = true;
        for (String dbms : m.group(1).toLowerCase(Locale.ROOT).split(",")) {
            String name = dbms.strip();
            if (name.equals("postgresql") || name.equals("all")) {
                return true;
            }
            if (name.equals("!postgresql") || name.equals("none")) {
                return false;
            }
            onlyExclusions &= name.startsWith("!");
        }
        return onlyExclusions;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
