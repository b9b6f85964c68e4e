package io.pgsafety.cli;

import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.liquibase.PlannedChangeSet;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import liquibase.Contexts;
import liquibase.GlobalConfiguration;
import liquibase.LabelExpression;
import liquibase.RuntimeEnvironment;
import liquibase.Scope;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.visitor.ChangeSetVisitor;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.DatabaseList;
import liquibase.database.OfflineConnection;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import liquibase.parser.ChangeLogParserConfiguration;
import liquibase.parser.ChangeLogParserConfiguration.MissingIncludeConfiguration;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Reads Liquibase XML, YAML and JSON changelogs without a database: each root changelog is parsed
 * with its includes, its changesets are filtered as {@code liquibase update} would for an offline
 * PostgreSQL database ({@code offline:postgresql?version=N}: dbms, contexts, labels, ignore), and
 * each becomes analyzer input through the Liquibase extension's own code
 * ({@link PlannedChangeSet}: the SQL of every change from Liquibase's SQL generators,
 * {@code <modifySql>} applied, rollback, {@code safety:*} attributes), named
 * {@code file::id::author} with the file as Liquibase names it.
 *
 * <p>A root is a changelog no other changelog of the run reads. Candidates are parsed shallowest
 * first (a master usually sits above what it includes), and one that an earlier root already read
 * is not parsed again; a root a later one turns out to include is dropped.
 *
 * <p>Only this class and those it uses touch Liquibase: {@link Lint} calls it only when a run has
 * changelogs.
 */
final class LiquibaseChangelogs {

    private final Path workingDir;
    private final Contexts contexts;
    private final LabelExpression labels;
    private final Database database;
    private final Map<Path, SourceFile> known = new HashMap<>();
    private final Map<Path, SourceFile> extra = new LinkedHashMap<>();
    private final Map<Path, ChangelogOutline> outlines = new HashMap<>();
    /** Line tables of the texts findings are located in (changelogs and generated SQL), by identity. */
    private final Map<String, Lines> lineTables = new IdentityHashMap<>();
    private final Set<String> changeNames;
    private final LiquibaseWarnings log;

    /** A changeset as analysed and where it is. */
    private record Located(PlannedChangeSet planned, SourceFile file, ChangelogOutline.ChangeSetPlaces places) {}

    /** A root changelog read: the real paths of every file it read, and its analysis run. */
    private record Root(SourceFile file, Path real, Set<Path> read, AnalysisRun run) {}

    private LiquibaseChangelogs(Path workingDir, LintOptions options, Database database, LiquibaseWarnings log) {
        this.workingDir = workingDir;
        this.log = log;
        this.contexts = new Contexts(options.contexts());
        this.labels = new LabelExpression(options.labels());
        this.database = database;
        this.changeNames = Scope.getCurrentScope().getSingleton(ChangeFactory.class).getDefinedChanges();
    }

