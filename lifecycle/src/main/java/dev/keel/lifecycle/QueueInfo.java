package dev.keel.lifecycle;

/**
 * A snapshot of a component's work queue.
 *
 * @param name the queue's name
 * @param depth items queued
 * @param capacity the most items it holds
 * @param closed true once its owner began to stop
 */
public record QueueInfo(String name, int depth, int capacity, boolean closed) {}
