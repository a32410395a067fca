package org.facemask.config;

/**
 * The JVM system properties the project reads, each with its default: the one list of them.
 * Set them with {@code -D} in {@code FACEMASK_JAVA_OPTS}; {@code docs/configuration.md} documents
 * each (ConfigurationDocTest checks that it lists exactly these, with these defaults).
 */
public enum SystemProperty {

    /**
     * Install folder where {@code models/} and {@code var/} are found; {@code bin/facemask} sets it.
     * No default here: the {@code FACEMASK_HOME} variable, else the current directory.
     */
    HOME("facemask.home", null),
    /** SQLite's {@code synchronous} level for the prediction log: {@code FULL} adds power-cut safety. */
    SQLITE_SYNCHRONOUS("facemask.sqlite.synchronous", "NORMAL"),
    /** Where libjpeg-turbo's Java API is loaded from; {@code none} leaves every JPEG to ImageIO. */
    TURBOJPEG_JAR("facemask.turbojpeg.jar", "/usr/share/java/turbojpeg.jar"),
    /** {@code true} lets ONNX Runtime's worker threads spin between runs instead of sleeping. */
    ORT_SPINNING("facemask.ort.spinning", "false");

    private final String key;
    private final String defaultValue;

    SystemProperty(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** Returns the property's name, e.g. {@code facemask.sqlite.synchronous}. */
    public String key() {
        return key;
    }

    /** Returns the value used when the property is not set, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Returns the property's value, or its default when it is not set. */
    public String value() {
        return System.getProperty(key, defaultValue);
    }

    /** Returns whether the value is {@code true} (ignoring case). */
    public boolean isTrue() {
        return Boolean.parseBoolean(value());
    }
}
