/** The operator console, served by the management server (see {@link dev.keel.console.ConsoleConfiguration}). */
package dev.keel.console;
