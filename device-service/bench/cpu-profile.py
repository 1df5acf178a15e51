#!/usr/bin/env python3
"""CPU per process (and per thread for device-service and the load generator) during a udp-load run.

Samples /proc/<pid>/stat (utime + stime) of every process under the root pids and of the
generator once a second until the generator exits, then prints the share of the measured window
(between the generator's `measure-start <epoch ms>` and `measure-end <epoch ms>` lines in its
output file) that each took, in % of one core, and the machine's total busy share from /proc/stat.

  cpu-profile.py <root pid>[,<root pid>…] <generator pid> <generator output file>
"""
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def ticks(stat):
    # comm may contain spaces and parentheses: fields start after the last ')'
    rest = stat[stat.rindex(")") + 2:].split()
    return int(rest[11]) + int(rest[12]), int(rest[1])  # utime+stime, ppid


def processes():
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read(f"/proc/{entry}/stat")
            if stat:
                cpu, ppid = ticks(stat)
                table[int(entry)] = (ppid, cpu)
    return table


def descendants(root, table):
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in table.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def name(pid):
    cmd = (read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
    comm = (read(f"/proc/{pid}/comm") or "").strip()
    # class paths name many jars (postgresql's driver among them): look at the main class or jar
    if "UdpLoadGenerator" in cmd:
        return "load generator"
    try:
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        cwd = ""
    for service in ("device-service", "agent-service", "finding-service", "playbook-service", "action-executor"):
        if f"{service}/target/quarkus-app" in cmd or ("quarkus-run.jar" in cmd and cwd.endswith("/" + service)):
            return service
    if "DevInfrastructureMain" in cmd:
        return "infrastructure launcher"
    if "KafkaBrokerMain" in cmd or "kafka.Kafka" in cmd:
        return "kafka broker"
    if "StackLauncher" in cmd:
        return "launcher"
    if comm.startswith("postgres") or cmd.startswith("postgres"):
        return "postgresql (all processes)"
    return "other: " + cmd[:60]


def threads(pid):
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
        stat = read(f"/proc/{pid}/task/{tid}/stat")
        if stat:
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            result[comm] = result.get(comm, 0) + ticks(stat)[0]
    return result


def machine_busy():
    fields = [int(x) for x in read("/proc/stat").splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def snapshot(roots, generator):
    table = processes()
    pids = {generator}
    for root in roots:
        pids |= descendants(root, table)
    procs = {pid: (name(pid), table[pid][1]) for pid in pids if pid in table}
    detail = {pid: threads(pid) for pid, (n, _) in procs.items() if n in ("device-service", "load generator")}
    return time.time() * 1000, procs, detail, machine_busy()


def main():
    roots, generator, output = [int(p) for p in sys.argv[1].split(",")], int(sys.argv[2]), sys.argv[3]
    samples = []
    while os.path.exists(f"/proc/{generator}"):
        samples.append(snapshot(roots, generator))
        time.sleep(1)
    marks = {}
    for line in (read(output) or "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("measure-start", "measure-end"):
            marks[parts[0]] = float(parts[1])
    if "measure-start" not in marks or "measure-end" not in marks or len(samples) < 2:
        print("[cpu] no measured window found", file=sys.stderr)
        return
    inside = [s for s in samples if marks["measure-start"] <= s[0] <= marks["measure-end"]]
    if len(inside) < 2:
        print("[cpu] measured window too short to sample", file=sys.stderr)
        return
    first, last = inside[0], inside[-1]
    seconds = (last[0] - first[0]) / 1000
    busy = (last[3][0] - first[3][0]), (last[3][1] - first[3][1])
    print(f"[cpu] {seconds:.0f} s of the measured window; machine busy {100.0 * busy[0] / busy[1]:.0f} % of "
          f"{os.cpu_count()} cores; % of one core:")
    groups = {}
    for pid, (n, cpu) in last[1].items():
        if pid in first[1]:
            groups[n] = groups.get(n, 0) + cpu - first[1][pid][1]
    for n, cpu in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"[cpu]   {n:30s} {100.0 * cpu / TICK / seconds:6.1f} %")
    for pid, per_thread in last[2].items():
        before = first[2].get(pid, {})
        rows = sorted(((t, c - before.get(t, 0)) for t, c in per_thread.items()), key=lambda kv: -kv[1])
        print(f"[cpu]   threads of {last[1][pid][0]}:")
        for t, c in rows[:8]:
            if c > 0:
                print(f"[cpu]     {t:28s} {100.0 * c / TICK / seconds:6.1f} %")


if __name__ == "__main__":
    main()
