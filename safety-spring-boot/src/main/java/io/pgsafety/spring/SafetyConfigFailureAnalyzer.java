package io.pgsafety.spring;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.ConfigKey;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start that fails on a pg-safety setting says which key, instead of a bean creation stack trace. */
final class SafetyConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        String keys = Arrays.stream(ConfigKey.values())
                .map(key -> SafetySettings.kebabCase(key.key()))
                .collect(Collectors.joining(", "));
        return new FailureAnalysis("pg-safety: " + cause.getMessage(),
                "Fix or remove that key under " + SafetyFlywayAutoConfiguration.PREFIX + " or "
                        + SafetyLiquibaseAutoConfiguration.PREFIX + ". Keys: " + keys + ".",
                cause);
    }
}
