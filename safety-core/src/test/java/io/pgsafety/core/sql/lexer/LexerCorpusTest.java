package io.pgsafety.core.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lexes and splits every corpus file, and measures lexing throughput over pg-regress. */
class LexerCorpusTest {

    @Test
    void lexesAndSplitsEveryCorpusFile() throws IOException {
        List<Path> files = CorpusFiles.sqlFiles();
        long bytes = 0;
        long tokens = 0;
        long statements = 0;
        for (Path file : files) {
            String sql = Files.readString(file, StandardCharsets.UTF_8);
            bytes += Files.size(file);
            LexResult result = Lexer.lex(sql);
            LexerFuzzTest.assertTiling(sql, result.tokens());
            tokens += result.tokens().size();
            statements += StatementSplitter.split(sql, result.tokens()).size();
        }
        System.out.printf("lexed and split %d corpus files, %d bytes: %d tokens, %d statements%n",
                files.size(), bytes, tokens, statements);
        assertThat(files).isNotEmpty();
    }

    @Test
    void lexingThroughputOverPgRegress() throws IOException {
        Path regress = CorpusFiles.root().resolve("pg-regress");
        List<String> texts = new ArrayList<>();
        long chars = 0;
        for (Path file : CorpusFiles.sqlFiles(regress)) {
            String sql = Files.readString(file, StandardCharsets.UTF_8);
            texts.add(sql);
            chars += sql.length();
        }
        long tokenCount = 0;
        for (int warmUp = 0; warmUp < 15; warmUp++) {
            tokenCount += lexAll(texts);
        }
        // Thread CPU time, not wall time: the build machine is shared, so wall time mostly measures
        // the neighbours. Garbage collection on other threads is not included.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = 10;
        long wallStart = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            tokenCount += lexAll(texts);
        }
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("lexer throughput over pg-regress (%d chars, %d tokens lexed): %.0f MB/s thread CPU time, %.0f MB/s wall%n",
                chars, tokenCount, chars * rounds / cpuSeconds / 1e6, chars * rounds / wallSeconds / 1e6);
    }

    private static long lexAll(List<String> texts) {
        long count = 0;
        for (String sql : texts) {
            count += Lexer.lex(sql).tokens().size();
        }
        return count;
    }
}
