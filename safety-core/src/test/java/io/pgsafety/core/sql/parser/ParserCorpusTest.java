package io.pgsafety.core.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every SQL file of the real-world corpus parses without an exception; pg-regress almost fully. */
class ParserCorpusTest {

    @Test
    void corpusParsesWithoutExceptionsAndFewUnparsedStatements() throws IOException {
        String corpus = System.getProperty("safety.corpus");
        Path root = corpus == null ? null : Path.of(corpus);
        if (root == null || !Files.isDirectory(root)) {
            System.out.println("ParserCorpusTest: corpus not found at " + corpus + ", skipped");
        }
        assumeTrue(root != null && Files.isDirectory(root), "corpus folder absent");

        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        Map<String, Integer> reasons = new HashMap<>();
        Map<String, String> examples = new HashMap<>();
        int regressStatements = 0;
        int regressUnparsed = 0;
        long chars = 0;
        long nanos = 0;
        for (Path file : files) {
            String sql = Files.readString(file, StandardCharsets.ISO_8859_1);
            chars += sql.length();
            long t0 = System.nanoTime();
            ParseResult result = SqlParser.parse(sql);
            nanos += System.nanoTime() - t0;
            if (!root.relativize(file).startsWith("pg-regress")) {
                continue;
            }
            List<ParsedStatement> all = new ArrayList<>();
            collect(result.statements(), all);
            for (ParsedStatement ps : all) {
                regressStatements++;
                if (ps.statement() instanceof Statement.Unparsed u) {
                    regressUnparsed++;
                    reasons.merge(u.reason(), 1, Integer::sum);
                    examples.putIfAbsent(u.reason(), file.getFileName() + ":" + u.span().line() + ": "
                            + abbreviate(ps.text()));
                }
            }
        }
        double ratio = regressStatements == 0 ? 0 : (double) regressUnparsed / regressStatements;
        System.out.printf("ParserCorpusTest: %d files, %.1f MB in %d ms (%.1f MB/s)%n", files.size(), chars / 1e6,
                nanos / 1_000_000, chars / 1e6 / (nanos / 1e9));
        System.out.printf("pg-regress: %d statements (DO bodies included), %d unparsed (%.3f%%)%n",
                regressStatements, regressUnparsed, 100 * ratio);
        reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(Integer.getInteger("corpus.reasons", 15))
                .forEach(e -> System.out.printf("  %5d  %s    e.g. %s%n", e.getValue(), e.getKey(),
                        examples.get(e.getKey())));
        assertThat(regressStatements).isPositive();
        assertThat(ratio).isLessThan(0.01);
    }

    private static void collect(List<ParsedStatement> statements, List<ParsedStatement> into) {
        for (ParsedStatement ps : statements) {
            into.add(ps);
            if (ps.statement() instanceof Statement.Do d) {
                collect(d.body(), into);
            }
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 110 ? oneLine.substring(0, 110) + "…" : oneLine;
    }
}
