package io.pgsafety.flyway.acceptance;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.testsupport.Commands;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Flyway command line ({@code org.flywaydb.commandline.Main}) of the install the build lays
 * out in {@code target/flyway-cli}, with the drop-in jar in {@code lib/plugins/} (or, for
 * {@link #withoutPlugin}, as if it had been taken out): run as the {@code flyway} script runs it,
 * in a working directory of the test's own, with no {@code FLYWAY_*} variable of the build's
 * environment.
 */
final class FlywayCli {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path workDir;
    private final String configFile;
    private final TestDatabase database;
    private final boolean withPlugin;

    /** {@code configFile}: relative to {@code workDir} ({@code flyway.conf} or {@code flyway.toml}). */
    FlywayCli(Path workDir, String configFile, TestDatabase database) {
        this(workDir, configFile, database, true);
    }

    private FlywayCli(Path workDir, String configFile, TestDatabase database, boolean withPlugin) {
        this.workDir = workDir;
        this.configFile = configFile;
        this.database = database;
        this.withPlugin = withPlugin;
    }

    /** The same install with an empty {@code lib/plugins/}, configured by {@code configFile}. */
    static FlywayCli withoutPlugin(Path workDir, String configFile, TestDatabase database) {
        return new FlywayCli(workDir, configFile, database, false);
    }

    /** {@code flyway -configFiles=… -url=… -user=… -password=… <args>}: the connection comes from the command line, the rest from the file. */
    Commands.Result run(String... args) throws IOException, InterruptedException {
        return runWithin(TIMEOUT, args);
    }

    /** As {@link #run}, failing the test when the command has not ended after {@code timeout}. */
    Commands.Result runWithin(Duration timeout, String... args) throws IOException, InterruptedException {
        Path install = Commands.fromProperty("flyway.cli.dir");
        if (!Files.isRegularFile(install.resolve("lib/plugins/safety-flyway.jar"))) {
            throw new IllegalStateException("no drop-in jar in " + install.resolve("lib/plugins")
                    + ": build it first (mvn verify -pl flyway-acceptance -am)");
        }
        String classPath = install.resolve("lib") + File.separator + "*";
        if (withPlugin) {
            classPath += File.pathSeparator + install.resolve("lib/plugins") + File.separator + "*";
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classPath, "org.flywaydb.commandline.Main", "-skipCheckForUpdate", "-configFiles=" + configFile,
                "-url=" + database.jdbcUrl(), "-user=" + database.user(), "-password=" + database.password()));
        command.addAll(List.of(args));
        return Commands.run(workDir, Map.of("REDGATE_DISABLE_TELEMETRY", "true"), Set.of("FLYWAY_"), command, timeout);
    }
}
