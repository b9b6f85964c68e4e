package io.pgsafety.liquibase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes {@code text} to {@code name} in this test's folder; returns the name. */
    String write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        return name;
    }
}
