package io.pgsafety.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code META-INF/spring-configuration-metadata.json} (IDE completion and docs for
 * {@code pg-safety.flyway.*} / {@code pg-safety.liquibase.*}) is what the core's key definitions
 * give. On a difference the expected file is written to {@code target/} to copy over.
 */
class ConfigurationMetadataTest {

    private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

    @Test
    void shippedMetadataDescribesEveryKey() throws IOException {
        String expected = metadata();
        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
            shipped = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!shipped.equals(expected)) {
            Path written = Path.of("target", "spring-configuration-metadata.json");
            Files.writeString(written, expected);
            assertThat(shipped).as("src/main/resources/" + RESOURCE + " is out of date: copy " + written.toAbsolutePath())
                    .isEqualTo(expected);
        }
    }

    private static String metadata() {
        List<String> groups = List.of(
                group(SafetyFlywayAutoConfiguration.PREFIX, "the Flyway migrations"),
                group(SafetyLiquibaseAutoConfiguration.PREFIX, "the Liquibase changesets"));
        List<String> properties = new ArrayList<>();
        for (String prefix : List.of(SafetyFlywayAutoConfiguration.PREFIX, SafetyLiquibaseAutoConfiguration.PREFIX)) {
            for (ConfigKey key : ConfigKey.values()) {
                properties.add(property(prefix, key));
            }
        }
        return "{\n  \"groups\": [\n" + String.join(",\n", groups) + "\n  ],\n  \"properties\": [\n"
                + String.join(",\n", properties) + "\n  ]\n}\n";
    }

    private static String group(String prefix, String what) {
        return "    {\n      \"name\": \"" + prefix + "\",\n      \"description\": \"pg-safety checks of " + what
                + " that Spring Boot runs at start-up.\"\n    }";
    }

    private static String property(String prefix, ConfigKey key) {
        boolean rules = key == ConfigKey.RULES;
        String name = prefix + "." + (rules ? "rules" : SafetySettings.kebabCase(key.key()));
        String type = rules ? "java.util.Map<java.lang.String,java.lang.String>" : "java.lang.String";
        String description = key.description() + (rules ? " Keyed by rule id." : " Default: " + key.defaultValue() + ".");
        return "    {\n      \"name\": \"" + name + "\",\n      \"type\": \"" + type + "\",\n      \"description\": \""
                + description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n    }";
    }
}
