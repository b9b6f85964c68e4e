package io.pgsafety.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import liquibase.integration.commandline.LiquibaseCommandLine;

/** The Liquibase command line ({@code liquibase update}), run in this JVM with the extension on its class path. */
final class LiquibaseCli {

    /** What one run returned, and what it printed. */
    record Result(int exitCode, List<String> output) {}

    private final ShopDatabase db;

    LiquibaseCli(ShopDatabase db) {
        this.db = db;
    }

    Result update(String changelog) {
        String[] args = {"--changelog-file=" + changelog, "--url=" + db.url(), "--username=" + ShopDatabase.USER,
            "--password=" + ShopDatabase.PASSWORD, "--show-banner=false", "--analytics-enabled=false", "update"};
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int exitCode;
        try {
            exitCode = new LiquibaseCommandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(exitCode, captured.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /**
     * The output without its version header, and without the "ERROR: Exception Details" block
     * that repeats the error text printed after it.
     */
    static List<String> withoutRepeats(List<String> output) {
        List<String> kept = new ArrayList<>();
        boolean inDetails = false;
        for (String line : output) {
            if (line.startsWith("Starting Liquibase at") || line.startsWith("Liquibase Version:")) {
                continue;
            }
            if (line.startsWith("ERROR: Exception Details")) {
                inDetails = true;
            }
            if (!inDetails) {
                kept.add(line);
            }
            if (inDetails && line.startsWith("ERROR: Exception Primary Source:")) {
                inDetails = false;
            }
        }
        while (!kept.isEmpty() && kept.get(0).isBlank()) {
            kept.remove(0);
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        return kept;
    }
}
