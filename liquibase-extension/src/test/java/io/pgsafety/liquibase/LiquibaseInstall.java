package io.pgsafety.liquibase;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Liquibase command line install as the build writes it down in {@code target/classpath/}
 * (during {@code pre-integration-test}): liquibase-core with its dependencies, picocli and the
 * PostgreSQL driver, and none of this module's classes. Java commands for JVMs of their own with
 * that class path, the drop-in jar added or not.
 */
public final class LiquibaseInstall {

    private final List<Path> classpath;

    private LiquibaseInstall(List<Path> classpath) {
        this.classpath = classpath;
    }

    /** The install described by the class path files in {@code classpathFiles}. */
    public static LiquibaseInstall from(Path classpathFiles) throws IOException {
        List<Path> all = new ArrayList<>(entries(classpathFiles.resolve("liquibase.classpath")));
        all.addAll(entries(classpathFiles.resolve("cli-and-driver.classpath")));
        return new LiquibaseInstall(all);
    }

    public List<Path> classpath() {
        return classpath;
    }

    /** {@code java -cp <install>:<extra…> mainClass}. */
    public List<String> javaCommand(List<Path> extra, String mainClass) {
        List<Path> path = new ArrayList<>(classpath);
        path.addAll(extra);
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)), mainClass));
    }

    private static List<Path> entries(Path classpathFile) throws IOException {
        String text = Files.readString(classpathFile).strip();
        return text.isEmpty() ? List.of() : List.of(text.split(File.pathSeparator)).stream().map(Path::of).toList();
    }
}
