package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Indexes, drops, maintenance commands, types and domains, generic CREATE. */
class UtilityStatementParserTest {

    @Test
    void createIndex() {
        Statement.CreateIndex index = single(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_code_idx ON ONLY public.orders "
                        + "USING btree (lower(code)) INCLUDE (id) WHERE deleted_at IS NULL",
                Statement.CreateIndex.class);
        assertThat(index.name()).isEqualTo("orders_code_idx");
        assertThat(index.table().sql()).isEqualTo("public.orders");
        assertThat(index.unique()).isTrue();
        assertThat(index.concurrently()).isTrue();
        assertThat(index.ifNotExists()).isTrue();
        assertThat(index.only()).isTrue();
        assertThat(index.definition()).isEqualTo("USING btree (lower(code)) INCLUDE (id) WHERE deleted_at IS NULL");

        Statement.CreateIndex unnamed = single("create index on t (a)", Statement.CreateIndex.class);
        assertThat(unnamed.name()).isNull();
        assertThat(unnamed.unique()).isFalse();
        assertThat(unnamed.concurrently()).isFalse();
        assertThat(unnamed.definition()).isEqualTo("(a)");
        assertThat(single("CREATE INDEX CONCURRENTLY ON t (a)", Statement.CreateIndex.class).concurrently()).isTrue();
    }

