package io.pgsafety.flyway;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.CallbackEvent;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.internal.callback.InternalCallback;

/**
 * The callback Flyway registers by itself when the drop-in jar is on its plugin class path
 * (Flyway 11.16 and later discover {@link InternalCallback} plugins through {@code ServiceLoader}).
 * It does nothing when a {@link SafetyCallback} is also registered explicitly, so the checks run once.
 */
public final class SafetyPluginCallback implements InternalCallback<Event> {

    private final MigrateGuard guard = new MigrateGuard(null);

    @Override
    public boolean supportsEventType(Class<? extends CallbackEvent<?>> type) {
        return type == Event.class;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return guard.supports(event, context) && !explicitlyRegistered(context);
    }

    /** By name: the explicit class may come from another class loader (the CLI's {@code jars/}). */
    private static boolean explicitlyRegistered(Context context) {
        for (Callback callback : context.getConfiguration().getCallbacks()) {
            if (callback.getClass().getName().equals(SafetyCallback.class.getName())) {
                return true;
            }
        }
        return false;
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
