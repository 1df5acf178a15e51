package org.opmas.agent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Events per second of CPU time of the evaluating thread, for the same setups as
 * {@link RuleEngineBenchmark}. On a shared, overloaded build machine (load average 20+ on 2 cores)
 * JMH's wall-clock throughput measures the scheduler, not the engine; thread CPU time does not.
 */
public final class CpuTimeThroughput {

    private CpuTimeThroughput() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[] counts = args.length == 0 ? new int[] {10, 16, 50, 200}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int rules : counts) {
            RuleEngineBenchmark b = new RuleEngineBenchmark();
            b.rules = rules;
            b.setup();
            for (int i = 0; i < 1_000_000; i++) { // warm-up (JIT)
                b.evaluate();
            }
            int n = 2_000_000;
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.evaluate();
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("rules=%d events=%d cpu=%.2fs wall=%.2fs -> %.0f events/s per CPU-second (%.0f/s wall)%n", rules, n,
                    cpu / 1e9, wall / 1e9, n / (cpu / 1e9), n / (wall / 1e9));
        }
    }
}
