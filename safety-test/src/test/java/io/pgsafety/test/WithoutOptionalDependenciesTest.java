package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.sql.ast.LockMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The kit without Testcontainers, Flyway and Liquibase on the class path: it loads, and gives
 * databases from the embedded server. Run by the build's second test execution, whose class path
 * lacks them (this module's pom); skipped in the other.
 */
@WithPostgres
@EnabledIfSystemProperty(named = "safety.test.without-optional-dependencies", matches = "true")
class WithoutOptionalDependenciesTest {

    /** The classes that adapt the optional dependencies, touched only when those are there. */
    private static final List<String> ADAPTERS = List.of("ContainerServer", "FlywayRoundTrip", "LiquibaseRoundTrip");

    @Test
    void theOptionalDependenciesAreAbsent() {
        for (String name : List.of("org.testcontainers.DockerClientFactory", "org.flywaydb.core.Flyway", "liquibase.Liquibase")) {
            assertThatThrownBy(() -> Class.forName(name)).as(name).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void everyOtherClassOfTheKitLinks() throws Exception {
        Path classes = Path.of(RoundTrip.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path kit = classes.resolve("io/pgsafety/test");
        List<String> names;
        try (Stream<Path> files = Files.list(kit)) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()))
                    .filter(f -> !ADAPTERS.contains(f.split("\\$")[0]))
                    .sorted().toList();
        }
        assertThat(names).contains("RoundTrip", "RoundTrip$Report", "PostgresExtension", "Servers", "WithPostgres");
        for (String name : names) {
            // Initializing links and verifies the class: a method that needs a missing class to verify fails here.
            Class.forName("io.pgsafety.test." + name, true, getClass().getClassLoader());
        }
    }

    @Test
    void givesADatabaseFromTheEmbeddedServer(TestDatabase database) throws SQLException {
        assertThat(database.serverDescription()).doesNotContain("container");
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
        }
        LockTrace trace = LockTracer.on(database).trace("CREATE INDEX orders_customer_idx ON orders (customer_id);");
        assertThat(trace.statement(0).lockOn("public.orders")).contains(LockMode.SHARE);
        try (Connection c = database.open()) {
            assertThat(SchemaSnapshot.take(c).objects()).containsKey("table public.orders");
        }
    }
}
