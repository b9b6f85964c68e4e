package io.pgsafety.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fenced code block of a Markdown page: its info string ({@code sh}, {@code java}, …), its
 * lines, the line of the page it starts on, and the HTML comment right above it, if any
 * ({@code <!-- … -->}, which says where the block comes from when the checks need to be told).
 */
record CodeBlock(Path page, int line, String info, String comment, List<String> lines) {

    static List<CodeBlock> of(Path page) throws IOException {
        List<String> text = Files.readAllLines(page);
        List<CodeBlock> blocks = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String fence = line.substring(0, line.length() - line.replaceFirst("^`+", "").length());
            String info = line.substring(fence.length()).strip();
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < text.size() && !text.get(i).strip().equals(fence); i++) {
                body.add(text.get(i));
            }
            blocks.add(new CodeBlock(page, start + 1, info, commentAbove(text, start), List.copyOf(body)));
        }
        return blocks;
    }

    private static String commentAbove(List<String> text, int fenceLine) {
        int i = fenceLine - 1;
        while (i >= 0 && text.get(i).isBlank()) {
            i--;
        }
        if (i < 0 || !text.get(i).strip().endsWith("-->") || !text.get(i).strip().startsWith("<!--")) {
            return null;
        }
        String comment = text.get(i).strip();
        return comment.substring(4, comment.length() - 3).strip();
    }

    /** The commands of a shell block: its lines that are neither blank nor comments. */
    List<String> commands() {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Where it is, for messages: {@code docs/flyway.md:12}. */
    String where(Path root) {
        return root.relativize(page) + ":" + line;
    }
}
