package dev.keel.ingest.http;

import java.util.List;

/**
 * The 202 answer: the valid events are queued downstream, the invalid ones are listed.
 *
 * @param accepted events queued
 * @param rejected invalid events, each listed in {@code errors}
 * @param errors why each rejected event was rejected, in request order
 */
public record AcceptedBody(int accepted, int rejected, List<EventError> errors) {}
