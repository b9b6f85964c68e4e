package io.pgsafety.flyway.acceptance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command as the user would in a shell, and keeps what it printed. */
final class Processes {

    private static final long TIMEOUT_SECONDS = 300;

    /** Exit status and everything printed (stdout and stderr together). */
    record Result(int exitCode, String output) {

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private Processes() {}

    /** {@code command} in {@code workDir}, with no {@code FLYWAY_*} variable of the build's environment leaking in. */
    static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_"));
        builder.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("no result after " + TIMEOUT_SECONDS + " s: " + command + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }

    /** A directory or file named by a system property the build sets; fails naming the property when it is missing. */
    static Path fromProperty(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run these tests through"
                    + " Maven (mvn verify -pl flyway-acceptance -am)");
        }
        return Paths.get(value);
    }

    /** The java executable of the JVM running the tests. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
