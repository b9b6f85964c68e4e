package io.pgsafety.liquibase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One PostgreSQL server per test class, a folder per test for changelogs and properties. */
abstract class LiquibaseCliTestBase {

    static LiquibaseCli cli;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        cli = LiquibaseCli.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        cli.close();
    }

    /** A fresh database holding the tables {@code ddl} creates. */
    String databaseWith(String ddl) throws Exception {
        String db = cli.createDatabase();
        cli.execute(db, ddl);
        return db;
    }

    /** A fresh database holding customers, and orders with a customer_id column. */
    String databaseWithCustomersAndOrders() throws Exception {
        return databaseWith("CREATE TABLE customers (id bigint PRIMARY KEY);"
                + " CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
    }

    /** A complete XML changelog around {@code changeSets}, with the {@code safety} namespace declared. */
    static String xmlChangelog(String changeSets) {
        return xmlChangelog(List.of(), changeSets);
    }

    /**
     * As {@link #xmlChangelog(String)}, and the root also gives the safety namespace's schema
     * location: Liquibase then validates the safety attributes against the XSD in the extension jar.
     */
    static String xmlChangelogWithSafetySchema(String changeSets) {
        return xmlChangelog(List.of("http://www.pgsafety.io/xml/ns/liquibase-safety",
                "http://www.pgsafety.io/xml/ns/liquibase-safety/liquibase-safety.xsd"), changeSets);
    }

    /** {@code moreSchemaLocations}: namespace and XSD, in pairs, after Liquibase's own. */
    private static String xmlChangelog(List<String> moreSchemaLocations, String changeSets) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:safety="http://www.pgsafety.io/xml/ns/liquibase-safety"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                        http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\
                """ + moreSchemaLocations.stream().map(location -> "\n        " + location)
                        .collect(Collectors.joining()) + "\">\n" + changeSets + "</databaseChangeLog>\n";
    }

    /** Writes {@code text} to {@code name} in this test's folder; returns the name. */
    String write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        return name;
    }
}
