package io.pgsafety.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/spring-boot.md} and the README's Spring Boot section show what the examples and
 * tests run: each code block is marked {@code <!-- copied from PATH -->} (its lines are a run of
 * that file's lines) or {@code <!-- output asserted by PATH -->} (a test that checks that output),
 * and the key table lists every key of the contract with its default.
 */
class SpringBootDocsTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("safety.repository", "..")).toAbsolutePath();
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- (copied from|output asserted by) (\\S+) -->\\n)?```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    void everyCodeBlockOfThePageComesFromAFileThatIsExercised() throws IOException {
        List<String> problems = checkBlocks(Path.of("docs/spring-boot.md"), true);
        assertThat(problems).isEmpty();
    }

    @Test
    void markedCodeBlocksOfTheReadmeAreCopiedFaithfully() throws IOException {
        List<String> problems = checkBlocks(Path.of("README.md"), false);
        assertThat(problems).isEmpty();
    }

    @Test
    void keyTableListsEveryKeyWithItsDefault() throws IOException {
        String page = Files.readString(REPOSITORY.resolve("docs/spring-boot.md"));
        for (ConfigKey key : ConfigKey.values()) {
            String row = "| `" + SafetySettings.kebabCase(key.key()) + "` | " + key.defaultValue() + " | "
                    + key.description() + " |";
            assertThat(page).as("docs/spring-boot.md key table").contains(row);
        }
    }

    private static List<String> checkBlocks(Path document, boolean everyBlockMarked) throws IOException {
        String text = Files.readString(REPOSITORY.resolve(document));
        List<String> problems = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String kind = m.group(1);
            String block = m.group(3);
            String firstLine = block.lines().findFirst().orElse("");
            if (kind == null) {
                if (everyBlockMarked) {
                    problems.add(document + ": block starting '" + firstLine + "' names no source");
                }
                continue;
            }
            Path source = REPOSITORY.resolve(m.group(2));
            if (!Files.isRegularFile(source)) {
                problems.add(document + ": " + m.group(2) + " does not exist");
            } else if (kind.equals("copied from") && !isRunOfLines(block, Files.readString(source))) {
                problems.add(document + ": block starting '" + firstLine + "' is not in " + m.group(2));
            } else if (kind.equals("output asserted by") && !assertsALineOf(block, Files.readString(source))) {
                problems.add(document + ": " + m.group(2) + " asserts no line of the block starting '" + firstLine + "'");
            }
        }
        return problems;
    }

    /** The block's lines, indentation aside, appear one after another in the file. */
    private static boolean isRunOfLines(String block, String file) {
        String wanted = block.lines().map(String::strip).collect(Collectors.joining("\n"));
        String all = file.lines().map(String::strip).collect(Collectors.joining("\n"));
        return ("\n" + all + "\n").contains("\n" + wanted + "\n");
    }

    /** The test asserts a string (of some length) that is part of a line of the output. */
    private static boolean assertsALineOf(String block, String test) {
        Matcher literal = STRING_LITERAL.matcher(test);
        List<String> asserted = new ArrayList<>();
        while (literal.find()) {
            if (literal.group(1).length() >= 20) {
                asserted.add(literal.group(1));
            }
        }
        return block.lines().anyMatch(line -> asserted.stream().anyMatch(line::contains));
    }
}
