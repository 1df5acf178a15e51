package org.opmas.device.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.opmas.device.ingest.service.HttpBatchIngestor;
import org.opmas.device.ingest.service.HttpBatchIngestor.BatchResult;

/** Log lines over HTTP, for collectors that cannot speak syslog to us. */
@Path("/api/v1/ingest/logs")
@Tag(name = "Log ingestion")
public class IngestResource {

    static final String NDJSON = "application/x-ndjson";

    private final HttpBatchIngestor ingestor;

    public IngestResource(HttpBatchIngestor ingestor) {
        this.ingestor = ingestor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a JSON array of log items",
            description = "Each item is {\"line\": \"<syslog line>\", \"source_ip\": \"<router address>\"} or a "
                    + "device log event (id, received_at, timestamp, format, raw optional). Bad items are rejected "
                    + "and listed; the rest are published to opmas.device.logs.")
    @APIResponse(responseCode = "202", description = "Counts of accepted and rejected items")
    @APIResponse(responseCode = "400", description = "The body is not a JSON array, or too many items")
    public RestResponse<BatchResult> ingestArray(byte[] body) {
        return RestResponse.accepted(ingestor.ingestArray(body));
    }

    @POST
    @Consumes(NDJSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest log items as JSON lines (one item per line)")
    @APIResponse(responseCode = "202", description = "Counts of accepted and rejected items")
    public RestResponse<BatchResult> ingestNdjson(byte[] body) {
        return RestResponse.accepted(ingestor.ingestNdjson(body));
    }
}
