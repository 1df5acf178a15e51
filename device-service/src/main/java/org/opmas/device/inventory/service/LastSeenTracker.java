package org.opmas.device.inventory.service;

import java.time.Instant;

/**
 * Records that a device was heard from. Called on the ingest hot path, so it only remembers the
 * latest instant per device in memory; the implementation writes them to devices.last_seen_at
 * in batches (one statement for many devices), never one write per log line.
 */
public interface LastSeenTracker {

    void markSeen(int deviceId, Instant at);
}
