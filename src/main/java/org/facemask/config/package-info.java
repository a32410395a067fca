/**
 * Settings that are not options of a command: the JVM system properties
 * ({@link org.facemask.config.SystemProperty}). The {@code serve} options' defaults live in
 * {@code serving.ServerConfig}.
 *
 * <p>Below every other package: depends on none (ArchitectureTest).
 */
package org.facemask.config;
