package io.pgsafety.core.report;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.sql.ast.LockMode;
import java.io.IOException;

/** The public JSON report (see the contract's {@code --format json}); key order is part of it. */
public final class JsonReporter implements Reporter {

    @Override
    public void write(AnalysisResult result, Appendable out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .name("tool").value(Tool.NAME)
                .name("version").value(Tool.version())
                .name("files").value(result.files())
                .name("statements").value(result.statements())
                .name("findings").beginArray();
        for (Finding f : result.findings()) {
            json.beginObject()
                    .name("file").value(f.file())
                    .name("line").value(f.line())
                    .name("column").value(f.column())
                    .name("endLine").value(f.endLine())
                    .name("endColumn").value(f.endColumn())
                    .name("rule").value(f.rule())
                    .name("severity").value(f.severity().jsonName())
                    .name("allowed").value(f.allowed())
                    .name("reason").value(f.reason())
                    .name("object").value(f.object())
                    .name("lock").value(f.lock() == null ? null : f.lock().sql())
                    .name("blocks").beginArray();
            for (LockMode.Blocks b : f.blocks()) {
                json.value(b.jsonName());
            }
            json.endArray()
                    .name("message").value(f.message())
                    .name("safeAlternative").value(f.safeAlternative())
                    .endObject();
        }
        json.endArray().endObject().finish();
    }
}
