/** Read endpoints over what storage holds: the most recent events and alerts, for operators. */
package dev.keel.app.api;
