package io.pgsafety.core.report;

import static io.pgsafety.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SarifReporterTest {

    private final String sarif = render(new SarifReporter(ReportFixtures.RULES), ReportFixtures.sample());

    @Test
    void hasTheSarifEnvelope() {
        assertThat(sarif).startsWith("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                + "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
                + "          \"name\": \"safety\",");
        assertThat(sarif).contains("\"informationUri\": \"https://github.com/pgsafety/pg-safety\"");
    }

    @Test
    void listsEachReferencedRuleOnceWithDocs() {
        assertThat(sarif.split("\"id\": \"create-index-non-concurrent\"", -1)).hasSize(2);
        assertThat(sarif).contains("\"name\": \"CreateIndexNonConcurrent\"",
                "\"shortDescription\": {\n                \"text\": \"CREATE INDEX without CONCURRENTLY on an existing table\"",
                "\"helpUri\": \"https://github.com/pgsafety/pg-safety/blob/main/docs/rules/create-index-non-concurrent.md\"",
                "\"tags\": [\n                  \"postgresql\",\n                  \"migration\",\n                  \"locks\"");
        assertThat(sarif).contains("\"ruleId\": \"unparsed-statement\",\n          \"ruleIndex\": 3,");
    }

    @Test
    void regionEndColumnIsExclusive() {
        assertThat(sarif).contains("\"startLine\": 2,\n                  \"startColumn\": 1,\n"
                + "                  \"endLine\": 2,\n                  \"endColumn\": 58");
    }

    @Test
    void urisAreRelativeAndEncoded() {
        assertThat(sarif).contains("\"uri\": \"db/migration/V4%20fk%2C%20%22quoted%22.sql\"");
        assertThat(SarifReporter.uri("C:\\work\\a b.sql")).isEqualTo("file:///C:/work/a%20b.sql");
        assertThat(SarifReporter.uri("/srv/m/ä.sql")).isEqualTo("file:///srv/m/%C3%A4.sql");
    }

    @Test
    void allowedFindingsAreSuppressedInSource() {
        assertThat(sarif).contains("\"suppressions\": [\n            {\n              \"kind\": \"inSource\",\n"
                + "              \"justification\": \"table has 12 rows: \\\"config\\\" \\\\ lookup\"");
        assertThat(sarif.split("\"suppressions\"", -1)).hasSize(2);
    }

    @Test
    void messageCarriesTheSafeAlternative() {
        assertThat(sarif).contains("\\n\\nSafe alternative:\\n-- Migration 1: build the index without blocking writes");
        assertThat(sarif).contains("**Safe alternative:**\\n\\n```sql\\n-- Migration 1");
    }
}
