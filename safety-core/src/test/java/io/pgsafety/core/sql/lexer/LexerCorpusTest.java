package io.pgsafety.core.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
        long warmUpEnd = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            tokenCount += lexAll(texts);
        }
        double best = Double.MAX_VALUE;
        double total = 0;
        int rounds = 10;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            tokenCount += lexAll(texts);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            total += seconds;
        }
        System.out.printf("lexer throughput over pg-regress (%d chars): %.0f MB/s mean, %.0f MB/s best round (%d tokens)%n",
                chars, chars * rounds / total / 1e6, chars / best / 1e6, tokenCount);
    }

    private static long lexAll(List<String> texts) {
        long count = 0;
        for (String sql : texts) {
            count += Lexer.lex(sql).tokens().size();
        }
        return count;
    }
}
