/**
 * The {@code facemask} command line (picocli): each subcommand parses its flags and calls one
 * facade of the capability packages; no logic lives here. The top layer: it may depend on every
 * other package, and none depends on it.
 */
package org.facemask.cli;
