package io.pgsafety.core.bench;

import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plain benchmark harness (run by {@code bench/run.sh}, not by the test suite): single-thread
 * analyzer throughput over a corpus after warm-up, cost at twice the input, and one large file.
 * Prints figures; asserts nothing.
 */
public final class AnalyzerBenchmark {

    private AnalyzerBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus/pg-regress");
        int bigMb = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        List<String> texts = read(corpus);
        long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("corpus: %s, %d files, %.2f MB%n", corpus, texts.size(), bytes / 1e6);

        Analyzer analyzer = new Analyzer(SafetyConfig.defaults(), Catalog.NONE);
        List<Migration> once = migrations(texts, 1);
        List<Migration> twice = migrations(texts, 2);
        for (int i = 0; i < 5; i++) {
            analyzer.analyze(once);
        }
        double t1 = best(analyzer, once, 7);
        double t2 = best(analyzer, twice, 5);
        System.out.printf("throughput: %.1f MB/s (best of 7: %.1f ms for %.2f MB, one thread)%n",
                bytes / 1e6 / t1, t1 * 1000, bytes / 1e6);
        System.out.printf("scaling: 2x input took %.2fx the time (%.1f ms)%n", t2 / t1, t2 * 1000);

        StringBuilder big = new StringBuilder();
        int i = 0;
        while (big.length() < bigMb * 1_000_000L) {
            big.append(texts.get(i++ % texts.size())).append("\n;\n");
        }
        Migration bigFile = Migration.builder("big.sql", big.toString()).build();
        long start = System.nanoTime();
        int statements = analyzer.analyze(List.of(bigFile)).statements();
        double tb = (System.nanoTime() - start) / 1e9;
        System.out.printf("single %d MB file: %d statements in %.2f s (%.1f MB/s)%n",
                bigMb, statements, tb, big.length() / 1e6 / tb);
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap in use after run: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static double best(Analyzer analyzer, List<Migration> input, int runs) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            analyzer.analyze(input);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static List<Migration> migrations(List<String> texts, int copies) {
        List<Migration> out = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < texts.size(); i++) {
                out.add(Migration.builder("f" + c + "_" + i + ".sql", texts.get(i)).build());
            }
        }
        return out;
    }

    private static List<String> read(Path dir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                texts.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }
}
