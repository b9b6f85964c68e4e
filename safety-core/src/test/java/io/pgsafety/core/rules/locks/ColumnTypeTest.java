package io.pgsafety.core.rules.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTypeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "character varying(20)          | varchar     | 20   | 0",
        "character varying              | varchar     |      | 0",
        "numeric(10,2)                  | numeric     | 10,2 | 0",
        "timestamp(3) without time zone | timestamp   | 3    | 0",
        "timestamp with time zone       | timestamptz |      | 0",
        "time(0) with time zone         | timetz      | 0    | 0",
        "integer[]                      | int4        |      | 1",
        "character(2)                   | bpchar      | 2    | 0",
        "bit varying(8)                 | varbit      | 8    | 0",
        "public.money_amount            | public.money_amount | | 0",
    })
    void parsesFormatTypeSpellings(String formatted, String name, String modifiers, int dims) {
        ColumnType type = ColumnType.parseFormatted(formatted).orElseThrow();
        assertThat(type.name()).isEqualTo(name);
        assertThat(type.modifiers()).isEqualTo(modifiers == null ? List.of()
                : java.util.Arrays.stream(modifiers.split(",")).map(Integer::valueOf).toList());
        assertThat(type.arrayDimensions()).isEqualTo(dims);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "character varying(20)       | character varying(40)    | true",
        "character varying(20)       | character varying(10)    | false",
        "character varying(20)       | text                     | true",
        "character varying           | character varying(10)    | false",
        "text                        | character varying        | true",
        "text                        | character varying(10)    | false",
        "numeric(10,2)               | numeric(12,2)            | true",
        "numeric(10,2)               | numeric(12,3)            | false",
        "numeric(10,2)               | numeric                  | true",
        "numeric                     | numeric(10,2)            | false",
        "cidr                        | inet                     | true",
        "inet                        | cidr                     | false",
        "timestamp(3) without time zone | timestamp(6) without time zone | true",
        "timestamp without time zone | timestamp(6) without time zone | true",
        "timestamp without time zone | timestamp(3) without time zone | false",
        "timestamp without time zone | timestamp with time zone | false",
        "bit varying(8)              | bit varying              | true",
        "character(2)                | text                     | false",
        "integer                     | bigint                   | false",
        "integer[]                   | bigint[]                 | false",
        "integer                     | integer                  | true",
    })
    void decidesRewriteFreeChanges(String from, String to, boolean free) {
        ColumnType a = ColumnType.parseFormatted(from).orElseThrow();
        ColumnType b = ColumnType.parseFormatted(to).orElseThrow();
        assertThat(a.changesWithoutRewriteTo(b)).isEqualTo(free);
    }

    @Test
    void partitionBoundsBecomeCheckConditions() {
        QualifiedName parent = new QualifiedName("app", "events", null);
        assertThat(PartitionBound.condition("FOR VALUES FROM (MINVALUE) TO ('2024-01-01')", parent, List.of("at")))
                .isEqualTo("at IS NOT NULL AND at < '2024-01-01'");
        assertThat(PartitionBound.condition("FOR VALUES IN ('a,b', NULL)", parent, List.of("k")))
                .isEqualTo("(k IS NULL OR k IN ('a,b'))");
        assertThat(PartitionBound.condition("FOR VALUES WITH (modulus 8, remainder 3)", parent, List.of("id")))
                .isEqualTo("satisfies_hash_partition('app.events'::regclass, 8, 3, id)");
        assertThat(PartitionBound.condition("FOR VALUES FROM (1, 2) TO (3, 4)", parent, List.of("a", "b"))).isNull();
        assertThat(PartitionBound.condition("DEFAULT", parent, List.of("k"))).isNull();
    }
}
