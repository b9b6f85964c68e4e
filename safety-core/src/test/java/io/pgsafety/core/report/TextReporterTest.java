package io.pgsafety.core.report;

import static io.pgsafety.core.report.ReportFixtures.assertGolden;
import static io.pgsafety.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.rules.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextReporterTest {

    @Test
    void matchesGoldenFile() throws Exception {
        assertGolden("report.txt", render(new TextReporter(false, ReportFixtures.RULES), ReportFixtures.sample()));
    }

    @Test
    void coloursOnlyWhenAsked() {
        String plain = render(new TextReporter(false, ReportFixtures.RULES), ReportFixtures.sample());
        String coloured = render(new TextReporter(true, ReportFixtures.RULES), ReportFixtures.sample());
        assertThat(plain).doesNotContain("\u001b[");
        assertThat(coloured).contains("\u001b[1;31merror[create-index-non-concurrent]\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void summaryUsesSingularForOne() {
        String out = render(new TextReporter(false), new AnalysisResult(1, 1, List.of(), Map.of()));
        assertThat(out).isEqualTo("0 errors, 0 warnings, 0 allowed in 1 file (1 statement)\n");
    }

    @Test
    void oddPositionsNeverThrow() {
        List<Finding> odd = List.of(
                finding(0, 0, 0, 0), finding(99, 1, 99, 5), finding(2, 50, 1, 0), finding(1, 3, 2, 0));
        String out = render(new TextReporter(false, ReportFixtures.RULES),
                new AnalysisResult(1, 1, odd, Map.of("f.sql", "SELECT 1;\r\nSELECT\t2;")));
        assertThat(out).contains("1 | SELECT 1;\n  |   ^^^^^^^\n2 | SELECT    2;\n  | ^^^^^^^^^^^^\n");
        assertThat(out).endsWith("0 errors, 4 warnings, 0 allowed in 1 file (1 statement)\n");
    }

    private static Finding finding(int line, int column, int endLine, int endColumn) {
        return new Finding("f.sql", line, column, endLine, endColumn, "r", Severity.WARNING, false, null, null, null,
                List.of(), "m", null, "f.sql");
    }

    @Test
    void wrapsLongParagraphsAndKeepsLineBreaks() {
        assertThat(TextReporter.wrap("aaa bbb ccc\nddd", 7)).containsExactly("aaa bbb", "ccc", "ddd");
    }
}
