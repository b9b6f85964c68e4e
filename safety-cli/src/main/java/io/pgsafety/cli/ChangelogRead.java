package io.pgsafety.cli;

import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Liquibase XML, YAML and JSON changelogs read as analyzer input: one run per root changelog,
 * the real paths of every file the roots read ({@code read}: an included changelog or a
 * {@code sqlFile} is linted only as part of its root), those of them that were not among the
 * inputs ({@code outside}, for the report), how to point a changeset's finding at its place in
 * the changelog, and Liquibase's warnings. Free of Liquibase types, so that SQL-only runs never
 * load Liquibase.
 */
record ChangelogRead(List<List<Migration>> runs, List<SourceFile> outside, Set<Path> read,
        UnaryOperator<Finding> locate, List<String> warnings) {

    static final ChangelogRead NONE = new ChangelogRead(List.of(), List.of(), Set.of(), f -> f, List.of());
}
