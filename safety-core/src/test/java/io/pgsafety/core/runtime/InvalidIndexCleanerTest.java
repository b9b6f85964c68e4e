package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static io.pgsafety.core.testing.EmbeddedDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.testing.DatabaseTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvalidIndexCleanerTest extends DatabaseTest {


    @BeforeEach
    void tableWithDuplicates() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, """
                    DROP SCHEMA IF EXISTS "Shop" CASCADE;
                    CREATE SCHEMA "Shop";
                    CREATE TABLE "Shop".items (sku text, name text);
                    INSERT INTO "Shop".items VALUES ('a', 'x'), ('a', 'y');
                    CREATE INDEX items_name_idx ON "Shop".items (name);
                    """);
            failConcurrentBuild(c, "CREATE UNIQUE INDEX CONCURRENTLY \"Items_Sku\" ON \"Shop\".items (sku)");
            failConcurrentBuild(c, "CREATE UNIQUE INDEX CONCURRENTLY items_sku_name ON \"Shop\".items (sku, (1))");
        }
    }

    private static void failConcurrentBuild(Connection c, String sql) {
        assertThatThrownBy(() -> execute(c, sql)).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
    }

    private static QualifiedName shop(String name) {
        return new QualifiedName("Shop", name, null);
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        return queryString(c, "SELECT to_regclass('\"Shop\".\"" + name + "\"')::text") != null;
    }

    @Test
    void dropsTheInvalidIndexSoTheBuildCanBeRetried() throws SQLException {
        try (Connection c = db.connect()) {
            assertThat(new InvalidIndexCleaner(c).dropIfInvalid(shop("Items_Sku"))).isTrue();
            assertThat(exists(c, "Items_Sku")).isFalse();
            assertThat(exists(c, "items_sku_name")).as("only the named one").isTrue();

            execute(c, "DELETE FROM \"Shop\".items WHERE name = 'y'");
            execute(c, "CREATE UNIQUE INDEX CONCURRENTLY \"Items_Sku\" ON \"Shop\".items (sku)");
            assertThat(queryString(c, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = '\"Shop\".\"Items_Sku\"'::regclass"))
                    .isEqualTo("true");
        }
    }

    @Test
    void leavesValidAndMissingIndexesAlone() throws SQLException {
        try (Connection c = db.connect()) {
            InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
            assertThat(cleaner.dropIfInvalid(shop("items_name_idx"))).isFalse();
            assertThat(cleaner.dropIfInvalid(shop("no_such_index"))).isFalse();
            assertThat(exists(c, "items_name_idx")).isTrue();
        }
    }

    @Test
    void dropsTheInvalidIndexesATableGainedSinceALook() throws SQLException {
        try (Connection c = db.connect()) {
            InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
            Set<Long> before = cleaner.invalidIndexesOn(List.of(shop("items")));
            failConcurrentBuild(c, "CREATE UNIQUE INDEX CONCURRENTLY ON \"Shop\".items (sku)");

            List<QualifiedName> dropped = new ArrayList<>();
            cleaner.dropNewInvalidIndexesOn(List.of(shop("items_name_idx")), before, dropped::add);

            assertThat(dropped).as("an index stands for its table").containsExactly(shop("items_sku_idx"));
            assertThat(exists(c, "Items_Sku")).as("there before the look").isTrue();
            assertThat(exists(c, "items_name_idx")).isTrue();
            assertThat(queryString(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isEqualTo("2");
        }
    }

    @Test
    void dropsInvalidIndexesThatDuplicateAValidOneAndNoOthers() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "DELETE FROM \"Shop\".items WHERE name = 'y'");
            execute(c, "CREATE INDEX items_sku_plain ON \"Shop\".items (sku)");
            InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
            List<QualifiedName> dropped = new ArrayList<>();

            cleaner.dropInvalidTwinsOn(List.of(shop("items")), dropped::add);
            assertThat(dropped).as("a unique index is no twin of a plain one").isEmpty();

            execute(c, "CREATE UNIQUE INDEX CONCURRENTLY ON \"Shop\".items (sku)");
            cleaner.dropInvalidTwinsOn(List.of(shop("items")), dropped::add);

            assertThat(dropped).as("the earlier failed build of the index just made").containsExactly(shop("Items_Sku"));
            assertThat(exists(c, "items_sku_name")).as("no valid twin: (sku, (1))").isTrue();
            assertThat(exists(c, "items_sku_idx")).isTrue();
        }
    }

    @Test
    void followsSearchPath() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "SET search_path = \"Shop\"");
            assertThat(new InvalidIndexCleaner(c).dropIfInvalid(new QualifiedName(null, "Items_Sku", null))).isTrue();
        }
    }

    @Test
    void refusesAConnectionInsideATransaction() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> new InvalidIndexCleaner(c).dropIfInvalid(shop("Items_Sku")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("auto-commit");
        }
    }
}
