/**
 * The {@code facemask} command line (picocli): each subcommand parses its flags and calls one
 * facade of the capability packages; no logic lives here.
 */
package org.facemask.cli;
