package io.pgsafety.demo;

import java.io.PrintStream;
import java.util.List;

/** The demo's own lines, and the tools' output set off by a bar so that it is clear who said what. */
final class Console {

    private static final int WIDTH = 80;

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void title(String text) {
        out.println(text);
    }

    void section(String name) {
        out.println();
        out.println("── " + name + " " + "─".repeat(Math.max(3, WIDTH - name.length() - 4)));
    }

    void step(String text) {
        out.println();
        out.println(text);
    }

    void say(String text) {
        out.println("  " + text);
    }

    /** Text the tools or the server printed, verbatim, behind a bar. */
    void quote(List<String> lines) {
        for (String line : lines) {
            out.println("  │ " + line);
        }
    }

    /** A file of the demo, its lines indented under its name. */
    void file(String name, List<String> lines) {
        out.println("  " + name);
        for (String line : lines) {
            out.println("      " + line);
        }
    }

    void blank() {
        out.println();
    }
}
