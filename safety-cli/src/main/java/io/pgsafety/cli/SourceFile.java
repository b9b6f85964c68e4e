package io.pgsafety.cli;

import java.nio.file.Path;

/**
 * A file given to {@code lint}: {@code path} as findings show it, {@code file} on disk, its text,
 * and which PATH argument found it ({@code root}, 0-based): the migrations a tool runs from one
 * argument form one history.
 */
record SourceFile(String path, Path file, String text, int root) {

    /** The file name without directories. */
    String fileName() {
        Path name = file.getFileName();
        return name == null ? path : name.toString();
    }
}
