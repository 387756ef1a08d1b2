/**
 * The detect component's Micrometer meters: names, tags and the one class that registers
 * them. Knows Micrometer and nothing else of the module.
 */
package dev.keel.detect.metrics;
