package io.pgsafety.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Liquibase XML, YAML and JSON changelogs read as analyzer input: one run per root changelog
 * (which places its findings in the changelogs), the real paths of every file the roots read
 * ({@code read}: an included changelog or a {@code sqlFile} is linted only as part of its root),
 * those of them that were not among the inputs ({@code outside}, for the report), and the
 * warnings of the read. Free of Liquibase types, so that SQL-only runs never load Liquibase.
 */
record ChangelogRead(List<AnalysisRun> runs, List<SourceFile> outside, Set<Path> read, List<String> warnings) {

    static final ChangelogRead NONE = new ChangelogRead(List.of(), List.of(), Set.of(), List.of());
}
