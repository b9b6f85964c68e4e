package io.pgsafety.core.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** The rules found through {@link ServiceLoader}, with their metadata. */
public final class RuleRegistry {

    /** The analyzer asks for every rule and statement; a ClassValue is cheaper than the reflective lookup. */
    private static final ClassValue<RuleInfo> INFO = new ClassValue<>() {
        @Override
        protected RuleInfo computeValue(Class<?> type) {
            return type.getAnnotation(RuleInfo.class);
        }
    };

    private static volatile List<ServiceLoader.Provider<Rule>> providers;
    private static volatile List<RuleInfo> infos;
    private static volatile Set<String> ids;

    private RuleRegistry() {}

    /** Fresh instances of every rule, for one analysis. */
    public static List<Rule> newInstances() {
        List<Rule> rules = new ArrayList<>();
        for (ServiceLoader.Provider<Rule> provider : providers()) {
            rules.add(provider.get());
        }
        return rules;
    }

    /**
     * The rule classes, looked up once: each {@link ServiceLoader.Provider#get()} makes a new
     * instance, so analyses made one per file do not each re-read the service files.
     */
    private static List<ServiceLoader.Provider<Rule>> providers() {
        List<ServiceLoader.Provider<Rule>> local = providers;
        if (local == null) {
            local = ServiceLoader.load(Rule.class, RuleRegistry.class.getClassLoader()).stream().toList();
            for (ServiceLoader.Provider<Rule> provider : local) {
                if (provider.type().getAnnotation(RuleInfo.class) == null) {
                    throw new IllegalStateException("Rule " + provider.type().getName() + " has no @RuleInfo");
                }
            }
            providers = local;
        }
        return local;
    }

    public static RuleInfo info(Rule rule) {
        return INFO.get(rule.getClass());
    }

    /** Metadata of every rule, in service-file order. */
    public static List<RuleInfo> all() {
        List<RuleInfo> local = infos;
        if (local == null) {
            List<RuleInfo> found = new ArrayList<>();
            for (Rule r : newInstances()) {
                found.add(info(r));
            }
            infos = local = Collections.unmodifiableList(found);
        }
        return local;
    }

    public static Set<String> knownIds() {
        Set<String> local = ids;
        if (local == null) {
            Set<String> found = new LinkedHashSet<>();
            for (RuleInfo i : all()) {
                found.add(i.id());
            }
            ids = local = Collections.unmodifiableSet(found);
        }
        return local;
    }

    /** {@code docs/rules/<id>.md} in the project repository. */
    public static String docsUrl(String id) {
        return "https://github.com/pgsafety/pg-safety/blob/main/docs/rules/" + id + ".md";
    }
}
