package io.pgsafety.core.report;

import io.pgsafety.core.analysis.AnalysisResult;
import java.io.IOException;

/** Writes an analysis result in one output format. Reporters are stateless. */
public interface Reporter {

    void write(AnalysisResult result, Appendable out) throws IOException;
}
