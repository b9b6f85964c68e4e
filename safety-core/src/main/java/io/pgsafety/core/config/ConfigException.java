package io.pgsafety.core.config;

/** A configuration value or key that cannot be used; the message names the key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
