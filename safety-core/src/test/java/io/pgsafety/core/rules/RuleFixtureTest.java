package io.pgsafety.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every {@code fixtures/rules/<rule-id>.sql}: each case must produce exactly the expected findings. */
class RuleFixtureTest {

    static Path fixtureDir() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(RuleFixtureTest.class.getResource("/fixtures/rules")).toURI());
    }

    @TestFactory
    Stream<DynamicContainer> fixtures() throws Exception {
        List<DynamicContainer> containers = new ArrayList<>();
        try (Stream<Path> files = Files.list(fixtureDir())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String rule = p.getFileName().toString().replaceFirst("\\.sql$", "");
                String text = Files.readString(p, StandardCharsets.UTF_8);
                List<DynamicTest> tests = new ArrayList<>();
                tests.add(DynamicTest.dynamicTest("is a known rule", () ->
                        assertThat(RuleRegistry.knownIds()).contains(rule)));
                for (RuleFixture c : RuleFixture.parse(p.getFileName().toString(), rule, text)) {
                    tests.add(DynamicTest.dynamicTest(c.name, () ->
                            assertThat(c.verify()).as(rule + " / " + c.name).isEmpty()));
                }
                containers.add(DynamicContainer.dynamicContainer(rule, tests));
            }
        }
        return containers.stream();
    }

    @Test
    void everyRuleHasAFixtureWithAPositiveCase() throws IOException, URISyntaxException {
        Path dir = fixtureDir();
        for (String id : RuleRegistry.knownIds()) {
            Path f = dir.resolve(id + ".sql");
            assertThat(f).as("fixture for " + id).exists();
            assertThat(Files.readString(f)).as("positive case in fixture for " + id).contains("-- expect: " + id);
        }
    }
}
