package org.opmas.bench.core;

/** One {@code ./opmas bench <scenario>}: drives a started stack and fills the report. */
public interface Scenario {

    void run(BenchStack stack, BenchOptions options, Report report) throws Exception;
}
