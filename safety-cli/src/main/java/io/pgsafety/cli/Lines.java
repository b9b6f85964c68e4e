package io.pgsafety.cli;

import java.util.Arrays;

/** A text addressed by 1-based line numbers, for cutting migrations out of a file. */
final class Lines {

    private final String text;
    /** {@code starts[n - 1]} is where line n starts; one extra entry marks the end of the text. */
    private final int[] starts;
    private final int count;

    private Lines(String text, int[] starts, int count) {
        this.text = text;
        this.starts = starts;
        this.count = count;
    }

    static Lines of(String text) {
        int[] starts = new int[16];
        int count = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (count + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[count++] = i;
            while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            if (i < n) {
                i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
            }
        }
        starts[count] = n;
        return new Lines(text, starts, count);
    }

    int count() {
        return count;
    }

    /** Line {@code n} without its line break. */
    String line(int n) {
        int end = starts[n];
        while (end > starts[n - 1] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(starts[n - 1], end);
    }

    /** Line {@code n} with its line break, if it has one. */
    String rawLine(int n) {
        return text.substring(starts[n - 1], starts[n]);
    }

    /** Offset in the text at which line {@code n} starts. */
    int startOf(int n) {
        return starts[Math.max(0, Math.min(n, count + 1) - 1)];
    }

    /** The 1-based line that holds {@code offset}. */
    int lineAt(int offset) {
        int i = Arrays.binarySearch(starts, 0, count + 1, offset);
        int line = i >= 0 ? i + 1 : -i - 1;
        return Math.max(1, Math.min(line, count));
    }

    /** Lines {@code from} up to (not including) {@code to}, line breaks kept; empty when {@code from >= to}. */
    String range(int from, int to) {
        int first = Math.max(1, from);
        int last = Math.min(count + 1, to);
        return first >= last ? "" : text.substring(starts[first - 1], starts[last - 1]);
    }
}