    @Test
    void dropIndex() {
        Statement.DropIndex drop = single("DROP INDEX CONCURRENTLY IF EXISTS a, s.b CASCADE", Statement.DropIndex.class);
        assertThat(drop.names()).extracting(QualifiedName::sql).containsExactly("a", "s.b");
        assertThat(drop.concurrently()).isTrue();
        assertThat(drop.ifExists()).isTrue();
        assertThat(drop.cascade()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REINDEX INDEX i | INDEX | false", "REINDEX TABLE CONCURRENTLY t | TABLE | true",
        "REINDEX (CONCURRENTLY) SCHEMA s | SCHEMA | true", "REINDEX (VERBOSE, CONCURRENTLY false) TABLE t | TABLE | false",
        "REINDEX (CONCURRENTLY TRUE, TABLESPACE x) DATABASE d | DATABASE | true", "REINDEX SYSTEM | SYSTEM | false",
        "REINDEX VERBOSE TABLE t | TABLE | false"})
    void reindex(String sql, Statement.ReindexTarget target, boolean concurrently) {
        Statement.Reindex reindex = single(sql, Statement.Reindex.class);
        assertThat(reindex.target()).isEqualTo(target);
        assertThat(reindex.concurrently()).isEqualTo(concurrently);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DROP TABLE IF EXISTS a, b CASCADE | TABLE | a;b | true | true",
        "DROP VIEW v | VIEW | v | false | false", "DROP MATERIALIZED VIEW m RESTRICT | MATERIALIZED_VIEW | m | false | false",
        "DROP SCHEMA app CASCADE | SCHEMA | app | false | true", "DROP DATABASE IF EXISTS db WITH (FORCE) | DATABASE | db | true | false",
        "DROP SEQUENCE s | SEQUENCE | s | false | false", "DROP TYPE mood | TYPE | mood | false | false",
        "DROP DOMAIN d | DOMAIN | d | false | false", "DROP FUNCTION f(int, text), g() | FUNCTION | f;g | false | false",
        "DROP PROCEDURE p | PROCEDURE | p | false | false", "DROP TRIGGER trg ON t CASCADE | TRIGGER | trg | false | true",
        "DROP EXTENSION IF EXISTS postgis | EXTENSION | postgis | true | false",
        "DROP FOREIGN TABLE f | FOREIGN_TABLE | f | false | false", "DROP POLICY p ON t | POLICY | p | false | false",
        "DROP OPERATOR === (int, int) | OPERATOR | === | false | false"})
    void dropObject(String sql, ObjectKind kind, String names, boolean ifExists, boolean cascade) {
        Statement.DropObject drop = single(sql, Statement.DropObject.class);
        assertThat(drop.kind()).isEqualTo(kind);
        assertThat(String.join(";", drop.names().stream().map(QualifiedName::name).toList())).isEqualTo(names);
        assertThat(drop.ifExists()).isEqualTo(ifExists);
        assertThat(drop.cascade()).isEqualTo(cascade);
    }

    @Test
    void dropOfUnmodelledKindsIsOther() {
        assertThat(single("DROP OWNED BY bob", Statement.Other.class).keywords()).isEqualTo("DROP OWNED BY");
        assertThat(single("DROP TEXT SEARCH CONFIGURATION c", Statement.Other.class).keywords())
                .isEqualTo("DROP TEXT SEARCH CONFIGURATION");
        assertThat(single("DROP CAST (int AS text)", Statement.Other.class).keywords()).isEqualTo("DROP CAST");
    }

    @Test
    void truncateVacuumClusterRefresh() {
        Statement.Truncate truncate = single("TRUNCATE TABLE ONLY a, b * RESTART IDENTITY CASCADE",
                Statement.Truncate.class);
        assertThat(truncate.tables()).extracting(QualifiedName::name).containsExactly("a", "b");
        assertThat(truncate.cascade()).isTrue();
        assertThat(single("TRUNCATE a", Statement.Truncate.class).cascade()).isFalse();

        assertThat(single("VACUUM FULL VERBOSE ANALYZE t", Statement.Vacuum.class).full()).isTrue();
        assertThat(single("VACUUM (FULL, ANALYZE) a, b (x, y)", Statement.Vacuum.class).tables()).hasSize(2);
        assertThat(single("VACUUM (FULL true) t", Statement.Vacuum.class).full()).isTrue();
        assertThat(single("VACUUM (FULL off) t", Statement.Vacuum.class).full()).isFalse();
        assertThat(single("VACUUM (VERBOSE)", Statement.Vacuum.class).full()).isFalse();
        assertThat(single("VACUUM", Statement.Vacuum.class).tables()).isEmpty();

        Statement.Cluster cluster = single("CLUSTER VERBOSE t USING t_idx", Statement.Cluster.class);
        assertThat(cluster.table().name()).isEqualTo("t");
        assertThat(cluster.index()).isEqualTo("t_idx");
        Statement.Cluster old = single("CLUSTER t_idx ON t", Statement.Cluster.class);
        assertThat(old.table().name()).isEqualTo("t");
        assertThat(old.index()).isEqualTo("t_idx");
        Statement.Cluster all = single("CLUSTER", Statement.Cluster.class);
        assertThat(all.table()).isNull();
        assertThat(all.index()).isNull();

        Statement.RefreshMaterializedView refresh = single("REFRESH MATERIALIZED VIEW CONCURRENTLY mv WITH NO DATA",
                Statement.RefreshMaterializedView.class);
        assertThat(refresh.concurrently()).isTrue();
        assertThat(refresh.withData()).isFalse();
        assertThat(single("REFRESH MATERIALIZED VIEW mv", Statement.RefreshMaterializedView.class).withData()).isTrue();
    }

    @Test
    void lockTable() {
        Statement.LockTable lock = single("LOCK TABLE ONLY a, b IN SHARE ROW EXCLUSIVE MODE NOWAIT",
                Statement.LockTable.class);
        assertThat(lock.tables()).hasSize(2);
        assertThat(lock.mode()).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
        assertThat(lock.nowait()).isTrue();
        assertThat(single("LOCK t", Statement.LockTable.class).mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
        assertThat(single("LOCK t IN FUNNY MODE", Statement.Unparsed.class).reason()).contains("lock mode");
    }

    @Test
    void alterType() {
        Statement.AlterType add = single("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'it''s ok' BEFORE 'sad'",
                Statement.AlterType.class);
        assertThat(add.action()).isEqualTo(Statement.AlterTypeAction.ADD_VALUE);
        assertThat(add.value()).isEqualTo("it's ok");
        assertThat(add.name().name()).isEqualTo("mood");
        assertThat(single("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", Statement.AlterType.class).value()).isEqualTo("a");
        assertThat(single("ALTER TYPE mood RENAME TO feeling", Statement.AlterType.class).action())
                .isEqualTo(Statement.AlterTypeAction.RENAME);
        assertThat(single("ALTER TYPE mood SET SCHEMA s", Statement.AlterType.class).action())
                .isEqualTo(Statement.AlterTypeAction.SET_SCHEMA);
        assertThat(single("ALTER TYPE mood OWNER TO bob", Statement.AlterType.class).action())
                .isEqualTo(Statement.AlterTypeAction.OWNER);
        assertThat(single("ALTER TYPE comp ADD ATTRIBUTE x int", Statement.AlterType.class).action())
                .isEqualTo(Statement.AlterTypeAction.ADD_ATTRIBUTE);
        assertThat(single("ALTER TYPE comp DROP ATTRIBUTE x", Statement.AlterType.class).action())
                .isEqualTo(Statement.AlterTypeAction.OTHER);
    }

    @Test
    void domains() {
        Statement.CreateDomain domain = single("CREATE DOMAIN posint AS integer DEFAULT 1 NOT NULL "
                + "CONSTRAINT positive CHECK (VALUE > 0)", Statement.CreateDomain.class);
        assertThat(domain.baseType().name()).isEqualTo("int4");
        assertThat(domain.constraints()).extracting(Constraint::kind)
                .containsExactly(Constraint.Kind.NOT_NULL, Constraint.Kind.CHECK);
        assertThat(domain.constraints().get(1).name()).isEqualTo("positive");

        Statement.AlterDomain add = single("ALTER DOMAIN posint ADD CONSTRAINT small CHECK (VALUE < 10) NOT VALID",
                Statement.AlterDomain.class);
        assertThat(add.action()).isEqualTo(Statement.AlterDomainAction.ADD_CONSTRAINT);
        assertThat(add.constraint().notValid()).isTrue();
        assertThat(add.constraint().expression().text()).isEqualTo("VALUE < 10");
        assertThat(single("ALTER DOMAIN d VALIDATE CONSTRAINT small", Statement.AlterDomain.class).action())
                .isEqualTo(Statement.AlterDomainAction.VALIDATE_CONSTRAINT);
        assertThat(single("ALTER DOMAIN d DROP CONSTRAINT IF EXISTS small", Statement.AlterDomain.class).action())
                .isEqualTo(Statement.AlterDomainAction.DROP_CONSTRAINT);
        assertThat(single("ALTER DOMAIN d SET NOT NULL", Statement.AlterDomain.class).action())
                .isEqualTo(Statement.AlterDomainAction.SET_NOT_NULL);
        assertThat(single("ALTER DOMAIN d DROP DEFAULT", Statement.AlterDomain.class).action())
                .isEqualTo(Statement.AlterDomainAction.DROP_DEFAULT);
        assertThat(single("ALTER DOMAIN d RENAME TO e", Statement.AlterDomain.class).action())
                .isEqualTo(Statement.AlterDomainAction.OTHER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE OR REPLACE VIEW s.v AS SELECT 1 | VIEW | s.v",
        "CREATE TEMP RECURSIVE VIEW v (n) AS SELECT 1 | VIEW | v",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1 | MATERIALIZED_VIEW | mv",
        "CREATE SEQUENCE IF NOT EXISTS seq START 1 | SEQUENCE | seq",
        "CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION bob | SCHEMA | app",
        "CREATE SCHEMA AUTHORIZATION bob | SCHEMA | bob",
        "CREATE TYPE mood AS ENUM ('a', 'b') | TYPE | mood",
        "CREATE OR REPLACE FUNCTION f(a int) RETURNS int AS $$ ALTER TABLE t DROP COLUMN c $$ LANGUAGE sql | FUNCTION | f",
        "CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; END | PROCEDURE | p",
        "CREATE CONSTRAINT TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f() | TRIGGER | trg",
        "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" | EXTENSION | uuid-ossp",
        "CREATE FOREIGN TABLE ft (a int) SERVER s | FOREIGN_TABLE | ft",
        "CREATE ROLE app LOGIN | ROLE | app", "CREATE OPERATOR === (leftarg = int) | OPERATOR | ==="})
    void createObject(String sql, ObjectKind kind, String name) {
        Statement.CreateObject create = single(sql, Statement.CreateObject.class);
        assertThat(create.kind()).isEqualTo(kind);
        assertThat(create.name().schema() == null ? create.name().name()
                : create.name().schema() + "." + create.name().name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GRANT SELECT ON t TO bob | GRANT", "REVOKE ALL ON t FROM bob | REVOKE",
        "COMMENT ON TABLE t IS 'x' | COMMENT ON", "CREATE POLICY p ON t USING (true) | CREATE POLICY",
        "ANALYZE t | ANALYZE", "ANALYSE t | ANALYZE", "COPY t FROM stdin | COPY", "SELECT 1 | SELECT",
        "WITH x AS (SELECT 1) SELECT * FROM x | WITH", "(SELECT 1) UNION (SELECT 2) | SELECT",
        "ALTER FUNCTION f() OWNER TO bob | ALTER FUNCTION", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r | ALTER DEFAULT PRIVILEGES",
        "CREATE USER MAPPING FOR bob SERVER s | CREATE USER MAPPING", "CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 < | CREATE OPERATOR CLASS",
        "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f() | CREATE EVENT TRIGGER",
        "CREATE DEFAULT CONVERSION c FOR 'a' TO 'b' FROM f | CREATE CONVERSION",
        "SECURITY LABEL ON TABLE t IS 'x' | SECURITY LABEL", "EXPLAIN SELECT 1 | EXPLAIN",
        "PREPARE q AS SELECT 1 | PREPARE", "SET ROLE admin | SET ROLE", "SET SESSION AUTHORIZATION bob | SET SESSION AUTHORIZATION",
        "SET CONSTRAINTS ALL DEFERRED | SET CONSTRAINTS", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE | SET TRANSACTION",
        "RESET ROLE | RESET ROLE", "CREATE TEXT SEARCH DICTIONARY d (TEMPLATE = simple) | CREATE TEXT SEARCH DICTIONARY",
        "IMPORT FOREIGN SCHEMA s FROM SERVER x INTO y | IMPORT FOREIGN SCHEMA", "CALL p() | CALL",
        "DISCARD ALL | DISCARD ALL", "ALTER SYSTEM SET work_mem = '1MB' | ALTER SYSTEM"})
    void otherStatementsAreClassifiedByLeadingKeyWords(String sql, String keywords) {
        assertThat(single(sql, Statement.Other.class).keywords()).isEqualTo(keywords);
    }
}
