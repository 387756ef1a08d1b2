/**
 * What the console shows beyond the workers endpoint: a bounded history of the flow (rates,
 * acknowledgement latency, lag), sampled by a tracked worker, and the rules' status.
 */
package dev.keel.app.console;
