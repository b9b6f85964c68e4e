package io.pgsafety.core.report;

import static io.pgsafety.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GithubReporterTest {

    @Test
    void escapesDataAndProperties() {
        assertThat(GithubReporter.data("100% done\r\nnext: a,b")).isEqualTo("100%25 done%0D%0Anext: a,b");
        assertThat(GithubReporter.property("a:b,c%\n")).isEqualTo("a%3Ab%2Cc%25%0A");
    }

    @Test
    void writesOneCommandPerFinding() {
        String out = render(new GithubReporter(), ReportFixtures.sample());
        String[] lines = out.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("::error file=db/migration/V3__idx.sql,line=2,col=1,endLine=2,endColumn=57,"
                + "title=create-index-non-concurrent::CREATE INDEX without CONCURRENTLY holds a SHARE lock on"
                + " public.orders for the whole index build: every INSERT, UPDATE and DELETE on the table waits until"
                + " the index is built, which on a large table takes minutes.%0A%0ASafe alternative:%0A-- Migration 1:"
                + " build the index without blocking writes (outside a transaction)%0ACREATE INDEX CONCURRENTLY"
                + " orders_customer_idx ON orders (customer_id);");
        assertThat(lines[1]).startsWith("::warning file=db/migration/V4 fk%2C \"quoted\".sql,line=1,col=1,endLine=3,");
        assertThat(lines[2]).startsWith("::notice file=db/migration/V4 fk%2C \"quoted\".sql,line=4,col=1,endLine=10,"
                + "endColumn=13,title=unbatched-data-change (allowed)::Allowed: table has 12 rows");
        assertThat(lines[3]).startsWith("::warning file=gone.sql,line=7,col=3,endLine=7,endColumn=9,"
                + "title=unparsed-statement::Could not parse");
    }

    @Test
    void formatsAreFoundByName() {
        assertThat(Reporters.forFormat("github")).isInstanceOf(GithubReporter.class);
        assertThat(Reporters.forFormat("SARIF")).isInstanceOf(SarifReporter.class);
    }
}
