package io.pgsafety.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/spring-boot.md} lists every key of the contract in Spring's kebab-case spelling with
 * its default. (Its code blocks fall under the rule every page follows: {@code DocsCodeBlocksTest}
 * in {@code examples/demo}.)
 */
class SpringBootDocsTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("safety.repository", "..")).toAbsolutePath();

    @Test
    void keyTableListsEveryKeyWithItsDefault() throws IOException {
        String page = Files.readString(REPOSITORY.resolve("docs/spring-boot.md"));
        for (ConfigKey key : ConfigKey.values()) {
            String row = "| `" + SafetySettings.kebabCase(key.key()) + "` | " + key.defaultValue() + " | "
                    + key.description() + " |";
            assertThat(page).as("docs/spring-boot.md key table").contains(row);
        }
    }
}
