package org.opmas.bench.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Fleet;
import org.opmas.bench.core.Poll;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Resources;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.Table;
import org.opmas.devkit.simulator.SimulatedFleet;

/**
 * A manual playbook run on every router of a simulated fleet, through the public API: wall time from
 * the first run request until every intended action is terminal. Options: {@code --routers 1000}.
 */
public final class FleetScenario implements Scenario {

    private static final String TERMINAL = "('succeeded','failed','timed_out','skipped','cancelled')";

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        int size = options.integer("routers", 1000);
        long fleetStart = System.nanoTime();
        try (SimulatedFleet fleet = SimulatedFleet.start("fleet", size, List.of(), 64)) {
            double fleetSeconds = (System.nanoTime() - fleetStart) / 1e9;
            List<Long> devices = Fleet.register(size, i -> stack.registerRouter(fleet.router(i - 1)));
            long playbook = stack.createPlaybook(Map.of("name", "bench-fleet-diagnostics", "trigger_type", "manual",
                    "is_active", true, "steps", List.of(Map.of("action_type", "collect_diagnostics",
                            "action_config", Map.of("commands", List.of("ubus call system info", "free", "df -h"))))));
            Resources resources = Resources.start(stack);
            long start = System.nanoTime();
            Fleet.register(size, i -> stack.http().postJson(stack.url("playbook-service",
                    "/api/v1/playbooks/" + playbook + "/runs"), Map.of("device_id", devices.get(i - 1)), 202));
            double requestedSeconds = (System.nanoTime() - start) / 1e9;
            Poll.Reached done = Poll.until(() -> count(stack, playbook, "status IN " + TERMINAL), size,
                    Duration.ofMinutes(10), Duration.ofSeconds(60));
            double wall = (System.nanoTime() - start) / 1e9;
            long succeeded = count(stack, playbook, "status = 'succeeded'");
            report.json().put("routers", size).put("fleet_start_s", fleetSeconds).put("runs_requested_s", requestedSeconds)
                    .put("terminal", done.value()).put("succeeded", succeeded)
                    .put("wall_s", done.reached() ? wall : Double.NaN).put("commands_received", fleet.totalCommandsReceived());
            report.table(new Table("fleet: manual playbook run on " + size + " simulated routers", "routers",
                    "runs requested in s", "terminal", "succeeded", "commands received", "wall time s", "actions/s"))
                    .row(size, requestedSeconds, done.value(), succeeded, fleet.totalCommandsReceived(),
                            done.reached() ? wall : Double.NaN, done.reached() ? size / wall : Double.NaN);
            report.json().set("resources", resources.finish(report, "fleet: resources during the run"));
        }
    }

    private static long count(BenchStack stack, long playbook, String condition) {
        try (Connection db = stack.adminConnection();
             PreparedStatement query = db.prepareStatement(
                     "SELECT count(*) FROM intended_actions WHERE playbook_id = ? AND " + condition)) {
            query.setLong(1, playbook);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
