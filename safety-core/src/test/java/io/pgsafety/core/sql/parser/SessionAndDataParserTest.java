package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.Statement.TransactionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transaction control, SET/RESET and UPDATE/DELETE/INSERT. */
class SessionAndDataParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BEGIN | BEGIN", "begin work | BEGIN", "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE | BEGIN",
        "START TRANSACTION READ ONLY | BEGIN", "COMMIT | COMMIT", "COMMIT WORK AND NO CHAIN | COMMIT",
        "END | COMMIT", "END TRANSACTION | COMMIT", "ROLLBACK | ROLLBACK", "ABORT | ROLLBACK",
        "ROLLBACK AND CHAIN | ROLLBACK", "SAVEPOINT s1 | SAVEPOINT", "RELEASE SAVEPOINT s1 | RELEASE",
        "RELEASE s1 | RELEASE", "ROLLBACK TO SAVEPOINT s1 | ROLLBACK_TO", "ROLLBACK WORK TO s1 | ROLLBACK_TO",
        "PREPARE TRANSACTION 'x' | PREPARE", "COMMIT PREPARED 'x' | COMMIT_PREPARED",
        "ROLLBACK PREPARED 'x' | ROLLBACK_PREPARED"})
    void transactionControl(String sql, TransactionKind kind) {
        assertThat(single(sql, Statement.Transaction.class).kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SET lock_timeout = '5s' | lock_timeout | 5s | false",
        "SET LOCAL Statement_Timeout TO 0 | statement_timeout | 0 | true",
        "SET SESSION search_path TO public, 'my schema' | search_path | public, my schema | false",
        "SET TIME ZONE 'UTC' | timezone | UTC | false", "SET TIME ZONE LOCAL | timezone | LOCAL | false",
        "SET myapp.user_id = 42 | myapp.user_id | 42 | false", "SET lock_timeout TO DEFAULT | lock_timeout | DEFAULT | false",
        "SET SCHEMA 'app' | search_path | app | false", "SET NAMES 'UTF8' | client_encoding | UTF8 | false"})
    void setParameter(String sql, String parameter, String value, boolean local) {
        Statement.SetParameter set = single(sql, Statement.SetParameter.class);
        assertThat(set.parameter()).isEqualTo(parameter);
        assertThat(set.value()).isEqualTo(value);
        assertThat(set.local()).isEqualTo(local);
        assertThat(set.reset()).isFalse();
    }

    @Test
    void resetParameter() {
        Statement.SetParameter reset = single("RESET lock_timeout", Statement.SetParameter.class);
        assertThat(reset.reset()).isTrue();
        assertThat(reset.parameter()).isEqualTo("lock_timeout");
        assertThat(reset.value()).isNull();
        assertThat(single("RESET ALL", Statement.SetParameter.class).parameter()).isEqualTo("all");
        assertThat(single("RESET TIME ZONE", Statement.SetParameter.class).parameter()).isEqualTo("timezone");
    }

    @Test
    void update() {
        Statement.Update update = single("UPDATE ONLY app.users AS u SET name = (SELECT n FROM x WHERE x.id = u.id)",
                Statement.Update.class);
        assertThat(update.table().sql()).isEqualTo("app.users");
        assertThat(update.hasWhere()).isFalse();
        assertThat(single("UPDATE t SET a = 1 FROM u WHERE t.id = u.id RETURNING *", Statement.Update.class).hasWhere())
                .isTrue();
        assertThat(single("UPDATE t SET a = 1 WHERE CURRENT OF c", Statement.Update.class).hasWhere()).isTrue();
    }

    @Test
    void delete() {
        Statement.Delete all = single("DELETE FROM t", Statement.Delete.class);
        assertThat(all.table().name()).isEqualTo("t");
        assertThat(all.hasWhere()).isFalse();
        assertThat(single("DELETE FROM ONLY t x USING u WHERE x.a = u.a", Statement.Delete.class).hasWhere()).isTrue();
        assertThat(single("DELETE FROM t WHERE id IN (SELECT id FROM u)", Statement.Delete.class).hasWhere()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INSERT INTO t VALUES (1) | false", "INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT DO NOTHING | false",
        "INSERT INTO t DEFAULT VALUES | false", "INSERT INTO t SELECT * FROM u | true",
        "INSERT INTO t (a) SELECT a FROM u | true", "INSERT INTO t (SELECT * FROM u) | true",
        "INSERT INTO t AS x (a) OVERRIDING SYSTEM VALUE VALUES (1) | false",
        "INSERT INTO t WITH w AS (SELECT 1) SELECT * FROM w | true", "INSERT INTO t TABLE u | true"})
    void insert(String sql, boolean fromQuery) {
        Statement.Insert insert = single(sql, Statement.Insert.class);
        assertThat(insert.table().name()).isEqualTo("t");
        assertThat(insert.fromQuery()).isEqualTo(fromQuery);
    }

    @Test
    void withFindsTheDataChangingStatement() {
        Statement.Delete delete = single("WITH old AS (SELECT id FROM t WHERE x) DELETE FROM t USING old",
                Statement.Delete.class);
        assertThat(delete.hasWhere()).isFalse();
        assertThat(delete.span().column()).isEqualTo(1);
        Statement.Insert insert = single("WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                + "SEARCH DEPTH FIRST BY n SET ord INSERT INTO t SELECT n FROM r", Statement.Insert.class);
        assertThat(insert.fromQuery()).isTrue();
        Statement.Update update = single("WITH u AS MATERIALIZED (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u",
                Statement.Update.class);
        assertThat(update.table().name()).isEqualTo("t");
        assertThat(update.hasWhere()).isFalse();
    }
}
