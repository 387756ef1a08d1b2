/**
 * How the components become Spring lifecycle beans: their phases, and the check that Spring's
 * per-phase shutdown timeout leaves each component its own stop timeout.
 */
package dev.keel.app.lifecycle;
