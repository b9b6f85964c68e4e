package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar as a user installs it: Liquibase's command line in a JVM of its own whose class
 * path is a Liquibase install (liquibase-core and its dependencies, picocli, the PostgreSQL driver)
 * plus {@code target/safety-liquibase.jar}, and none of this module's classes. Runs after
 * {@code package}, which builds the jar.
 */
class DropInJarIT {

    private static final String SHADED_CORE = "io/pgsafety/liquibase/shaded/core/";

    private static LiquibaseCli postgres;
    private static Path jar;
    private static LiquibaseInstall install;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        jar = Path.of(System.getProperty("safety.dropInJar"));
        install = LiquibaseInstall.from(Path.of(System.getProperty("safety.classpathFiles")));
        postgres = LiquibaseCli.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void jarHoldsOurClassesTheRelocatedCoreServicesAndTheSchemaOnly() throws Exception {
        Set<String> unexpected = new TreeSet<>();
        Set<String> classes = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
                if (!entry.isDirectory() && !name.equals("META-INF/MANIFEST.MF") && !name.startsWith("META-INF/services/")
                        && !name.startsWith("io/pgsafety/liquibase/")
                        && !name.equals("www.pgsafety.io/xml/ns/liquibase-safety/liquibase-safety.xsd")) {
                    unexpected.add(name);
                }
            }
            assertThat(unexpected).as("entries outside our packages").isEmpty();
            assertThat(classes).anyMatch(c -> c.startsWith(SHADED_CORE.replace('/', '.')))
                    .noneMatch(c -> c.startsWith("io.pgsafety.core."));
            assertThat(file.getEntry(SHADED_CORE + "version.properties")).isNotNull();

            for (JarEntry entry : Collections.list(file.entries())) {
                if (!entry.getName().startsWith("META-INF/services/") || entry.isDirectory()) {
                    continue;
                }
                String service = entry.getName().substring("META-INF/services/".length());
                assertThat(service).as("service interface")
                        .matches("liquibase\\..+|io\\.pgsafety\\.liquibase\\.shaded\\.core\\..+");
                String text = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                List<String> implementations = text.lines().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                for (String line : implementations) {
                    assertThat(classes).as("implementation listed in " + service).contains(line);
                }
                if (service.startsWith("liquibase.")) {
                    assertThat(installHolds(service.replace('.', '/') + ".class"))
                            .as("Liquibase has the extension point " + service).isTrue();
                }
            }
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && !name.startsWith("META-INF/")) {
                    assertThat(installHolds(name)).as("clash with the Liquibase install: " + name).isFalse();
                }
            }
        }
    }

    @Test
    void dropInJarAloneBlocksAnUnsafeUpdate() throws Exception {
        String db = postgres.createDatabase();
        postgres.execute(db, "CREATE TABLE customers (id bigint PRIMARY KEY);"
                + " CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: alice
                      changes:
                        - addColumn:
                            tableName: orders
                            columns:
                              - column: {name: note, type: text}
                  - changeSet:
                      id: 2
                      author: alice
                      changes:
                        - addForeignKeyConstraint:
                            baseTableName: orders
                            baseColumnNames: customer_id
                            constraintName: orders_customer_fk
                            referencedTableName: customers
                            referencedColumnNames: id
                """);

        Run run = liquibase(db, "--search-path=" + dir, "--changelog-file=changelog.yaml", "update");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("pg-safety blocked the update").contains("add-foreign-key-validated")
                .contains("validate=\"false\"");
        assertThat(postgres.appliedChangesets(db)).isZero();
    }

    @Test
    void dropInJarRunsTheExampleProjectWithFlagsAndReport() throws Exception {
        String db = postgres.createDatabase();
        Path example = RollbackPairsCliTest.EXAMPLE;
        Path report = dir.resolve("report.json");

        Run run = liquibase(db, "--defaults-file=" + example.resolve("liquibase.properties"), "--search-path=" + example,
                "--safety-report-file=" + report, "update");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(postgres.appliedChangesets(db)).isEqualTo(9);
        assertThat(postgres.queryLong(db, "SELECT count(*) FROM pg_index WHERE indisvalid"
                + " AND indexrelid::regclass::text IN"
                + " ('orders_created_idx', 'orders_status_idx', 'orders_customer_idx')")).isEqualTo(3);
        assertThat(Files.readString(report)).contains("\"tool\": \"safety\"")
                .contains("\"version\": \"" + System.getProperty("safety.version") + "\"");
    }

    /** What one command line run returned and printed. */
    private record Run(int exitCode, String output) {}

    private Run liquibase(String database, String... args) throws IOException, InterruptedException {
        List<String> command = install.javaCommand(List.of(jar), "liquibase.integration.commandline.LiquibaseCommandLine");
        command.addAll(List.of("--show-banner=false", "--analytics-enabled=false",
                "--url=" + postgres.jdbcUrl(database), "--username=postgres", "--password=postgres"));
        command.addAll(List.of(args));
        Path log = dir.resolve("liquibase.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("liquibase did not finish in 3 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println("---- liquibase (drop-in) " + String.join(" ", args) + " -> " + process.exitValue()
                + "\n" + output);
        return new Run(process.exitValue(), output);
    }

    private static boolean installHolds(String entry) throws IOException {
        for (Path path : install.classpath()) {
            if (Files.isRegularFile(path)) {
                try (JarFile file = new JarFile(path.toFile())) {
                    if (file.getEntry(entry) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
