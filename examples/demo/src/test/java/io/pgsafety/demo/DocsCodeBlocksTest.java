package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every code block of {@code README.md} and {@code docs/} is exercised by a test or copied from a
 * file that is. A block passes when one of these holds:
 *
 * <ol>
 *   <li>it is the first block of {@code README.md}: {@link NewcomerTest} runs its commands in a
 *       fresh clone;
 *   <li>the comment right above it is {@value #DEMO_OUTPUT}: {@link DemoTest} finds its lines, in
 *       order, in what the demo prints ({@code …} lines stand for lines left out);
 *   <li>it is a shell block ({@code sh}, {@code bash}, {@code shell}): each of its commands is
 *       written out, character for character, in a test's source or resources ({@code src/test/}),
 *       under {@code examples/}, or in a {@code .ci/} script — which runs it;
 *   <li>any other block (Java, SQL, XML, properties, TOML, YAML, text): its lines, each trimmed and
 *       blank ones left out, appear one after the other in a file under {@code examples/} or under
 *       a {@code src/test/} folder — the file it is copied from, which a test uses;
 *   <li>the comment right above it is {@code output asserted by PATH}: PATH is a test whose string
 *       literals (of 20 characters or more) include part of one of the block's lines.
 * </ol>
 *
 * Rule pages ({@code docs/rules/<id>.md}) are checked by {@code CatalogProofTest}, which runs
 * their bad and safe examples on real servers.
 */
class DocsCodeBlocksTest {

    static final String DEMO_OUTPUT = "demo output";
    private static final String OUTPUT_ASSERTED_BY = "output asserted by ";
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Set<String> SHELL = Set.of("sh", "bash", "shell");

    private static Path root;
    private static List<Source> sources;

    /** A file a block may come from, its lines trimmed and blank ones left out. */
    private record Source(Path path, List<String> lines, String text) {}

    @BeforeAll
    static void readSources() throws IOException {
        root = Repository.root();
        sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(DocsCodeBlocksTest::mayHoldSources).toList()) {
                String text = readText(file);
                if (text != null) {
                    sources.add(new Source(file, normalized(text.lines().toList()), text));
                }
            }
        }
    }

    @Test
    void everyBlockIsExercisedOrCopiedFromAFileThatIs() throws IOException {
        List<String> problems = new ArrayList<>();
        for (CodeBlock block : checkedBlocks()) {
            String problem = problem(block);
            if (problem != null) {
                problems.add(block.where(root) + " (```" + block.info() + "): " + problem);
            }
        }
        assertThat(problems).as("code blocks that no test exercises (the rule: see DocsCodeBlocksTest)").isEmpty();
    }

    /** The blocks of README.md and docs/, but the rule pages. */
    static List<CodeBlock> checkedBlocks() throws IOException {
        Path repository = Repository.root();
        List<CodeBlock> blocks = new ArrayList<>(CodeBlock.of(repository.resolve("README.md")));
        try (Stream<Path> pages = Files.walk(repository.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                boolean rulePage = page.getParent().endsWith("rules") && !page.endsWith("README.md");
                if (!rulePage) {
                    blocks.addAll(CodeBlock.of(page));
                }
            }
        }
        return blocks;
    }

    private static String problem(CodeBlock block) {
        boolean firstOfReadme = block.page().equals(root.resolve("README.md")) && block.line() == firstBlockLine();
        if (firstOfReadme || DEMO_OUTPUT.equals(block.comment())) {
            return null;
        }
        if (block.comment() != null && block.comment().startsWith(OUTPUT_ASSERTED_BY)) {
            return assertedBy(block, root.resolve(block.comment().substring(OUTPUT_ASSERTED_BY.length()).strip()));
        }
        if (SHELL.contains(block.info())) {
            List<String> missing = block.commands().stream()
                    .filter(command -> sources.stream().noneMatch(s -> runs(s.path()) && s.text().contains(command)))
                    .toList();
            return missing.isEmpty() ? null : "no test or script runs " + missing;
        }
        List<String> lines = normalized(block.lines());
        if (lines.isEmpty()) {
            return "empty block";
        }
        boolean copied = sources.stream()
                .anyMatch(s -> copiedFrom(s.path()) && Collections.indexOfSubList(s.lines(), lines) >= 0);
        return copied ? null : "no file under examples/ or src/test/ holds these lines (copy the block from the file"
                + " a test uses, or use its text in a test)";
    }

    private static String assertedBy(CodeBlock block, Path test) {
        String source;
        try {
            source = Files.readString(test);
        } catch (IOException e) {
            return "the test it names cannot be read: " + test;
        }
        List<String> asserted = new ArrayList<>();
        Matcher literal = STRING_LITERAL.matcher(source);
        while (literal.find()) {
            if (literal.group(1).length() >= 20) {
                asserted.add(literal.group(1));
            }
        }
        boolean checked = block.lines().stream().anyMatch(line -> asserted.stream().anyMatch(line::contains));
        return checked ? null : root.relativize(test) + " asserts no line of this block";
    }

    private static int firstBlockLine() {
        try {
            return CodeBlock.of(root.resolve("README.md")).get(0).line();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean mayHoldSources(Path file) {
        Path relative = root.relativize(file);
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals(".git") || name.equals("node_modules")) {
                return false;
            }
        }
        return runs(file) || copiedFrom(file);
    }

    private static boolean runs(Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        return relative.startsWith(".ci/") || copiedFrom(file);
    }

    private static boolean copiedFrom(Path file) {
        String relative = "/" + root.relativize(file).toString().replace('\\', '/');
        return relative.startsWith("/examples/") || relative.contains("/src/test/");
    }

    private static String readText(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (MalformedInputException binary) {
            return null;
        }
    }

    private static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
