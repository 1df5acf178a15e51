package org.opmas.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opmas.devkit.demo.DemoConsole.Kind;

/**
 * Polls finding-service and playbook-service for the demo's routers, prints every new finding and
 * every status change of an intended action as it happens, and approves actions that wait for
 * approval (what an operator would do in the API). Polling the APIs rather than consuming the
 * topics shows what an operator sees, through the same authorization.
 */
final class DemoWatcher implements Runnable {

    static final Set<String> FINISHED_ACTION = Set.of("succeeded", "failed", "timed_out", "cancelled", "skipped");
    static final Set<String> FINISHED_RUN = Set.of("succeeded", "failed", "cancelled", "skipped");

    private final OpmasApi api;
    private final DemoConsole console;
    private final String findingsUrl;
    private final String playbooksUrl;
    private final Instant since;
    private final Map<Long, String> deviceNames;
    private final Map<Long, JsonNode> findings = new ConcurrentHashMap<>();
    private final Map<Long, JsonNode> actions = new ConcurrentHashMap<>();
    private final StatusChanges findingChanges = new StatusChanges();
    private final StatusChanges actionChanges = new StatusChanges();
    private final Set<Long> approvalsSent = ConcurrentHashMap.newKeySet();
    private volatile String lastProblem;
    private volatile boolean running = true;

    DemoWatcher(OpmasApi api, DemoConsole console, String findingsUrl, String playbooksUrl, Instant since,
                Map<Long, String> deviceNames) {
        this.api = api;
        this.console = console;
        this.findingsUrl = findingsUrl;
        this.playbooksUrl = playbooksUrl;
        this.since = since;
        this.deviceNames = deviceNames;
    }

    @Override
    public void run() {
        while (running) {
            try {
                poll();
                lastProblem = null;
            } catch (RuntimeException e) {
                // A service briefly unreachable (or shutting down) must not end the demo; say it once.
                if (running && !String.valueOf(e.getMessage()).equals(lastProblem)) {
                    lastProblem = String.valueOf(e.getMessage());
                    console.print(Kind.WARN, "polling failed: " + lastProblem);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop() {
        running = false;
    }

    void poll() {
        JsonNode findingPage = api.get(findingsUrl + "/api/v1/findings?size=200&sort=created_at,asc&created_after="
                + OpmasApi.query(since.toString()));
        for (JsonNode finding : findingPage.path("items")) {
            long deviceId = finding.path("device_id").asLong(-1);
            if (!deviceNames.containsKey(deviceId)) {
                continue;
            }
            long id = finding.path("id").asLong();
            findings.put(id, finding);
            String status = finding.path("status").asText();
            if (findingChanges.changed(id, status + "/" + finding.path("verification_state").asText())) {
                console.print("resolved".equals(status) ? Kind.RESOLVED : Kind.FINDING,
                        DemoConsole.describeFinding(finding, deviceNames.get(deviceId)));
            }
        }
        List<JsonNode> recent = new ArrayList<>();
        api.get(playbooksUrl + "/api/v1/intended-actions?size=200&sort=id,desc").path("items").forEach(recent::add);
        recent.sort(Comparator.comparingLong(a -> a.path("id").asLong()));
        for (JsonNode action : recent) {
            long deviceId = action.path("device_id").asLong(-1);
            if (!deviceNames.containsKey(deviceId)) {
                continue;
            }
            long id = action.path("id").asLong();
            actions.put(id, action);
            String status = action.path("status").asText();
            if (actionChanges.changed(id, status)) {
                console.print(Kind.ACTION, DemoConsole.describeAction(action, deviceNames.get(deviceId)));
            }
            if ("awaiting_approval".equals(status) && approvalsSent.add(id)) {
                approve(action, deviceNames.get(deviceId));
            }
        }
    }

    private void approve(JsonNode action, String deviceName) {
        long id = action.path("id").asLong();
        console.print(Kind.APPROVE, "the demo approves action #" + id + " (" + action.path("action_type").asText()
                + " on " + deviceName + "): POST /api/v1/intended-actions/" + id + "/approve");
        try {
            api.post(playbooksUrl + "/api/v1/intended-actions/" + id + "/approve",
                    Map.of("reason", "approved by ./opmas demo"));
        } catch (OpmasApi.ApiException e) {
            console.print(Kind.WARN, "approval of #" + id + " refused: " + e.getMessage());
        }
    }

    /** The newest finding of a type on a device, as last polled. */
    Optional<JsonNode> finding(long deviceId, String findingType) {
        return findings.values().stream()
                .filter(f -> f.path("device_id").asLong() == deviceId && findingType.equals(f.path("finding_type").asText()))
                .max(Comparator.comparingLong(f -> f.path("id").asLong()));
    }

    /**
     * True once the finding's playbook runs have all finished and its actions with them: the point
     * where the router shows the remedy (or the failure is final).
     */
    boolean settled(JsonNode finding) {
        long findingId = finding.path("id").asLong();
        JsonNode runs = api.get(playbooksUrl + "/api/v1/runs?size=50&finding_id=" + findingId).path("items");
        if (runs.isEmpty()) {
            return false;
        }
        for (JsonNode run : runs) {
            if (!FINISHED_RUN.contains(run.path("status").asText())) {
                return false;
            }
        }
        return actions.values().stream()
                .filter(a -> a.path("finding_id").asLong() == findingId)
                .allMatch(a -> FINISHED_ACTION.contains(a.path("status").asText()));
    }

    List<JsonNode> actionsOf(long findingId) {
        return actions.values().stream().filter(a -> a.path("finding_id").asLong() == findingId)
                .sorted(Comparator.comparingLong(a -> a.path("id").asLong())).toList();
    }

    int findingCount() {
        return findings.size();
    }

    List<JsonNode> allActions() {
        return List.copyOf(actions.values());
    }
}
