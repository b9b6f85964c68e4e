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
 * The drop-in jar as a plugin dependency of the Flyway Maven plugin: {@code mvn flyway:migrate}
 * run by the Maven that runs the build (offline once the plugin's dependencies are in the local
 * repository). Flyway 13.1.0, the newest 13.x plugin whose dependencies all resolve from Maven
 * Central, runs in a copy of {@code examples/flyway-maven}, as its README says. 11.15.0 predates
 * plugin callbacks (11.16), so it takes the jar without the auto-registered callback and names
 * the callback in its configuration, in a project generated for the test.
 */
@WithPostgres(version = 18)
class FlywayMavenPluginIT {

    private static final String CALLBACK = "io.pgsafety.flyway.SafetyCallback";
    private static final String UNSAFE_V3 = "V3__index_orders_by_date.sql";

    @TempDir
    Path work;

    @Test
    void flyway13MigratesTheExampleAndBlocksItsUnsafeDraft(TestDatabase database) throws Exception {
        Path project = work.resolve("flyway-maven");
        Commands.copyTree(Commands.fromProperty("safety.examples.flyway-maven"), project);

        Commands.Result release = migrateExample(project, database);

        assertThat(release.exitCode()).as(release.toString()).isZero();
        assertThat(release.output()).contains("pg-safety: 4 script(s) analysed, no findings");
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2");
        assertThat(Example.query(database, "SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'orders_customer_id_idx'::regclass")).isEqualTo("t");

        Example.copyFiles(project.resolve("unsafe"), project.resolve("src/main/resources/db/migration"));
        Commands.Result draft = migrateExample(project, database);

        assertThat(draft.exitCode()).as(draft.toString()).isNotZero();
        assertThat(draft.output())
                .contains("pg-safety blocked this migrate before any migration ran: nothing was applied")
                .contains(UNSAFE_V3 + ":3:1: error[create-index-non-concurrent]")
                .contains("safe alternative")
                .contains("BUILD FAILURE");
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2");
        assertThat(Example.query(database, "SELECT to_regclass('orders_created_at_idx')")).isNull();
    }

    @Test
    void flywayBefore11_16TakesTheExplicitJarAndCallback(TestDatabase database) throws Exception {
        Example.copyInto(work);
        Example.useUnsafeVersion4(work);
        Path migrations = work.resolve("migrations");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("filesystem:" + migrations).target("1").load().migrate();
        Path project = Files.createDirectories(work.resolve("project-11.15.0"));
        Files.writeString(project.resolve("pom.xml"), pomFor11_15(dropInJar("safety-flyway-explicit.jar"), database, migrations));

        Commands.Result result = migrate(project, List.of());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.output())
                .contains("pg-safety blocked this migrate before any migration ran: nothing was applied")
                .contains(Example.UNSAFE_V4 + ":2:1: error[create-index-non-concurrent]")
                .contains("error[change-column-type]")
                .contains("safe alternative");
        assertThat(Example.appliedVersions(database)).containsExactly("1");
    }

    /** What the example's README says to run, with the test database and the drop-in jar of this build. */
    private static Commands.Result migrateExample(Path project, TestDatabase database)
            throws IOException, InterruptedException {
        return migrate(project, List.of("-Ddb.url=" + database.jdbcUrl(), "-Ddb.username=" + database.user(),
                "-Ddb.password=" + database.password(), "-Dpg-safety.flyway.jar=" + dropInJar("safety-flyway.jar")));
    }

    private static Path dropInJar(String name) {
        Path jar = Commands.fromProperty("safety.flyway.jars").resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (mvn verify -pl flyway-acceptance -am)");
        }
        return jar;
    }

    /** {@code mvn flyway:migrate} offline, and online when the plugin's dependencies are not in the local repository yet. */
    private static Commands.Result migrate(Path project, List<String> properties)
            throws IOException, InterruptedException {
        Commands.Result offline = maven(project, properties, true);
        boolean needsDownloads = offline.output().contains("offline mode")
                || offline.output().contains("has not been downloaded from it before");
        return needsDownloads ? maven(project, properties, false) : offline;
    }

    private static Commands.Result maven(Path project, List<String> properties, boolean offline)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-B", "-ntp"));
        if (offline) {
            command.add("-o");
        }
        command.addAll(properties);
        command.add("flyway:migrate");
        return Commands.maven(project, command);
    }

    private static String pomFor11_15(Path jar, TestDatabase database, Path migrations) {
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
                        <version>11.15.0</version>
                        <configuration>
                          <url>%1$s</url>
                          <user>%2$s</user>
                          <password>%3$s</password>
                          <locations><location>filesystem:%4$s</location></locations>
                          <callbacks><callback>%5$s</callback></callbacks>
                        </configuration>
                        <dependencies>
                          <dependency>
                            <groupId>org.flywaydb</groupId>
                            <artifactId>flyway-database-postgresql</artifactId>
                            <version>11.15.0</version>
                          </dependency>
                          <dependency>
                            <groupId>org.postgresql</groupId>
                            <artifactId>postgresql</artifactId>
                            <version>%6$s</version>
                          </dependency>
                          <dependency>
                            <groupId>io.pgsafety</groupId>
                            <artifactId>safety-flyway</artifactId>
                            <version>0</version>
                            <scope>system</scope>
                            <systemPath>%7$s</systemPath>
                          </dependency>
                        </dependencies>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(database.jdbcUrl(), database.user(), database.password(), migrations, CALLBACK,
                System.getProperty("safety.postgresql.version"), jar);
    }
}
