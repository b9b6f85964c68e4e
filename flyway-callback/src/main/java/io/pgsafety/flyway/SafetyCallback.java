package io.pgsafety.flyway;

import io.pgsafety.core.config.SafetyConfig;
import java.util.Objects;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * pg-safety as an explicitly registered Flyway callback: {@code flyway.callbacks=io.pgsafety.flyway.SafetyCallback},
 * {@code FluentConfiguration.callbacks(new SafetyCallback())}, Spring Boot, the Maven and Gradle
 * plugins, and Flyway versions that do not discover plugin callbacks. Where the drop-in jar's
 * auto-registered callback is also present, it steps aside for this one.
 *
 * <p>Before {@code migrate} applies anything it analyses every pending migration and fails the
 * migrate on error-level findings ({@code flyway.safety.mode=enforce}, the default); each
 * migration then runs with {@code lock_timeout} set.
 */
public class SafetyCallback implements Callback {

    private final MigrateGuard guard;

    /** Settings from the {@code flyway.safety.*} configuration keys. */
    public SafetyCallback() {
        this.guard = new MigrateGuard(null);
    }

    /** Settings given in code; the {@code flyway.safety.*} keys are then not read. */
    public SafetyCallback(SafetyConfig config) {
        this.guard = new MigrateGuard(Objects.requireNonNull(config, "config"));
    }

    /** The settings given in code, or null when they come from the {@code flyway.safety.*} keys. */
    SafetyConfig explicitConfig() {
        return guard.explicit();
    }

    @Override
    public boolean supports(Event event, Context context) {
        return guard.supports(event, context);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return MigrateGuard.canHandleInTransaction(event);
    }

    @Override
    public void handle(Event event, Context context) {
        guard.handle(event, context);
    }

    @Override
    public String getCallbackName() {
        return MigrateGuard.NAME;
    }
}
