package io.pgsafety.flyway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import io.pgsafety.testsupport.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar as a plugin dependency of the Flyway Maven plugin: {@code mvn flyway:migrate} in
 * a project generated for the test, run by the Maven that runs the build (offline once the
 * plugin's dependencies are in the local repository). 13.1.0 is the newest 13.x plugin whose
 * dependencies all resolve from Maven Central; 11.15.0 predates plugin callbacks (11.16), so it
 * takes the jar without the auto-registered callback and names the callback in its configuration.
 */
@WithPostgres(version = 18)
class FlywayMavenPluginIT {

    private static final String CALLBACK = "io.pgsafety.flyway.SafetyCallback";

    @TempDir
    Path work;

    @Test
    void flyway13BlocksAnUnsafeHistoryBeforeAnythingIsApplied(TestDatabase database) throws Exception {
        Path migrations = unsafeHistoryAtVersion1(database);

        Commands.Result result = migrate("13.1.0", "safety-flyway.jar", null, database, migrations);

        assertBlocked(result, database);
    }

    @Test
    void flyway13MigratesASafeHistory(TestDatabase database) throws Exception {
        Example.copyInto(work);

        Commands.Result result = migrate("13.1.0", "safety-flyway.jar", null, database, work.resolve("migrations"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output()).contains("pg-safety: 8 script(s) analysed, no findings");
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2", "3", "4");
        assertThat(Example.query(database, "SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'orders_customer_id_idx'::regclass")).isEqualTo("t");
    }

    @Test
    void flywayBefore11_16TakesTheExplicitJarAndCallback(TestDatabase database) throws Exception {
        Path migrations = unsafeHistoryAtVersion1(database);

        Commands.Result result = migrate("11.15.0", "safety-flyway-explicit.jar", CALLBACK, database, migrations);

        assertBlocked(result, database);
    }

    /** The example history with the unsafe version 4, applied up to version 1 (so that orders exists). */
    private Path unsafeHistoryAtVersion1(TestDatabase database) throws IOException {
        Example.copyInto(work);
        Example.useUnsafeVersion4(work);
        Path migrations = work.resolve("migrations");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("filesystem:" + migrations).target("1").load().migrate();
        return migrations;
    }

    private static void assertBlocked(Commands.Result result, TestDatabase database) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.output())
                .contains("pg-safety blocked this migrate before any migration ran: nothing was applied")
                .contains(Example.UNSAFE_V4 + ":2:1: error[create-index-non-concurrent]")
                .contains("error[change-column-type]")
                .contains("safe alternative");
        assertThat(Example.appliedVersions(database)).containsExactly("1");
    }

    /**
     * {@code mvn flyway:migrate} with Flyway Maven plugin {@code version}, the jar {@code dropIn}
     * of flyway-callback's build as a plugin dependency, and {@code callback} (or none) in its
     * configuration.
     */
    private Commands.Result migrate(String version, String dropIn, String callback, TestDatabase database,
            Path migrations) throws IOException, InterruptedException {
        Path jar = Commands.fromProperty("safety.flyway.jars").resolve(dropIn);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (mvn verify -pl flyway-acceptance -am)");
        }
        Path project = Files.createDirectories(work.resolve("project-" + version));
        Files.writeString(project.resolve("pom.xml"), pom(version, jar, callback, database, migrations));
        Commands.Result offline = maven(project, version, true);
        boolean needsDownloads = offline.output().contains("offline mode")
                || offline.output().contains("has not been downloaded from it before");
        return needsDownloads ? maven(project, version, false) : offline;
    }

    private static Commands.Result maven(Path project, String version, boolean offline)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-B", "-ntp"));
        if (offline) {
            command.add("-o");
        }
        command.add("org.flywaydb:flyway-maven-plugin:" + version + ":migrate");
        return Commands.maven(project, command);
    }

    private static String pom(String version, Path jar, String callback, TestDatabase database, Path migrations) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>it.pgsafety</groupId>
                  <artifactId>flyway-maven-plugin-it</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.flywaydb</groupId>
                        <artifactId>flyway-maven-plugin</artifactId>
                        <version>%1$s</version>
                        <configuration>
                          <url>%2$s</url>
                          <user>%3$s</user>
                          <password>%4$s</password>
                          <locations><location>filesystem:%5$s</location></locations>
                          %6$s
                        </configuration>
                        <dependencies>
                          <dependency>
                            <groupId>org.flywaydb</groupId>
                            <artifactId>flyway-database-postgresql</artifactId>
                            <version>%1$s</version>
                          </dependency>
                          <dependency>
                            <groupId>org.postgresql</groupId>
                            <artifactId>postgresql</artifactId>
                            <version>%7$s</version>
                          </dependency>
                          <dependency>
                            <groupId>io.pgsafety</groupId>
                            <artifactId>safety-flyway</artifactId>
                            <version>0</version>
                            <scope>system</scope>
                            <systemPath>%8$s</systemPath>
                          </dependency>
                        </dependencies>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(version, database.jdbcUrl(), database.user(), database.password(), migrations,
                callback == null ? "" : "<callbacks><callback>" + callback + "</callback></callbacks>",
                System.getProperty("safety.postgresql.version"), jar);
    }
}
