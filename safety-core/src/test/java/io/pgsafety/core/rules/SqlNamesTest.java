package io.pgsafety.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected names were produced by PostgreSQL 15 for the same statements. */
class SqlNamesTest {

    private static String defaultIndexName(String sql) {
        var parsed = SqlParser.parse(sql).statements().get(0);
        return SqlNames.defaultIndexName((Statement.CreateIndex) parsed.statement(), parsed.tokens());
    }

    private static String checkName(String table, String sql) {
        var parsed = SqlParser.parse(sql).statements().get(0);
        var alter = (Statement.AlterTable) parsed.statement();
        var add = (io.pgsafety.core.sql.ast.AlterAction.AddConstraint) alter.actions().get(0);
        return SqlNames.check(table, SqlNames.checkColumn(add.constraint().expression()));
    }

    @Test
    void indexNamesFollowIndexColumnNames() {
        assertThat(defaultIndexName("CREATE INDEX ON t (a)")).isEqualTo("t_a_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t (a, b DESC NULLS LAST)")).isEqualTo("t_a_b_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t (lower(b))")).isEqualTo("t_lower_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t ((b::varchar))")).isEqualTo("t_b_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t ((a + 1))")).isEqualTo("t_expr_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t (a, a)")).isEqualTo("t_a_a1_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t (\"Weird Col\")")).isEqualTo("t_Weird Col_idx");
        assertThat(defaultIndexName("CREATE INDEX ON t USING gin (to_tsvector('english', b))"))
                .isEqualTo("t_to_tsvector_idx");
        assertThat(defaultIndexName("CREATE INDEX ON app.t (a text_pattern_ops) WHERE a IS NOT NULL"))
                .isEqualTo("t_a_idx");
    }

    @Test
    void longNamesAreTruncatedLikePostgres() {
        String table = "big_table_name_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        String column = "column_with_a_long_name_bbbbbbbbbbbbbbbbbbbbbbbbbb";
        assertThat(SqlNames.index(table, List.of(column, "c2")))
                .isEqualTo("big_table_name_aaaaaaaaaaaaaa_column_with_a_long_name_bbbbb_idx")
                .hasSize(SqlNames.MAX_IDENTIFIER_BYTES);
        assertThat(SqlNames.makeObjectName("é".repeat(40), null, "pkey").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(SqlNames.MAX_IDENTIFIER_BYTES);
    }

    @Test
    void constraintNames() {
        assertThat(SqlNames.uniqueKey("t", List.of("email"))).isEqualTo("t_email_key");
        assertThat(SqlNames.primaryKey("u")).isEqualTo("u_pkey");
        assertThat(SqlNames.foreignKey("t", List.of("a"))).isEqualTo("t_a_fkey");
        assertThat(SqlNames.exclusion("t", List.of("a", "b"))).isEqualTo("t_a_b_excl");
        assertThat(SqlNames.sequence("t", "id")).isEqualTo("t_id_seq");
        assertThat(SqlNames.notNullCheck("t", "c")).isEqualTo("t_c_not_null");
        assertThat(checkName("t", "ALTER TABLE t ADD CHECK (a > 0)")).isEqualTo("t_a_check");
        assertThat(checkName("t", "ALTER TABLE t ADD CHECK (a > 0 AND id > 0)")).isEqualTo("t_check");
        assertThat(checkName("t", "ALTER TABLE t ADD CHECK (status IN ('a', 'b') OR status IS NULL)"))
                .isEqualTo("t_status_check");
        assertThat(checkName("t", "ALTER TABLE t ADD CHECK (t.created_at > date '2020-01-01')"))
                .isEqualTo("t_created_at_check");
    }
}