    /**
     * Reads the {@code changelogs} (XML, YAML, JSON) as Liquibase would for PostgreSQL
     * {@code pgVersion}; {@code inputs} are all the files of the run, which the changelogs may
     * read (a formatted SQL changelog, a {@code sqlFile}) as well.
     */
    static ChangelogRead read(List<SourceFile> changelogs, List<SourceFile> inputs, LintOptions options, int pgVersion,
            Path workingDir) throws CliException {
        LiquibaseWarnings log = new LiquibaseWarnings();
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.logService.name(), log);
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        // lint reports what it can reach; a missing include is a warning, not the end of the run
        scope.put(ChangeLogParserConfiguration.ON_MISSING_INCLUDE_CHANGELOG.getKey(), MissingIncludeConfiguration.WARN);
        scope.put(ChangeLogParserConfiguration.ON_MISSING_SQL_FILE.getKey(), MissingIncludeConfiguration.WARN);
        // no XSD validation (update does it): the bundled 4.33 has no XSD of newer versions (dbchangelog-5.0.xsd)
        scope.put(GlobalConfiguration.VALIDATE_XML_CHANGELOG_FILES.getKey(), false);
        try {
            return Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(
                        new OfflineConnection("offline:postgresql?version=" + pgVersion, null));
                return new LiquibaseChangelogs(workingDir, options, database, log).readAll(changelogs, inputs);
            });
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot read the Liquibase changelogs (" + e + ")");
        }
    }

    private ChangelogRead readAll(List<SourceFile> changelogs, List<SourceFile> inputs) throws CliException {
        List<SourceFile> candidates = new ArrayList<>(changelogs);
        for (SourceFile f : inputs) {
            known.put(InputFiles.realPath(f.file()), f);
        }
        candidates.sort(Comparator.comparingInt((SourceFile f) -> f.file().toAbsolutePath().normalize().getNameCount())
                .thenComparing(SourceFile::path));
        Set<Path> readByRoots = new LinkedHashSet<>();
        List<Root> roots = new ArrayList<>();
        for (SourceFile candidate : candidates) {
            if (!readByRoots.contains(InputFiles.realPath(candidate.file()))) {
                Root root = readRoot(candidate);
                roots.add(root);
                root.read().stream().filter(p -> !p.equals(root.real())).forEach(readByRoots::add);
            }
        }
        roots.removeIf(r -> readByRoots.contains(r.real()));
        roots.sort(Comparator.comparingInt(r -> changelogs.indexOf(r.file())));
        List<AnalysisRun> runs = new ArrayList<>();
        Set<Path> read = new LinkedHashSet<>();
        for (Root root : roots) {
            runs.add(root.run());
            read.addAll(root.read());
        }
        List<SourceFile> outside = new ArrayList<>();
        for (Map.Entry<Path, SourceFile> e : extra.entrySet()) {
            if (read.contains(e.getKey())) {
                outside.add(e.getValue());
            }
        }
        return new ChangelogRead(runs, outside, read, List.copyOf(log.warnings));
    }

    /** Parses {@code file} with everything it includes and turns its changesets into one run. */
    private Root readRoot(SourceFile file) throws CliException {
        Path dir = file.file().toAbsolutePath().normalize().getParent();
        String name = file.fileName();
        try (SearchPath searchPath = new SearchPath(dir)) {
            return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), searchPath), () -> {
                ChangeLogParameters parameters = new ChangeLogParameters(database);
                parameters.setContexts(contexts);
                parameters.setLabels(labels);
                DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance().getParser(name, searchPath)
                        .parse(name, parameters, searchPath);
                Map<ChangeSet, Integer> occurrences = occurrences(changeLog);
                List<ChangeSet> changeSets = new ArrayList<>();
                new ChangeLogIterator(changeLog, new ContextChangeSetFilter(contexts), new LabelChangeSetFilter(labels),
                        new DbmsChangeSetFilter(database), new IgnoreChangeSetFilter())
                        .run(new Collector(changeSets), new RuntimeEnvironment(database, contexts, labels));
                // names are unique within a root, not across roots: each run places its own findings
                Map<String, Located> byMigration = new HashMap<>();
                List<Migration> ups = new ArrayList<>();
                List<Migration> downs = new ArrayList<>();
                for (ChangeSet changeSet : changeSets) {
                    Located located = plan(changeSet, occurrences.getOrDefault(changeSet, 0), searchPath);
                    ups.add(located.planned().migration());
                    byMigration.putIfAbsent(located.planned().migration().name(), located);
                    Migration rollback = located.planned().rollbackMigration();
                    if (rollback != null) {
                        downs.add(rollback);
                        byMigration.putIfAbsent(rollback.name(), located);
                    }
                }
                Collections.reverse(downs);
                List<Migration> run = new ArrayList<>(ups);
                run.addAll(downs);
                return new Root(file, InputFiles.realPath(file.file()), searchPath.read,
                        new AnalysisRun(run, f -> locate(f, byMigration.get(f.migration()))));
            });
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException(file.path() + ": cannot read the Liquibase changelog (" + reason(e) + ")");
        }
    }

    private Located plan(ChangeSet changeSet, int occurrence, SearchPath searchPath) throws CliException, IOException {
        Path file = searchPath.realPath(changeSet.getChangeLog().getPhysicalFilePath());
        SourceFile source = file == null ? null : source(file);
        PlannedChangeSet planned = PlannedChangeSet.of(changeSet, database);
        for (String problem : planned.problems()) {
            log.warnings.add(planned.name() + ": " + problem);
        }
        for (Change change : changeSet.getChanges()) {
            if (change instanceof UnreadCustomChange) {
                log.warnings.add(planned.name() + ": customChange " + ((UnreadCustomChange) change).getClassName()
                        + " is Java code; lint does not analyse it");
            }
        }
        ChangelogOutline.ChangeSetPlaces places = source == null ? null
                : outline(file, source).find(changeSet.getId(), changeSet.getAuthor(), occurrence);
        return new Located(planned, source, places);
    }

    /** How many changesets with the same file, id and author come before each one. */
    private static Map<ChangeSet, Integer> occurrences(DatabaseChangeLog changeLog) {
        Map<ChangeSet, Integer> result = new IdentityHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ChangeSet c : changeLog.getChangeSets()) {
            String key = c.getChangeLog().getPhysicalFilePath() + "\u0000" + c.getId() + "\u0000" + c.getAuthor();
            int n = seen.merge(key, 1, Integer::sum) - 1;
            result.put(c, n);
        }
        return result;
    }

    private SourceFile source(Path real) throws CliException {
        SourceFile f = known.get(real);
        if (f == null) {
            f = extra.get(real);
        }
        if (f == null) {
            String shown = InputFiles.displayPath(real, workingDir);
            f = new SourceFile(shown, real, InputFiles.read(real, shown), 0);
            extra.put(real, f);
        }
        return f;
    }

    private ChangelogOutline outline(Path real, SourceFile source) {
        return outlines.computeIfAbsent(real, p -> ChangelogOutline.of(source.fileName(), source.text(), changeNames,
                dbms -> dbms == null || dbms.isBlank() || DatabaseList.definitionMatches(dbms, database, true)));
    }

    /**
     * Points a finding of a changeset at its place in the changelog: the SQL itself where the
     * changelog holds it word for word ({@code sql} changes, formatted SQL), else the change
     * that generated it (the changeset for a finding about the changeset as a whole), with the
     * generated statement in the message and the alternative in changelog terms first.
     */
    private Finding locate(Finding f, Located located) {
        if (located == null) {
            return f;
        }
        PlannedChangeSet.Origin origin = located.planned().origin(f);
        boolean aboutChangeSet = f.object() != null && f.object().equals(f.migration());
        Migration migration = origin.rollback() ? located.planned().rollbackMigration() : located.planned().migration();
        Where where = located.places() == null ? Where.FIRST_LINE
                : where(located, origin, aboutChangeSet, migration.sql(), f);
        String message = f.message();
        String generated = statementLines(migration.sql(), f);
        if (!where.quoted() && !aboutChangeSet && generated != null && origin.changeType() != null) {
            message = message + " (SQL of " + origin.changeType() + (origin.rollback() ? " in the rollback" : "")
                    + ": " + generated + ")";
        }
        String alternative = f.safeAlternative();
        if (origin.advice() != null) {
            alternative = "in the changelog: " + origin.advice()
                    + (alternative == null || alternative.isBlank() ? "" : "\n" + alternative);
        }
        return new Finding(located.file() == null ? f.file() : located.file().path(), where.line(), where.column(),
                where.endLine(), where.endColumn(), f.rule(), f.severity(), f.allowed(), f.reason(), f.object(),
                f.lock(), f.blocks(), message, alternative, f.migration());
    }

    /** A span of a changelog file; {@code quoted} when it is the finding's own SQL, found in the file. */
    private record Where(int line, int column, int endLine, int endColumn, boolean quoted) {
        static final Where FIRST_LINE = new Where(1, 1, 1, 1, false);
    }

    /**
     * Where the finding is in its changeset's file: the SQL of an {@code sql} change or of
     * formatted SQL where the file holds it word for word, else the element of the change.
     */
    private Where where(Located located, PlannedChangeSet.Origin origin, boolean aboutChangeSet, String sql, Finding f) {
        ChangelogOutline.ChangeSetPlaces places = located.places();
        ChangelogOutline.Place at = aboutChangeSet ? changeSetPlace(places, origin)
                : place(places, origin, located.planned().changeSet());
        String text = located.file().text();
        String span = !aboutChangeSet && origin.change() instanceof AbstractSQLChange ? span(sql, f) : null;
        int found = span == null || span.isBlank() ? -1 : text.indexOf(span, at.offset());
        if (found < 0 || found + span.length() > places.end()) {
            return new Where(at.line(), at.column(), at.line(), at.column() + at.length() - 1, false);
        }
        Lines lines = lines(text);
        int line = lines.lineAt(found);
        int last = found + span.length() - 1;
        int endLine = lines.lineAt(last);
        return new Where(line, found - lines.startOf(line) + 1, endLine, last - lines.startOf(endLine) + 1, true);
    }

    /**
     * The element of the change the finding comes from: a change of the changeset, or of its
     * {@code <rollback>}; a rollback Liquibase derives from the changes points at the change it undoes.
     */
    private static ChangelogOutline.Place place(ChangelogOutline.ChangeSetPlaces places,
            PlannedChangeSet.Origin origin, ChangeSet changeSet) {
        if (origin.rollback()) {
            int index = indexOf(changeSet.getRollback().getChanges(), origin.change());
            if (index >= 0 && index < places.rollbackChanges().size()) {
                return places.rollbackChanges().get(index);
            }
        }
        int index = indexOf(changeSet.getChanges(), origin.change());
        return index >= 0 && index < places.changes().size() ? places.changes().get(index)
                : changeSetPlace(places, origin);
    }

    private static int indexOf(List<Change> changes, Change change) {
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i) == change) {
                return i;
            }
        }
        return -1;
    }

    /** The changeset, or its rollback for a rollback finding. */
    private static ChangelogOutline.Place changeSetPlace(ChangelogOutline.ChangeSetPlaces places, PlannedChangeSet.Origin origin) {
        return origin.rollback() && places.rollback() != null ? places.rollback() : places.start();
    }

    private Lines lines(String text) {
        return lineTables.computeIfAbsent(text, Lines::of);
    }

    /** The text of the finding's span in the generated SQL (its end column is inclusive); null when out of range. */
    private String span(String sql, Finding f) {
        Lines lines = lines(sql);
        if (f.line() < 1 || f.line() > lines.count()) {
            return null;
        }
        int from = Math.min(sql.length(), lines.startOf(f.line()) + Math.max(0, f.column() - 1));
        int endLine = Math.min(Math.max(f.line(), f.endLine()), lines.count());
        int to = f.endColumn() > 0 ? lines.startOf(endLine) + f.endColumn()
                : lines.startOf(endLine) + lines.line(endLine).length();
        to = Math.max(from, Math.min(to, sql.length()));
        return sql.substring(from, to);
    }

    /** The generated SQL lines the finding spans, on one line and cut short; null when out of range. */
    private String statementLines(String sql, Finding f) {
        Lines lines = lines(sql);
        if (f.line() < 1 || f.line() > lines.count()) {
            return null;
        }
        String flat = lines.range(f.line(), Math.min(Math.max(f.line(), f.endLine()), lines.count()) + 1)
                .strip().replaceAll("\\s+", " ").replaceAll(";$", "");
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }

    private static String reason(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t.getMessage().startsWith(t.getCause().getClass().getName()))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Collects the changesets that pass the filters, in changelog order. */
    private record Collector(List<ChangeSet> changeSets) implements ChangeSetVisitor {
        @Override
        public Direction getDirection() {
            return Direction.FORWARD;
        }

        @Override
        public void visit(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
                Set<liquibase.changelog.filter.ChangeSetFilterResult> filterResults) {
            changeSets.add(changeSet);
        }
    }

    /**
     * Liquibase's view of the files: the root changelog's folder and every folder above it,
     * nearest first (so that both {@code relativeToChangelogFile} includes and paths from a
     * resources folder such as {@code db/changelog/…} resolve); the first folder that has a path
     * wins. Remembers the real path of every file it finds ({@code found}) and of every file
     * Liquibase opens ({@code read}: changelogs, {@code sqlFile}s).
     */
    private static final class SearchPath implements ResourceAccessor {
        private final List<DirectoryResourceAccessor> folders = new ArrayList<>();
        private final Map<String, Path> found = new HashMap<>();
        final Set<Path> read = new LinkedHashSet<>();

        SearchPath(Path dir) throws FileNotFoundException {
            for (Path d = dir; d != null; d = d.getParent()) {
                folders.add(new DirectoryResourceAccessor(d));
            }
        }

        @Override
        public List<Resource> search(String path, boolean recursive) throws IOException {
            for (DirectoryResourceAccessor folder : folders) {
                List<Resource> resources = folder.search(path, recursive);
                if (resources != null && !resources.isEmpty()) {
                    List<Resource> recorded = new ArrayList<>();
                    for (Resource r : resources) {
                        recorded.add(new Recorded(r));
                    }
                    return recorded;
                }
            }
            return new ArrayList<>();
        }

        @Override
        public List<Resource> getAll(String path) throws IOException {
            for (DirectoryResourceAccessor folder : folders) {
                List<Resource> resources = folder.getAll(path);
                if (resources != null && !resources.isEmpty()) {
                    Resource resource = resources.get(0);
                    Path file = file(resource);
                    if (file != null) {
                        found.putIfAbsent(path, file);
                    }
                    return List.of(new Recorded(resource));
                }
            }
            return new ArrayList<>();
        }

        /** The real path of a file Liquibase knows as {@code path}; null when there is none. */
        Path realPath(String path) throws IOException {
            if (!found.containsKey(path)) {
                getAll(path);
            }
            return found.get(path);
        }

        private static Path file(Resource resource) {
            URI uri = resource.getUri();
            return resource.exists() && uri != null && "file".equals(uri.getScheme())
                    ? InputFiles.realPath(Path.of(uri)) : null;
        }

        @Override
        public List<String> describeLocations() {
            List<String> all = new ArrayList<>();
            for (DirectoryResourceAccessor folder : folders) {
                all.addAll(folder.describeLocations());
            }
            return all;
        }

        @Override
        public void close() {
            for (DirectoryResourceAccessor folder : folders) {
                try {
                    folder.close();
                } catch (Exception e) {
                    // a folder accessor holds no open file
                }
            }
        }

        /** A file as Liquibase sees it; opening it, or one beside it, is recorded. Lint writes nothing. */
        private final class Recorded implements Resource {
            private final Resource resource;

            Recorded(Resource resource) {
                this.resource = resource;
            }

            @Override
            public InputStream openInputStream() throws IOException {
                Path file = file(resource);
                if (file != null) {
                    read.add(file);
                }
                return resource.openInputStream();
            }

            @Override
            public Resource resolve(String other) {
                return new Recorded(resource.resolve(other));
            }

            @Override
            public Resource resolveSibling(String other) {
                return new Recorded(resource.resolveSibling(other));
            }

            @Override
            public String getPath() {
                return resource.getPath();
            }

            @Override
            public boolean exists() {
                return resource.exists();
            }

            @Override
            public URI getUri() {
                return resource.getUri();
            }

            @Override
            public boolean isWritable() {
                return false;
            }

            @Override
            public OutputStream openOutputStream(OpenOptions openOptions) throws IOException {
                throw new IOException(getPath() + ": lint writes no files");
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Recorded && ((Recorded) o).resource.equals(resource);
            }

            @Override
            public int hashCode() {
                return resource.hashCode();
            }

            @Override
            public String toString() {
                return resource.toString();
            }
        }
    }

    /**
     * The warnings of a read: lint's own and Liquibase's (first line of each; Liquibase's other
     * messages are dropped, and none reaches stdout, where the report goes).
     */
    private static final class LiquibaseWarnings extends AbstractLogService {
        final Set<String> warnings = Collections.synchronizedSet(new LinkedHashSet<>());

        @Override
        public int getPriority() {
            return PRIORITY_NOT_APPLICABLE;
        }

        @Override
        public Logger getLog(Class clazz) {
            return new AbstractLogger() {
                @Override
                public void log(Level level, String message, Throwable e) {
                    if (level.intValue() >= Level.WARNING.intValue() && message != null && !message.isBlank()) {
                        String first = message.strip().lines().findFirst().orElse("");
                        warnings.add(first.endsWith(":") ? first.substring(0, first.length() - 1) : first);
                    }
                }
            };
        }
    }
}
