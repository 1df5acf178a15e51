package org.opmas.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.opmas.devkit.launcher.ServiceSpec;

/**
 * The processes of a running stack, grouped: each service JVM, the Kafka broker JVM, and PostgreSQL
 * (postmaster plus its backends and workers, summed). The bench JVM itself is reported as "bench".
 */
public final class StackProcesses {

    private final Map<String, List<Long>> groups;

    private StackProcesses(Map<String, List<Long>> groups) {
        this.groups = groups;
    }

    /** Finds the processes of the stack whose data directory is {@code dataDirectory}. */
    public static StackProcesses find(Path dataDirectory) {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
        for (ServiceSpec service : ServiceSpec.ALL) {
            String jar = "/" + service.name() + "/target/quarkus-app/quarkus-run.jar";
            groups.put(service.name(), pids(descendants, cmd -> cmd.contains(jar)));
        }
        groups.put("kafka", pids(descendants, cmd -> cmd.contains("KafkaBrokerMain")));
        // pg_ctl daemonises the postmaster, so it is not our descendant: find it by its data directory.
        List<Long> postgres = new ArrayList<>();
        String data = dataDirectory.toAbsolutePath().normalize().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> {
                        String cmd = ProcStats.commandLine(pid);
                        return cmd.contains("postgres") && cmd.contains(" -D ") && cmd.contains(data);
                    })
                    .forEach(postmaster -> {
                        postgres.add(postmaster);
                        ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> postgres.add(d.pid())));
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc (Linux only)", e);
        }
        groups.put("postgresql", postgres);
        groups.put("bench", List.of(ProcessHandle.current().pid()));
        return new StackProcesses(groups);
    }

    private static List<Long> pids(List<ProcessHandle> handles, java.util.function.Predicate<String> commandLine) {
        return handles.stream().filter(h -> commandLine.test(ProcStats.commandLine(h.pid())))
                .map(ProcessHandle::pid).toList();
    }

    public Map<String, List<Long>> groups() {
        return groups;
    }

    /** A snapshot of CPU ticks per group, to diff against a later one. */
    public Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        groups.forEach((name, pids) -> ticks.put(name, pids.stream().mapToLong(ProcStats::cpuTicks).filter(t -> t >= 0).sum()));
        return ticks;
    }

    /** Resident memory per group in MiB (PostgreSQL's shared buffers are counted once per backend that touched them: an upper bound). */
    public Map<String, Double> rssMib() {
        Map<String, Double> rss = new LinkedHashMap<>();
        groups.forEach((name, pids) -> rss.put(name, pids.stream().mapToLong(ProcStats::rssKib).sum() / 1024.0));
        return rss;
    }

    /** Proportional set size per group in MiB: shared pages split among their sharers, so groups add up. */
    public Map<String, Double> pssMib() {
        Map<String, Double> pss = new LinkedHashMap<>();
        groups.forEach((name, pids) -> pss.put(name, pids.stream().mapToLong(ProcStats::pssKib).sum() / 1024.0));
        return pss;
    }

    /** CPU use per group between two snapshots, in percent of one core. */
    public static Map<String, Double> cpuPercent(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> percent = new LinkedHashMap<>();
        after.forEach((name, ticks) -> percent.put(name,
                100.0 * (ticks - before.getOrDefault(name, 0L)) / ProcStats.TICKS_PER_SECOND / seconds));
        return percent;
    }
}
