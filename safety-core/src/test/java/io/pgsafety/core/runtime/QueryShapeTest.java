package io.pgsafety.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryShapeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT * FROM t WHERE id = 42                    | SELECT * FROM t WHERE id = ?",
        "UPDATE t SET name = 'O''Brien' WHERE a = 1.5e3    | UPDATE t SET name = ? WHERE a = ?",
        "SELECT E'it\\'s', B'0101', X'1F', N'x', U&'d\\0061' | SELECT ?, ?, ?, ?, ?",
        "SELECT $$secret$$, $fn$ body $$ still $fn$, $1    | SELECT ?, ?, $1",
        "SELECT t1.c2, \"Col 'x' 1\" FROM t1              | SELECT t1.c2, \"Col 'x' 1\" FROM t1",
        "SELECT .5, 0x1F, 1_000, -7, a.b                  | SELECT ?, ?, ?, -?, a.b",
        "SELECT 1 -- card 4111\\n  /* pin /* 1234 */ */ FROM t | SELECT ? FROM t",
        "INSERT INTO t VALUES ('unterminated...           | INSERT INTO t VALUES (?",
        "SELECT x::numeric(10,2), arr[1:2]                | SELECT x::numeric(?,?), arr[?:?]",
        "LOCK TABLE t IN ACCESS EXCLUSIVE MODE            | LOCK TABLE t IN ACCESS EXCLUSIVE MODE",
        "SELECT e, x FROM bx WHERE n = 'y'                | SELECT e, x FROM bx WHERE n = ?",
    })
    void replacesLiteralsKeepsTheRest(String sql, String shape) {
        assertThat(QueryShape.withoutLiterals(sql.replace("\\n", "\n"))).isEqualTo(shape.trim());
    }
}
