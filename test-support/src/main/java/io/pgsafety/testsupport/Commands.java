package io.pgsafety.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as its user would in a terminal (Maven, a shell script, the lint jar) and keeps
 * its exit status and everything it printed: for the tests of any module that runs tools as
 * subprocesses. Such a module's failsafe (or surefire) configuration sets the system properties
 * {@code maven.home} ({@code ${maven.home}}) and {@code maven.repo.local}
 * ({@code ${settings.localRepository}}) that {@link #maven} uses.
 */
public final class Commands {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int OUTPUT_SHOWN = 12_000;

    private Commands() {}

    /** Exit status and output (stdout and stderr together) of one command. */
    public record Result(String command, int exitCode, String output) {

        /** For assertion messages: the command, its exit status and the end of its output. */
        @Override
        public String toString() {
            String shown = output.length() > OUTPUT_SHOWN ? "…" + output.substring(output.length() - OUTPUT_SHOWN) : output;
            return command + " exited with " + exitCode + "; it printed:\n" + shown;
        }
    }

    /** {@code command} in {@code directory}, with {@code environment} added to this JVM's environment. */
    public static Result run(Path directory, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        return run(directory, environment, Set.of(), command, TIMEOUT);
    }

    /**
     * {@code command} in {@code directory}, with {@code environment} added to this JVM's environment
     * and the variables whose names start with one of {@code unsetPrefixes} taken out of it (such as
     * {@code FLYWAY_}, so that the settings of the machine running the build do not reach the tool).
     * Killed when it runs longer than {@code timeout}, which fails the test: a hang shows as a
     * failure naming the command, not as a stalled build.
     */
    public static Result run(Path directory, Map<String, String> environment, Set<String> unsetPrefixes,
            List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> unsetPrefixes.stream().anyMatch(name::startsWith));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(new Result(String.join(" ", command), -1, Files.readString(log, StandardCharsets.UTF_8))
                        + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new Result(String.join(" ", command), process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The Maven that runs this build, with {@code arguments}, using the build's local repository:
     * it downloads what that repository does not hold yet, as on a fresh machine.
     */
    public static Result maven(Path project, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenHome().resolve("bin/mvn").toString(),
                "-Dmaven.repo.local=" + fromProperty("maven.repo.local")));
        command.addAll(arguments);
        return run(project, Map.of(), command);
    }

    /** The installation of the Maven that runs this build. */
    public static Path mavenHome() {
        return fromProperty("maven.home");
    }

    /** A directory or file named by a system property the build sets; fails naming the property when it is missing. */
    public static Path fromProperty(String property) {
        return Path.of(property(property)).toAbsolutePath().normalize();
    }

    /** A system property the build sets; fails naming it when it is missing. */
    public static String property(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run these tests through"
                    + " Maven (mvn verify -pl <module> -am), whose configuration sets it");
        }
        return value;
    }

    /** Copies the files under {@code from} into {@code to}, but build output ({@code target/}). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }
}
