package io.pgsafety.flyway.acceptance;

import io.pgsafety.test.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Flyway command line ({@code org.flywaydb.commandline.Main}) of the install the build lays
 * out in {@code target/flyway-cli}, with the drop-in jar in {@code lib/plugins/}: run as the
 * {@code flyway} script runs it, in a working directory of the test's own.
 */
final class FlywayCli {

    private final Path workDir;
    private final String configFile;
    private final TestDatabase database;

    /** {@code configFile}: relative to {@code workDir} ({@code flyway.conf} or {@code flyway.toml}). */
    FlywayCli(Path workDir, String configFile, TestDatabase database) {
        this.workDir = workDir;
        this.configFile = configFile;
        this.database = database;
    }

    /** {@code flyway -configFiles=… -url=… -user=… -password=… <args>}: the connection comes from the command line, the rest from the file. */
    Processes.Result run(String... args) throws IOException, InterruptedException {
        Path install = Processes.fromProperty("flyway.cli.dir");
        if (!Files.isRegularFile(install.resolve("lib/plugins/safety-flyway.jar"))) {
            throw new IllegalStateException("no drop-in jar in " + install.resolve("lib/plugins")
                    + ": build it first (mvn verify -pl flyway-acceptance -am)");
        }
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", install.resolve("lib") + File.separator + "*" + File.pathSeparator
                        + install.resolve("lib/plugins") + File.separator + "*",
                "org.flywaydb.commandline.Main", "-skipCheckForUpdate", "-configFiles=" + configFile,
                "-url=" + database.jdbcUrl(), "-user=" + database.user(), "-password=" + database.password()));
        command.addAll(List.of(args));
        return Processes.run(workDir, command);
    }
}
