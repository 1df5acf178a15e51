package org.opmas.bench.scenario;

import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Poll;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Resources;
import org.opmas.bench.core.Scenario;

/** RSS (and CPU) of every stack process after start plus {@code --seconds 60} idle. */
public final class IdleScenario implements Scenario {

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) {
        int seconds = options.integer("seconds", 60);
        Resources resources = Resources.start(stack);
        Poll.sleep(seconds * 1000L);
        report.json().put("idle_seconds", seconds);
        report.json().set("resources", resources.finish(report, "idle: " + seconds + " s after the stack was ready"));
    }
}
