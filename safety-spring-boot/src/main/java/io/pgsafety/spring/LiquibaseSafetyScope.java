package io.pgsafety.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import liquibase.Scope;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Runs each {@code SpringLiquibase} bean's update (its {@code afterPropertiesSet}) inside a
 * Liquibase scope that holds the {@code pg-safety.liquibase.*} settings as
 * {@code liquibase.safety.*} values, where the extension's configuration finds them. The scope is
 * entered just before the bean initializes and left just after; when the update fails (a blocked
 * changelog fails the start) it is left when the failed context destroys this post-processor, so
 * nothing of it stays behind on the thread.
 */
final class LiquibaseSafetyScope implements BeanPostProcessor, DisposableBean {

    private static final String LIQUIBASE_PREFIX = "liquibase.safety.";
    private static final String RULES = "rules.";

    private final SafetySettings settings;
    /** Bean name → the scope entered for it; a bean may initialize on a background bootstrap thread. */
    private final Map<String, String> openScopes = new ConcurrentHashMap<>();

    LiquibaseSafetyScope(SafetySettings settings) {
        this.settings = settings;
    }

    /**
     * The extension's keys for these settings. Liquibase keys cannot hold the hyphens of rule ids,
     * so the severities go in its one {@code rules} key: {@code drop-table=warning,…}.
     */
    Map<String, Object> scopeValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> rules = new ArrayList<>();
        settings.byKey().forEach((key, value) -> {
            if (key.startsWith(RULES)) {
                rules.add(key.substring(RULES.length()) + "=" + value);
            } else {
                values.put(LIQUIBASE_PREFIX + key, value);
            }
        });
        if (!rules.isEmpty()) {
            values.put(LIQUIBASE_PREFIX + "rules", String.join(",", rules));
        }
        return values;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase) {
            try {
                openScopes.put(beanName, Scope.enter(scopeValues()));
            } catch (Exception e) {
                throw new BeanInitializationException("pg-safety could not pass " + settings + " to Liquibase", e);
            }
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        String scopeId = openScopes.remove(beanName);
        if (scopeId != null) {
            exit(scopeId);
        }
        return bean;
    }

    @Override
    public void destroy() {
        openScopes.values().forEach(LiquibaseSafetyScope::exit);
        openScopes.clear();
    }

    private static void exit(String scopeId) {
        try {
            Scope.exit(scopeId);
        } catch (Exception e) {
            throw new IllegalStateException("pg-safety could not leave its Liquibase scope " + scopeId, e);
        }
    }
}
