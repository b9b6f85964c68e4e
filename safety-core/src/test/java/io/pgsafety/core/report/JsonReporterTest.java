package io.pgsafety.core.report;

import static io.pgsafety.core.report.ReportFixtures.assertGolden;
import static io.pgsafety.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.AnalysisResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReporterTest {

    @Test
    void matchesGoldenFile() throws Exception {
        String json = render(new JsonReporter(), ReportFixtures.sample());
        assertGolden("report.json", json.replace("\"version\": \"" + Tool.version() + "\"", "\"version\": \"@version@\""));
    }

    @Test
    void emptyFindingsIsAnEmptyArray() {
        String json = render(new JsonReporter(), new AnalysisResult(0, 0, List.of(), Map.of()));
        assertThat(json).endsWith("\"statements\": 0,\n  \"findings\": []\n}\n");
    }

    @Test
    void escapedOutputIsPureAsciiAndEncodable() {
        String json = render(new JsonReporter(), ReportFixtures.sample());
        assertThat(json).contains("odd \\u0001 control, line\\u2028separator, lone \\ud800 surrogate, pair \ud83d\ude00,"
                + " tab\\tend.");
        assertThat(json).contains("\"reason\": \"table has 12 rows: \\\"config\\\" \\\\ lookup\"");
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(json)).isTrue();
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(Tool.version()).isNotBlank().doesNotContain("${");
    }
}
