package io.pgsafety.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void statementDetectionIgnoresCommentsAndSemicolons() {
        assertThat(SqlText.hasStatement("-- x\n/* a /* nested */ still */ ;\n")).isFalse();
        assertThat(SqlText.hasStatement("-- x\nDROP TABLE t")).isTrue();
        assertThat(SqlText.hasStatement("")).isFalse();
        assertThat(SqlText.hasStatement("/* never closed DROP TABLE t")).isFalse();
    }

    @Test
    void leadingCommentsEndWhereTheStatementStarts() {
        assertThat(SqlText.afterLeadingComments("-- x\n /* a /* nested */ */ DROP TABLE t; -- y")).isEqualTo(27);
        assertThat(SqlText.afterLeadingComments("  ;")).isEqualTo(2);
        assertThat(SqlText.afterLeadingComments("/* never closed")).isZero();
        assertThat(SqlText.afterLeadingComments("-- only")).isEqualTo(7);
    }
}
