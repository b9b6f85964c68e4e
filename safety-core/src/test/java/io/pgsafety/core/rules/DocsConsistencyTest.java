package io.pgsafety.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule has {@code docs/rules/<id>.md}; its "Bad" example is flagged by the rule and its
 * "Safe alternative" is not, so the pages cannot drift from the code.
 */
class DocsConsistencyTest {

    private static final Pattern OPTIONS = Pattern.compile("<!--\\s*(options:[^>]*?)\\s*-->");

    static Path docsDir() {
        return Path.of(System.getProperty("safety.docs", "../docs/rules"));
    }

    @TestFactory
    List<DynamicTest> everyRulePage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleInfo info : RuleRegistry.all()) {
            String id = info.id();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                Path page = docsDir().resolve(id + ".md");
                assertThat(page).as("docs page for " + id).exists();
                String text = Files.readString(page);
                assertThat(text).startsWith("# " + id);
                Section bad = section(text, "## Bad");
                Section safe = section(text, "## Safe alternative");
                assertThat(flagged(id, bad.sql(), bad.options())).as(id + ": the Bad example must be flagged")
                        .isNotEmpty();
                RuleFixture run = RuleFixture.single(id + ".md", id, safe.sql(), safe.options());
                assertThat(run.analyzeRun(migrations(safe.sql())).findings().stream()
                        .filter(x -> x.rule().equals(id) && !x.allowed()).toList())
                        .as(id + ": the Safe alternative (one migration per part) must not be flagged").isEmpty();
            }));
        }
        return tests;
    }

    private record Section(String sql, String options) {}

    private static Section section(String page, String heading) {
        int at = page.indexOf("\n" + heading + "\n");
        assertThat(at).as("heading " + heading).isGreaterThanOrEqualTo(0);
        int next = page.indexOf("\n## ", at + heading.length() + 1);
        String body = page.substring(at, next < 0 ? page.length() : next);
        int open = body.indexOf("```sql\n");
        assertThat(open).as("```sql block under " + heading).isGreaterThanOrEqualTo(0);
        int close = body.indexOf("\n```", open + 7);
        Matcher m = OPTIONS.matcher(body);
        String options = m.find() ? "-- " + m.group(1) : null;
        return new Section(body.substring(open + 7, close + 1), options);
    }

    /** The parts of a safe alternative that are separate migrations ({@code -- Migration N:}). */
    private static List<String> migrations(String sql) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            if (line.startsWith("-- Migration ") && !current.toString().isBlank()) {
                parts.add(current.toString());
                current.setLength(0);
            }
            current.append(line).append('\n');
        }
        parts.add(current.toString());
        return parts;
    }

    /** Findings of rule {@code id} that are not allowed by a directive. */
    private static List<Finding> flagged(String id, String sql, String options) throws IOException {
        RuleFixture f = RuleFixture.single(id + ".md", id, sql, options);
        return f.analyze().findings().stream().filter(x -> x.rule().equals(id) && !x.allowed()).toList();
    }
}
