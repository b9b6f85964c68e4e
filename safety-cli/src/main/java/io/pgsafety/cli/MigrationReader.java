package io.pgsafety.cli;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.Migration.Kind;
import io.pgsafety.core.analysis.Migration.TransactionMode;
import io.pgsafety.core.analysis.Migration.UndoStatus;
import io.pgsafety.core.sql.SqlText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SQL files into {@link Migration}s the way their tool runs them: Flyway by file name,
 * Liquibase formatted SQL, goose and dbmate by their marker comments, diesel by its
 * {@code up.sql}/{@code down.sql} pair; anything else is plain SQL, run as psql runs a file.
 * SQL cut out of a file keeps its place through {@link Migration#firstLine()}.
 */
final class MigrationReader {

    private static final Pattern GOOSE_MARKER =
            Pattern.compile("\\s*--\\s*\\+goose\\s+(up|down|no\\s+transaction)\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBMATE_MARKER =
            Pattern.compile("\\s*--\\s*migrate:(up|down)\\b(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBMATE_NO_TRANSACTION =
            Pattern.compile("\\btransaction:false\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIESEL_NO_TRANSACTION =
            Pattern.compile("(?m)^\\s*run_in_transaction\\s*=\\s*false\\s*(#.*)?$");
    private static final Pattern LEADING_VERSION = Pattern.compile("^(\\d+)");

    private static final Pattern GOOSE_OR_DBMATE_UP =
            Pattern.compile("(?im)^\\s*--\\s*(\\+goose\\s+up|migrate:up)\\b");
    private static final Pattern FLYWAY_VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
    private static final Pattern FLYWAY_REPEATABLE = Pattern.compile("R__.+\\.sql");

    private final Pattern flywayUndo;

    MigrationReader(String undoPrefix) {
        this.flywayUndo = Pattern.compile(Pattern.quote(undoPrefix) + "(\\d+(?:[._]\\d+)*)__.+\\.sql");
    }

    /**
     * The analysis runs in {@code files}: each plain SQL file is a run of its own; the migrations
     * a tool runs from one PATH argument form one run, in the order the tool applies them (Flyway
     * versioned scripts by version, then repeatables, then the other tools' migrations in path
     * order), with every down migration after them, last applied first, so what a down
     * migration does is never taken as the state an up migration starts from.
     */
    List<List<Migration>> runs(List<SourceFile> files) throws CliException {
        Set<String> undoVersions = new HashSet<>();
        Map<Path, SourceFile> byFile = new HashMap<>();
        for (SourceFile f : files) {
            byFile.put(f.file().toAbsolutePath().normalize(), f);
            Matcher undo = flywayUndo.matcher(f.fileName());
            if (undo.matches() && format(f) == Format.FLYWAY) {
                undoVersions.add(normalizeVersion(undo.group(1)));
            }
        }
        List<List<Migration>> runs = new ArrayList<>();
        Map<Integer, List<Placed>> histories = new LinkedHashMap<>();
        for (SourceFile f : files) {
            Format format = format(f);
            List<Migration> migrations = read(f, format, undoVersions, byFile);
            if (format == Format.PLAIN) {
                runs.add(migrations);
                continue;
            }
            List<Placed> history = histories.computeIfAbsent(f.root(), r -> new ArrayList<>());
            boolean flyway = format == Format.FLYWAY;
            for (Migration m : migrations) {
                history.add(new Placed(m, flyway, history.size()));
            }
        }
        for (List<Placed> history : histories.values()) {
            history.sort(Placed.RUN_ORDER);
            List<Migration> run = new ArrayList<>(history.size());
            for (Placed p : history) {
                run.add(p.migration());
            }
            runs.add(run);
        }
        return runs;
    }

    /** A migration of a history with what decides its place in the run. */
    private record Placed(Migration migration, boolean flyway, int index) {

        /**
         * Ups before downs; among Flyway scripts by version (downs newest first), among the
         * others by path (downs last first). Each group is all Flyway or none, so this is a
         * consistent order.
         */
        static final Comparator<Placed> RUN_ORDER = Comparator.comparingInt(Placed::rank)
                .thenComparing(Placed::flyway)
                .thenComparing(Placed::byFlywayVersion)
                .thenComparingInt(p -> p.rank() == 3 ? -p.index : p.index);

        private static int byFlywayVersion(Placed a, Placed b) {
            String x = a.migration.version();
            String y = b.migration.version();
            if (!a.flyway || x == null || y == null) {
                return 0;
            }
            return a.rank() == 3 ? compareVersions(y, x) : compareVersions(x, y);
        }

        /** 0 Flyway versioned, 1 Flyway repeatable, 2 other up migrations, 3 down migrations. */
        int rank() {
            Kind kind = migration.kind();
            if (kind == Kind.DOWN) {
                return 3;
            }
            if (flyway) {
                return kind == Kind.REPEATABLE ? 1 : 0;
            }
            return 2;
        }
    }

    /** Compares normalised versions ({@code 1.10} after {@code 1.9}) part by part, as numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].length() != y[i].length() ? Integer.compare(x[i].length(), y[i].length())
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** How a file's tool is recognised: by content first, then by name. */
    private enum Format { LIQUIBASE, GOOSE_OR_DBMATE, DIESEL, FLYWAY, PLAIN }

    private Format format(SourceFile f) {
        if (LiquibaseFormattedSql.matches(f.text())) {
            return Format.LIQUIBASE;
        }
        if (isGooseOrDbmate(f.text())) {
            return Format.GOOSE_OR_DBMATE;
        }
        String name = f.fileName();
        if (name.equals("up.sql") || name.equals("down.sql")) {
            return Format.DIESEL;
        }
        if (FLYWAY_VERSIONED.matcher(name).matches() || flywayUndo.matcher(name).matches()
                || FLYWAY_REPEATABLE.matcher(name).matches()) {
            return Format.FLYWAY;
        }
        return Format.PLAIN;
    }

    private List<Migration> read(SourceFile f, Format format, Set<String> undoVersions, Map<Path, SourceFile> byFile)
            throws CliException {
        return switch (format) {
            case LIQUIBASE -> LiquibaseFormattedSql.migrations(f);
            case GOOSE_OR_DBMATE -> gooseOrDbmate(f);
            case DIESEL -> List.of(diesel(f, byFile));
            case FLYWAY -> List.of(flyway(f, undoVersions));
            case PLAIN -> List.of(Migration.builder(f.path(), f.text()).build());
        };
    }

    private Migration flyway(SourceFile f, Set<String> undoVersions) throws CliException {
        Matcher versioned = FLYWAY_VERSIONED.matcher(f.fileName());
        Matcher undo = flywayUndo.matcher(f.fileName());
        Migration.Builder b = Migration.builder(f.path(), f.text());
        if (versioned.matches()) {
            String version = normalizeVersion(versioned.group(1));
            b.kind(Kind.UP).version(version)
                    .undo(undoVersions.contains(version) ? UndoStatus.PRESENT : UndoStatus.MISSING);
        } else if (undo.matches()) {
            b.kind(Kind.DOWN).version(normalizeVersion(undo.group(1)));
        } else {
            b.kind(Kind.REPEATABLE);
        }
        return b.transactionMode(flywayExecutesInTransaction(f) ? TransactionMode.WRAPPED_EXCEPT_CONCURRENT
                : TransactionMode.AUTOCOMMIT).build();
    }

    /** A goose ({@code -- +goose Up}) or dbmate ({@code -- migrate:up}) file. */
    private static List<Migration> gooseOrDbmate(SourceFile f) {
        Lines lines = Lines.of(f.text());
        int gooseUp = 0;
        int gooseDown = 0;
        boolean gooseNoTransaction = false;
        int dbmateUp = 0;
        int dbmateDown = 0;
        boolean dbmateUpNoTransaction = false;
        boolean dbmateDownNoTransaction = false;
        for (int n = 1; n <= lines.count(); n++) {
            String line = lines.line(n);
            if (!line.contains("--")) {
                continue;
            }
            Matcher goose = GOOSE_MARKER.matcher(line);
            Matcher dbmate = DBMATE_MARKER.matcher(line);
            if (goose.matches()) {
                switch (goose.group(1).toLowerCase(Locale.ROOT).charAt(0)) {
                    case 'u' -> gooseUp = gooseUp == 0 ? n : gooseUp;
                    case 'd' -> gooseDown = gooseDown == 0 ? n : gooseDown;
                    default -> gooseNoTransaction = true;
                }
            } else if (dbmate.matches()) {
                boolean noTransaction = DBMATE_NO_TRANSACTION.matcher(dbmate.group(2)).find();
                if (dbmate.group(1).equalsIgnoreCase("up") && dbmateUp == 0) {
                    dbmateUp = n;
                    dbmateUpNoTransaction = noTransaction;
                } else if (dbmate.group(1).equalsIgnoreCase("down") && dbmateDown == 0) {
                    dbmateDown = n;
                    dbmateDownNoTransaction = noTransaction;
                }
            }
        }
        if (gooseUp > 0) {
            TransactionMode tx = gooseNoTransaction ? TransactionMode.AUTOCOMMIT : TransactionMode.WRAPPED;
            return upAndDown(f, lines, gooseUp, gooseDown, tx, tx);
        }
        return upAndDown(f, lines, dbmateUp, dbmateDown,
                dbmateUpNoTransaction ? TransactionMode.AUTOCOMMIT : TransactionMode.WRAPPED,
                dbmateDownNoTransaction ? TransactionMode.AUTOCOMMIT : TransactionMode.WRAPPED);
    }

    /**
     * The up section (after line {@code upMarker}) as an UP migration and, when it holds SQL, the
     * down section (after {@code downMarker}, 0 for none) as a DOWN migration of the same path.
     */
    private static List<Migration> upAndDown(SourceFile f, Lines lines, int upMarker, int downMarker,
            TransactionMode upTx, TransactionMode downTx) {
        String version = leadingVersion(f.fileName());
        String upSql = section(lines, upMarker, downMarker);
        String downSql = downMarker > 0 ? section(lines, downMarker, upMarker) : "";
        boolean hasDown = SqlText.hasStatement(downSql);
        List<Migration> result = new ArrayList<>(2);
        result.add(Migration.builder(f.path(), upSql).kind(Kind.UP).transactionMode(upTx).version(version)
                .undo(hasDown ? UndoStatus.PRESENT : UndoStatus.MISSING).firstLine(upMarker + 1).build());
        if (hasDown) {
            result.add(Migration.builder(f.path(), downSql).kind(Kind.DOWN).transactionMode(downTx).version(version)
                    .firstLine(downMarker + 1).build());
        }
        return result;
    }

    /** The lines after {@code marker} up to {@code otherMarker} when that comes later, else to the end. */
    private static String section(Lines lines, int marker, int otherMarker) {
        int end = otherMarker > marker ? otherMarker : lines.count() + 1;
        return lines.range(marker + 1, end);
    }

    /** A diesel {@code up.sql} or {@code down.sql}, with {@code metadata.toml} beside it. */
    private static Migration diesel(SourceFile f, Map<Path, SourceFile> byFile) throws CliException {
        Path dir = f.file().toAbsolutePath().normalize().getParent();
        Path dirName = dir == null ? null : dir.getFileName();
        String version = dirName == null ? null : dirName.toString().split("_", 2)[0];
        String metadata = dir == null ? null : readSibling(dir.resolve("metadata.toml"), f);
        TransactionMode tx = metadata != null && DIESEL_NO_TRANSACTION.matcher(metadata).find()
                ? TransactionMode.AUTOCOMMIT : TransactionMode.WRAPPED;
        Migration.Builder b = Migration.builder(f.path(), f.text()).transactionMode(tx).version(version);
        if (f.fileName().equals("down.sql")) {
            return b.kind(Kind.DOWN).build();
        }
        SourceFile listedDown = dir == null ? null : byFile.get(dir.resolve("down.sql"));
        String down = listedDown != null ? listedDown.text()
                : dir == null ? null : readSibling(dir.resolve("down.sql"), f);
        boolean hasDown = down != null && SqlText.hasStatement(down);
        return b.kind(Kind.UP).undo(hasDown ? UndoStatus.PRESENT : UndoStatus.MISSING).build();
    }

    /**
     * Flyway runs a script in a transaction unless its script configuration file
     * ({@code V1__x.sql.conf}) says {@code executeInTransaction=false}.
     */
    private static boolean flywayExecutesInTransaction(SourceFile f) throws CliException {
        Path conf = f.file().resolveSibling(f.fileName() + ".conf");
        if (!Files.isRegularFile(conf)) {
            return true;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(conf, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(f.path() + ".conf: cannot read (" + e.getMessage() + ")");
        }
        return !"false".equalsIgnoreCase(p.getProperty("executeInTransaction", "true").trim());
    }

    /** Text of a companion file the tool reads next to {@code f}; null when there is none. */
    private static String readSibling(Path sibling, SourceFile f) throws CliException {
        if (!Files.isRegularFile(sibling)) {
            return null;
        }
        try {
            return new String(Files.readAllBytes(sibling), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(f.path() + ": cannot read " + sibling.getFileName() + " beside it ("
                    + e.getMessage() + ")");
        }
    }

    private static boolean isGooseOrDbmate(String text) {
        return (text.contains("+goose") || text.contains("migrate:")) && GOOSE_OR_DBMATE_UP.matcher(text).find();
    }

    /** Flyway compares versions numerically: {@code 1_01} and {@code 1.1.0} are the same version. */
    static String normalizeVersion(String version) {
        String[] parts = version.split("[._]");
        int last = parts.length - 1;
        while (last > 0 && parts[last].matches("0+")) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            String part = parts[i].replaceFirst("^0+(?=\\d)", "");
            sb.append(i > 0 ? "." : "").append(part);
        }
        return sb.toString();
    }

    private static String leadingVersion(String fileName) {
        Matcher m = LEADING_VERSION.matcher(fileName);
        return m.find() ? m.group(1) : null;
    }
}
