package io.pgsafety.liquibase;

import java.util.List;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGenerator;

/** Puts the pre-flight into Liquibase's changelog validation (Liquibase 4.28+). */
public final class SafetyValidatingVisitorGenerator implements ValidatingVisitorGenerator {

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public ValidatingVisitor generateValidatingVisitor(List<RanChangeSet> ranChangeSets) {
        return new SafetyValidatingVisitor(ranChangeSets);
    }
}
