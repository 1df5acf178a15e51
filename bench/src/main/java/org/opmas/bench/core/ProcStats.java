package org.opmas.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads CPU ticks and resident memory of a process from Linux's /proc. */
public final class ProcStats {

    /** USER_HZ: 100 on every Linux the project runs on (x86-64, arm64). */
    public static final int TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** utime + stime (fields 14 and 15 of {@code /proc/<pid>/stat}) in ticks. */
    public static long cpuTicksFromStat(String stat) {
        // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split(" +");
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + stat);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** VmRSS of {@code /proc/<pid>/status} in KiB; 0 when absent (a zombie or kernel thread). */
    public static long rssKibFromStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /**
     * Pss of {@code /proc/<pid>/smaps_rollup} in KiB: resident memory with shared pages divided among
     * the processes sharing them, so summing a process group (PostgreSQL's backends and its shared
     * buffers) does not count shared memory more than once. 0 when absent.
     */
    public static long pssKibFromSmapsRollup(String smapsRollup) {
        for (String line : smapsRollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    public static long pssKib(long pid) {
        String rollup = read(pid, "smaps_rollup");
        return rollup == null ? 0 : pssKibFromSmapsRollup(rollup);
    }

    /** Ticks of a live process, or -1 when it is gone. */
    public static long cpuTicks(long pid) {
        String stat = read(pid, "stat");
        return stat == null ? -1 : cpuTicksFromStat(stat);
    }

    public static long rssKib(long pid) {
        String status = read(pid, "status");
        return status == null ? 0 : rssKibFromStatus(status);
    }

    /** The NUL-separated command line as one space-separated string; "" when unreadable. */
    public static String commandLine(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
