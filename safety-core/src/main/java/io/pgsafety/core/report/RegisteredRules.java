package io.pgsafety.core.report;

import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.RuleRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Looks up the metadata reporters print about a rule id; null for ids no rule class declares. */
final class RegisteredRules implements Function<String, RuleInfo> {

    static final RegisteredRules INSTANCE = new RegisteredRules();

    private volatile Map<String, RuleInfo> byId;

    private RegisteredRules() {}

    @Override
    public RuleInfo apply(String id) {
        Map<String, RuleInfo> local = byId;
        if (local == null) {
            local = new HashMap<>();
            for (RuleInfo info : RuleRegistry.all()) {
                local.put(info.id(), info);
            }
            byId = local;
        }
        return local.get(id);
    }
}
