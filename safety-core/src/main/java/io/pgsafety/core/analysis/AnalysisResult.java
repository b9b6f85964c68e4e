package io.pgsafety.core.analysis;

import java.util.List;
import java.util.Map;

/**
 * Everything one analysis produced. {@code sources} maps each analysed path to its text, for
 * reporters that quote the offending lines.
 */
public record AnalysisResult(int files, int statements, List<Finding> findings, Map<String, String> sources) {

    public AnalysisResult {
        findings = List.copyOf(findings);
        sources = Map.copyOf(sources);
    }

    public boolean hasBlocking() {
        return findings.stream().anyMatch(Finding::blocking);
    }
}
