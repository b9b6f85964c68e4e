package io.pgsafety.cli;

import java.nio.file.Path;

/** A file given to {@code lint}: {@code path} as findings show it, {@code file} on disk, its text. */
record SourceFile(String path, Path file, String text) {

    /** The file name without directories. */
    String fileName() {
        Path name = file.getFileName();
        return name == null ? path : name.toString();
    }
}
