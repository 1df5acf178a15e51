package org.opmas.executor.control.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The executor's state as {@code GET /api/v1/executor} shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutorStatus(boolean enabled, boolean paused, int running, int queuedInMemory, int rateLimited,
        long queuedDurable,
        int maxConcurrency, int perDeviceRateLimit, String rateWindow, String connectTimeout) {
}
