package org.opmas.devkit.simulator;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The commands of a simulated OpenWrt router and the state they change: UCI, interfaces,
 * services, the firewall's blocked IPs, the Wi-Fi MAC deny list, the log ring buffer. Output
 * follows what OpenWrt 23.05 prints closely enough for parsers and humans.
 */
public final class RouterCommands {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy",
            Locale.ROOT);
    private static final Set<String> SERVICES = Set.of("network", "firewall", "dnsmasq", "dropbear", "uhttpd", "log",
            "odhcpd", "wpad", "sysntpd", "cron", "system", "boot", "sysctl");
    private static final int LOG_CAPACITY = 1000;

    private final String hostname;
    private final Instant bootedAt = Instant.now();
    private final Uci uci = new Uci();
    private final Map<String, Boolean> interfaces = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> serviceActions = new ConcurrentHashMap<>();
    private final Set<String> nftBlocked = ConcurrentHashMap.newKeySet();
    private final Set<String> deauthenticated = ConcurrentHashMap.newKeySet();
    private final Deque<String> log = new ArrayDeque<>();
    private final AtomicInteger wifiReloads = new AtomicInteger();
    private final AtomicInteger reboots = new AtomicInteger();
    private volatile Set<String> firewallBlocked = Set.of();
    private volatile Set<String> wifiDenied = Set.of();

    public RouterCommands(String hostname) {
        this.hostname = hostname;
        uci.load("system.cfg01e48a", "system");
        uci.load("system.cfg01e48a.hostname", hostname);
        uci.load("system.cfg01e48a.timezone", "UTC");
        uci.load("network.lan", "interface");
        uci.load("network.lan.device", "br-lan");
        uci.load("network.lan.proto", "static");
        uci.load("network.lan.ipaddr", "192.168.1.1");
        uci.load("network.lan.netmask", "255.255.255.0");
        uci.load("network.wan", "interface");
        uci.load("network.wan.device", "wan");
        uci.load("network.wan.proto", "dhcp");
        uci.load("wireless.radio0", "wifi-device");
        uci.load("wireless.radio0.channel", "36");
        uci.load("wireless.radio0.band", "5g");
        uci.load("wireless.default_radio0", "wifi-iface");
        uci.load("wireless.default_radio0.device", "radio0");
        uci.load("wireless.default_radio0.network", "lan");
        uci.load("wireless.default_radio0.mode", "ap");
        uci.load("wireless.default_radio0.ssid", "OpenWrt");
        uci.load("wireless.default_radio0.ifname", "wlan0");
        uci.load("firewall.cfg01e63d", "defaults");
        uci.load("firewall.cfg01e63d.input", "REJECT");
        uci.load("firewall.cfg01e63d.forward", "REJECT");
        uci.load("firewall.cfg02dc81", "zone");
        uci.load("firewall.cfg02dc81.name", "lan");
        uci.load("firewall.cfg03dc81", "zone");
        uci.load("firewall.cfg03dc81.name", "wan");
        for (String iface : List.of("lan", "wan", "wan6", "loopback")) {
            interfaces.put(iface, true);
        }
        syslog("kern.info", "kernel: [    0.000000] Booting Linux on physical CPU 0x0");
        syslog("daemon.notice", "netifd: Interface 'lan' is now up");
        syslog("daemon.notice", "netifd: Interface 'wan' is now up");
        syslog("daemon.info", "hostapd: wlan0: interface state COUNTRY_UPDATE->ENABLED");
        syslog("authpriv.info", "dropbear[1042]: Not backgrounding");
    }

    // --- state, for tests ------------------------------------------------------------------------

    public String hostname() {
        return hostname;
    }

    public Uci uci() {
        return uci;
    }

    /** IPs the firewall drops: uci rules applied by a firewall reload/restart, plus nft set elements. */
    public Set<String> blockedIps() {
        Set<String> all = new LinkedHashSet<>(firewallBlocked);
        all.addAll(nftBlocked);
        return all;
    }

    /** MACs denied by the Wi-Fi MAC filter as applied by the last {@code wifi}/{@code wifi reload}. */
    public Set<String> deniedMacs() {
        return wifiDenied;
    }

    public Set<String> deauthenticatedMacs() {
        return Set.copyOf(deauthenticated);
    }

    public boolean isInterfaceUp(String name) {
        return Boolean.TRUE.equals(interfaces.get(name));
    }

    public int serviceActions(String service) {
        AtomicInteger n = serviceActions.get(service);
        return n == null ? 0 : n.get();
    }

    public int wifiReloads() {
        return wifiReloads.get();
    }

    public int reboots() {
        return reboots.get();
    }

    /** Appends a line to the log ring buffer ({@code logread}). */
    public void syslog(String facilityLevel, String message) {
        String line = LOG_TIME.format(LocalDateTime.now(ZoneOffset.UTC)) + " " + facilityLevel + " " + message;
        synchronized (log) {
            log.addLast(line);
            while (log.size() > LOG_CAPACITY) {
                log.removeFirst();
            }
        }
    }

    // --- commands --------------------------------------------------------------------------------

    int run(List<String> args, RouterShell.Io io) {
        String cmd = args.get(0);
        String name = cmd.startsWith("/usr/sbin/") || cmd.startsWith("/usr/bin/") || cmd.startsWith("/sbin/")
                || cmd.startsWith("/bin/") ? cmd.substring(cmd.lastIndexOf('/') + 1) : cmd;
        List<String> a = args.subList(1, args.size());
        if (cmd.startsWith("/etc/init.d/")) {
            return initScript(cmd.substring("/etc/init.d/".length()), a, io);
        }
        return switch (name) {
            case "true", ":" -> 0;
            case "false" -> 1;
            case "echo" -> echo(a, io);
            case "printf" -> printf(a, io);
            case "sleep" -> sleep(a, io);
            case "seq" -> seq(a, io);
            case "cat" -> cat(a, io);
            case "head", "tail" -> headTail(name, a, io);
            case "grep" -> grep(a, io);
            case "sed" -> sed(a, io);
            case "wc" -> wc(io);
            case "hostname" -> out(io, hostname + "\n");
            case "uptime" -> out(io, " 22:45:49 up " + uptimeMinutes() + " min,  load average: 0.08, 0.03, 0.01\n");
            case "date" -> out(io, LOG_TIME.format(LocalDateTime.now(ZoneOffset.UTC)).replaceFirst(" (\\d{4})$",
                    " UTC $1") + "\n");
            case "uci" -> uci(a, io);
            case "wifi" -> wifi(a, io);
            case "ifup", "ifdown" -> ifUpDown(name, a, io);
            case "ifstatus" -> ifstatus(a, io);
            case "service" -> a.size() >= 1 ? initScript(a.get(0), a.subList(1, a.size()), io) : listServices(io);
            case "logread" -> logread(a, io);
            case "ubus" -> ubus(a, io);
            case "iwinfo" -> iwinfo(a, io);
            case "iw" -> iw(a, io);
            case "free" -> out(io, "              total        used        free      shared  buff/cache   available\n"
                    + "Mem:         248236       61344      148380        1424       38512      152908\n"
                    + "Swap:             0           0           0\n");
            case "df" -> out(io, """
                    Filesystem                Size      Used Available Use% Mounted on
                    /dev/root                 4.0M      4.0M         0 100% /rom
                    tmpfs                   121.2M      1.4M    119.8M   1% /tmp
                    /dev/ubi0_2              84.6M      1.8M     78.4M   2% /overlay
                    overlayfs:/overlay       84.6M      1.8M     78.4M   2% /
                    tmpfs                   512.0K         0    512.0K   0% /dev
                    """);
            case "dmesg" -> out(io, """
                    [    0.000000] Booting Linux on physical CPU 0x0
                    [    0.000000] Linux version 5.15.150 (builder@buildhost) (aarch64-openwrt-linux-musl-gcc (OpenWrt GCC 12.3.0 r23809-234f1a2efa) 12.3.0) #0 SMP Fri Mar 22 22:09:42 2024
                    [    1.204511] mt7915e 0000:01:00.0: HW/SW Version: 0x8a108a10, Build Time: 20221208201745a
                    [   12.882310] br-lan: port 1(lan1) entered forwarding state
                    [   13.019922] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready
                    """);
            case "top" -> out(io, """
                    Mem: 61344K used, 186892K free, 1424K shrd, 0K buff, 38512K cached
                    CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq
                    Load average: 0.08 0.03 0.01 1/79 4711
                      PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND
                     1418     1 root     S     4892   2%   0% /usr/sbin/hostapd -s -n phy0 -g /var/run/hostapd/global
                     1042     1 root     S     1132   0%   0% /usr/sbin/dropbear -F -P /var/run/dropbear.1.pid -p 22
                     1201     1 dnsmasq  S     1740   1%   0% /usr/sbin/dnsmasq -C /var/etc/dnsmasq.conf.cfg01411c
                        1     0 root     S     1660   1%   0% /sbin/procd
                    """);
            case "hostapd_cli" -> hostapdCli(a, io);
            case "nft" -> nft(a, io);
            case "iptables" -> iptables(a, io);
            case "reboot" -> {
                reboots.incrementAndGet();
                syslog("user.notice", "reboot: rebooting system");
                yield 0;
            }
            case "command" -> a.size() == 2 && a.get(0).equals("-v") ? out(io, "/usr/bin/" + a.get(1) + "\n") : 1;
            default -> {
                err(io, "sh: " + cmd + ": not found\n");
                yield 127;
            }
        };
    }

    private long uptimeMinutes() {
        return Math.max(1, (Instant.now().getEpochSecond() - bootedAt.getEpochSecond()) / 60);
    }

    private static int out(RouterShell.Io io, String text) {
        RouterShell.write(io.out(), text);
        return 0;
    }

    private static void err(RouterShell.Io io, String text) {
        RouterShell.write(io.err(), text);
    }

    private static int echo(List<String> a, RouterShell.Io io) {
        boolean newline = true;
        List<String> words = a;
        if (!a.isEmpty() && a.get(0).equals("-n")) {
            newline = false;
            words = a.subList(1, a.size());
        }
        return out(io, String.join(" ", words) + (newline ? "\n" : ""));
    }

    private static int printf(List<String> a, RouterShell.Io io) {
        if (a.isEmpty()) {
            return 1;
        }
        String format = a.get(0).replace("\\n", "\n").replace("\\t", "\t");
        int arg = 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char spec = format.charAt(++i);
                if (spec == '%') {
                    out.append('%');
                } else {
                    out.append(arg < a.size() ? a.get(arg++) : "");
                }
            } else {
                out.append(c);
            }
        }
        return out(io, out.toString());
    }

    private static int sleep(List<String> a, RouterShell.Io io) {
        try {
            double seconds = a.isEmpty() ? 0 : Double.parseDouble(a.get(0));
            Thread.sleep((long) (seconds * 1000));
            return 0;
        } catch (NumberFormatException e) {
            err(io, "sleep: invalid number '" + a.get(0) + "'\n");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterShell.AbortedException();
        }
    }

    private static int seq(List<String> a, RouterShell.Io io) {
        try {
            long from = a.size() >= 2 ? Long.parseLong(a.get(0)) : 1;
            long to = Long.parseLong(a.get(a.size() - 1));
            StringBuilder chunk = new StringBuilder();
            for (long i = from; i <= to; i++) {
                chunk.append(i).append('\n');
                if (chunk.length() > 8192) {
                    out(io, chunk.toString());
                    chunk.setLength(0);
                }
            }
            return out(io, chunk.toString());
        } catch (RuntimeException e) {
            err(io, "seq: invalid argument\n");
            return 1;
        }
    }

    private int cat(List<String> a, RouterShell.Io io) {
        if (a.isEmpty()) {
            writeBytes(io.out(), io.stdin());
            return 0;
        }
        return switch (a.get(0)) {
            case "/etc/openwrt_release" -> out(io, """
                    DISTRIB_ID='OpenWrt'
                    DISTRIB_RELEASE='23.05.3'
                    DISTRIB_REVISION='r23809-234f1a2efa'
                    DISTRIB_TARGET='mediatek/filogic'
                    DISTRIB_ARCH='aarch64_cortex-a53'
                    DISTRIB_DESCRIPTION='OpenWrt 23.05.3 r23809-234f1a2efa'
                    """);
            case "/proc/loadavg" -> out(io, "0.08 0.03 0.01 1/79 4711\n");
            case "/proc/sys/kernel/hostname" -> out(io, hostname + "\n");
            default -> {
                err(io, "cat: can't open '" + a.get(0) + "': No such file or directory\n");
                yield 1;
            }
        };
    }

    private static int headTail(String name, List<String> a, RouterShell.Io io) {
        int n = 10;
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            if (arg.equals("-n") && i + 1 < a.size()) {
                n = Integer.parseInt(a.get(++i));
            } else if (arg.matches("-\\d+")) {
                n = Integer.parseInt(arg.substring(1));
            }
        }
        List<String> lines = lines(io.stdin());
        List<String> picked = name.equals("head") ? lines.subList(0, Math.min(n, lines.size()))
                : lines.subList(Math.max(0, lines.size() - n), lines.size());
        return out(io, picked.isEmpty() ? "" : String.join("\n", picked) + "\n");
    }

    private static int grep(List<String> a, RouterShell.Io io) {
        boolean quiet = a.stream().anyMatch(s -> s.startsWith("-") && s.contains("q"));
        boolean invert = a.stream().anyMatch(s -> s.startsWith("-") && s.contains("v"));
        String pattern = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        List<String> matched = lines(io.stdin()).stream().filter(l -> l.contains(pattern) != invert).toList();
        if (!quiet && !matched.isEmpty()) {
            out(io, String.join("\n", matched) + "\n");
        }
        return matched.isEmpty() ? 1 : 0;
    }

    /**
     * busybox sed, the part OPMAS's rendered scripts use: {@code sed [-n] 's/RE/REPL/[g][p]'} on stdin,
     * with a POSIX basic regular expression ({@code \\( \\)} groups, {@code \\1} references).
     */
    private static int sed(List<String> a, RouterShell.Io io) {
        boolean quiet = false;
        String script = null;
        for (String arg : a) {
            if (arg.equals("-n")) {
                quiet = true;
            } else if (script == null && !arg.startsWith("-")) {
                script = arg;
            } else {
                err(io, "sed: unsupported argument '" + arg + "' (the simulator knows sed [-n] 's/RE/REPL/[gp]')\n");
                return 1;
            }
        }
        if (script == null || script.length() < 4 || script.charAt(0) != 's') {
            err(io, "sed: unsupported script '" + script + "'\n");
            return 1;
        }
        char delimiter = script.charAt(1);
        String[] parts = script.substring(2).split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        if (parts.length != 3 || !parts[2].matches("[gp]*")) {
            err(io, "sed: unterminated or unsupported 's' command\n");
            return 1;
        }
        java.util.regex.Pattern re = java.util.regex.Pattern.compile(basicRegex(parts[0]));
        String replacement = parts[1].replace("$", "\\$").replaceAll("\\\\(\\d)", "\\$$1").replace("&", "$0");
        boolean global = parts[2].contains("g");
        boolean print = parts[2].contains("p");
        StringBuilder out = new StringBuilder();
        for (String line : lines(io.stdin())) {
            java.util.regex.Matcher m = re.matcher(line);
            boolean matched = m.find();
            String result = line;
            if (matched) {
                m.reset();
                result = global ? m.replaceAll(replacement) : m.replaceFirst(replacement);
            }
            if (!quiet) {
                out.append(result).append('\n');
            }
            if (matched && print) {
                out.append(result).append('\n');
            }
        }
        return out(io, out.toString());
    }

    /** A POSIX basic regular expression as a java.util.regex pattern. */
    static String basicRegex(String bre) {
        StringBuilder java = new StringBuilder();
        for (int i = 0; i < bre.length(); i++) {
            char c = bre.charAt(i);
            if (c == '\\' && i + 1 < bre.length()) {
                char next = bre.charAt(++i);
                switch (next) {
                    case '(', ')', '{', '}' -> java.append(next);         // groups and intervals in a BRE
                    default -> java.append('\\').append(next);            // \. \1 \\ \/ …
                }
            } else if (c == '(' || c == ')' || c == '{' || c == '}' || c == '+' || c == '?' || c == '|') {
                java.append('\\').append(c);                             // literal in a BRE
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    private static int wc(RouterShell.Io io) {
        return out(io, lines(io.stdin()).size() + "\n");
    }

    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1
                : text.split("\n", -1).length);
    }

    private static void writeBytes(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int uci(List<String> a, RouterShell.Io io) {
        List<String> args = a.stream().filter(s -> !s.equals("-q")).toList();
        boolean quiet = a.contains("-q");
        if (args.isEmpty()) {
            err(io, "Usage: uci [<options>] <command> [<arguments>]\n");
            return 1;
        }
        String sub = args.get(0);
        String arg = args.size() > 1 ? args.get(1) : null;
        switch (sub) {
            case "get" -> {
                var value = arg == null ? java.util.Optional.<String>empty() : uci.get(arg);
                if (value.isEmpty()) {
                    if (!quiet) {
                        err(io, "uci: Entry not found\n");
                    }
                    return 1;
                }
                return out(io, value.get() + "\n");
            }
            case "set", "add_list", "del_list" -> {
                int eq = arg == null ? -1 : arg.indexOf('=');
                if (eq < 0) {
                    err(io, "uci: Invalid argument\n");
                    return 1;
                }
                String key = arg.substring(0, eq);
                String value = arg.substring(eq + 1);
                boolean ok = switch (sub) {
                    case "set" -> uci.set(key, value);
                    case "add_list" -> uci.addList(key, value);
                    default -> uci.delList(key, value);
                };
                if (!ok) {
                    err(io, "uci: Invalid argument\n");
                    return 1;
                }
                return 0;
            }
            case "add" -> {
                if (args.size() < 3) {
                    err(io, "uci: Invalid argument\n");
                    return 1;
                }
                return out(io, uci.add(args.get(1), args.get(2)) + "\n");
            }
            case "delete" -> {
                if (arg == null || !uci.delete(arg)) {
                    if (!quiet) {
                        err(io, "uci: Entry not found\n");
                    }
                    return 1;
                }
                return 0;
            }
            case "commit" -> {
                uci.commit(arg);
                return 0;
            }
            case "revert" -> {
                uci.revert(arg);
                return 0;
            }
            case "changes" -> {
                List<String> changes = uci.changes().stream()
                        .filter(c -> arg == null || c.startsWith(arg + ".") || c.startsWith("-" + arg + "."))
                        .toList();
                return out(io, changes.isEmpty() ? "" : String.join("\n", changes) + "\n");
            }
            case "show" -> {
                List<String> lines = uci.show(arg);
                if (arg != null && lines.isEmpty()) {
                    err(io, "uci: Entry not found\n");
                    return 1;
                }
                return out(io, String.join("\n", lines) + "\n");
            }
            default -> {
                err(io, "uci: Invalid argument\n");
                return 1;
            }
        }
    }

    private int wifi(List<String> a, RouterShell.Io io) {
        String sub = a.isEmpty() ? "up" : a.get(0);
        switch (sub) {
            case "reload", "up", "down" -> {
                if (!sub.equals("down")) {
                    applyWireless();
                }
                wifiReloads.incrementAndGet();
                syslog("daemon.notice", "netifd: Wireless device 'radio0' is now " + (sub.equals("down") ? "down" : "up"));
                return 0;
            }
            case "status" -> {
                return out(io, "{\n\t\"radio0\": {\n\t\t\"up\": true,\n\t\t\"pending\": false\n\t}\n}\n");
            }
            default -> {
                err(io, "Usage: /sbin/wifi [config|up|down|reconf|reload|status|isup]\n");
                return 1;
            }
        }
    }

    private void applyWireless() {
        Set<String> denied = new LinkedHashSet<>();
        Map<String, List<String>> wireless = uci.committed("wireless");
        wireless.forEach((k, v) -> {
            if (k.endsWith(".maclist")) {
                String section = k.substring(0, k.length() - ".maclist".length());
                List<String> filter = wireless.get(section + ".macfilter");
                if (filter != null && filter.contains("deny")) {
                    v.forEach(mac -> denied.add(mac.toLowerCase(Locale.ROOT)));
                }
            }
        });
        wifiDenied = Set.copyOf(denied);
    }

    private void applyFirewall() {
        Set<String> blocked = new LinkedHashSet<>();
        Map<String, List<String>> fw = uci.committed("firewall");
        fw.forEach((k, v) -> {
            if (k.split("\\.").length == 2 && v.equals(List.of("rule"))) {
                List<String> target = fw.get(k + ".target");
                List<String> src = fw.get(k + ".src_ip");
                List<String> enabled = fw.get(k + ".enabled");
                if (src != null && target != null && (target.contains("DROP") || target.contains("REJECT"))
                        && (enabled == null || !enabled.contains("0"))) {
                    blocked.addAll(src);
                }
            }
        });
        firewallBlocked = Set.copyOf(blocked);
    }

    private int ifUpDown(String name, List<String> a, RouterShell.Io io) {
        if (a.isEmpty() || !interfaces.containsKey(a.get(0))) {
            err(io, "Interface not found\n");
            return 1;
        }
        boolean up = name.equals("ifup");
        interfaces.put(a.get(0), up);
        syslog("daemon.notice", "netifd: Interface '" + a.get(0) + "' is now " + (up ? "up" : "down"));
        return 0;
    }

    private int ifstatus(List<String> a, RouterShell.Io io) {
        if (a.isEmpty() || !interfaces.containsKey(a.get(0))) {
            err(io, "Interface " + (a.isEmpty() ? "" : a.get(0)) + " not found\n");
            return 1;
        }
        boolean up = isInterfaceUp(a.get(0));
        return out(io, "{\n\t\"up\": " + up + ",\n\t\"pending\": false,\n\t\"available\": true,\n\t\"autostart\": true,\n"
                + "\t\"uptime\": " + (up ? uptimeMinutes() * 60 : 0) + ",\n\t\"l3_device\": \"" + a.get(0) + "\",\n"
                + "\t\"proto\": \"dhcp\",\n\t\"device\": \"" + a.get(0) + "\",\n"
                + "\t\"ipv4-address\": [\n\t\t{\n\t\t\t\"address\": \"203.0.113.20\",\n\t\t\t\"mask\": 24\n\t\t}\n\t],\n"
                + "\t\"route\": [\n\t\t{\n\t\t\t\"target\": \"0.0.0.0\",\n\t\t\t\"mask\": 0,\n"
                + "\t\t\t\"nexthop\": \"203.0.113.1\"\n\t\t}\n\t]\n}\n");
    }

    private int listServices(RouterShell.Io io) {
        return out(io, String.join("\n", SERVICES.stream().sorted().toList()) + "\n");
    }

    private int initScript(String service, List<String> a, RouterShell.Io io) {
        if (!SERVICES.contains(service)) {
            err(io, "sh: /etc/init.d/" + service + ": not found\n");
            return 127;
        }
        String action = a.isEmpty() ? "" : a.get(0);
        switch (action) {
            case "start", "stop", "restart", "reload", "enable", "disable", "enabled", "running" -> {
                serviceActions.computeIfAbsent(service, s -> new AtomicInteger()).incrementAndGet();
                if (service.equals("firewall") && (action.equals("reload") || action.equals("restart")
                        || action.equals("start"))) {
                    applyFirewall();
                }
                if (service.equals("network") && (action.equals("reload") || action.equals("restart"))) {
                    applyWireless();
                }
                syslog("daemon.info", "procd: /etc/init.d/" + service + ": " + action);
                return 0;
            }
            default -> {
                err(io, "Syntax: /etc/init.d/" + service + " [command]\n\nAvailable commands:\n\tstart\tStart the service\n"
                        + "\tstop\tStop the service\n\trestart\tRestart the service\n\treload\tReload configuration files "
                        + "(or restart if service does not implement reload)\n");
                return 1;
            }
        }
    }

    private int logread(List<String> a, RouterShell.Io io) {
        int limit = Integer.MAX_VALUE;
        String pattern = null;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("-l") && i + 1 < a.size()) {
                try {
                    limit = Integer.parseInt(a.get(++i));
                } catch (NumberFormatException e) {
                    err(io, "logread: invalid number\n");
                    return 1;
                }
            } else if (a.get(i).equals("-e") && i + 1 < a.size()) {
                pattern = a.get(++i);
            }
        }
        List<String> lines;
        synchronized (log) {
            lines = new ArrayList<>(log);
        }
        if (pattern != null) {
            String p = pattern;
            lines = lines.stream().filter(l -> l.contains(p)).toList();
        }
        lines = lines.subList(Math.max(0, lines.size() - limit), lines.size());
        return out(io, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    private int ubus(List<String> a, RouterShell.Io io) {
        if (a.size() >= 3 && a.get(0).equals("call") && a.get(1).equals("system") && a.get(2).equals("info")) {
            long uptime = uptimeMinutes() * 60;
            return out(io, "{\n\t\"localtime\": " + Instant.now().getEpochSecond() + ",\n\t\"uptime\": " + uptime + ",\n"
                    + "\t\"load\": [\n\t\t5472,\n\t\t1984,\n\t\t640\n\t],\n"
                    + "\t\"memory\": {\n\t\t\"total\": 254193664,\n\t\t\"free\": 151941120,\n\t\t\"shared\": 1458176,\n"
                    + "\t\t\"buffered\": 0,\n\t\t\"available\": 156577792,\n\t\t\"cached\": 39436288\n\t},\n"
                    + "\t\"root\": {\n\t\t\"total\": 86656,\n\t\t\"free\": 80256,\n\t\t\"used\": 1880,\n\t\t\"avail\": 80256\n\t},\n"
                    + "\t\"tmp\": {\n\t\t\"total\": 124096,\n\t\t\"free\": 122672,\n\t\t\"used\": 1424,\n\t\t\"avail\": 122672\n\t},\n"
                    + "\t\"swap\": {\n\t\t\"total\": 0,\n\t\t\"free\": 0\n\t}\n}\n");
        }
        if (a.size() >= 3 && a.get(0).equals("call") && a.get(1).equals("system") && a.get(2).equals("board")) {
            return out(io, "{\n\t\"kernel\": \"5.15.150\",\n\t\"hostname\": \"" + hostname + "\",\n"
                    + "\t\"system\": \"ARMv8 Processor rev 4\",\n\t\"model\": \"GL.iNet GL-MT3000\",\n"
                    + "\t\"board_name\": \"glinet,gl-mt3000\",\n\t\"release\": {\n\t\t\"distribution\": \"OpenWrt\",\n"
                    + "\t\t\"version\": \"23.05.3\",\n\t\t\"revision\": \"r23809-234f1a2efa\"\n\t}\n}\n");
        }
        err(io, "Command failed: Not found\n");
        return 4;
    }

    private int iwinfo(List<String> a, RouterShell.Io io) {
        if (a.size() >= 2 && a.get(1).equals("assoclist")) {
            return out(io, """
                    3C:22:FB:12:34:56  -58 dBm / -95 dBm (SNR 37)  120 ms ago
                    \tRX: 866.7 MBit/s, VHT-MCS 9, 80MHz, VHT-NSS 2      18446 Pkts.
                    \tTX: 780.0 MBit/s, VHT-MCS 8, 80MHz, VHT-NSS 2      12003 Pkts.
                    \texpected throughput: 451.6 MBit/s

                    """);
        }
        return out(io, """
                wlan0     ESSID: "OpenWrt"
                          Access Point: 94:83:C4:00:11:22
                          Mode: Master  Channel: 36 (5.180 GHz)  HT Mode: HE80
                          Center Channel 1: 42 2: unknown
                          Tx-Power: 23 dBm  Link Quality: 52/70
                          Signal: -58 dBm  Noise: -95 dBm
                          Bit Rate: 866.7 MBit/s
                          Encryption: WPA2 PSK (CCMP)
                          Type: nl80211  HW Mode(s): 802.11ac/ax/n
                          Hardware: embedded [MediaTek MT7981]
                          TX power offset: none
                          Frequency offset: none
                          Supports VAPs: yes  PHY name: phy1
                """);
    }

    private int iw(List<String> a, RouterShell.Io io) {
        if (a.size() >= 4 && a.get(0).equals("dev") && a.get(2).equals("station") && a.get(3).equals("dump")) {
            return out(io, "Station 3c:22:fb:12:34:56 (on " + a.get(1) + ")\n\tinactive time:\t120 ms\n"
                    + "\trx bytes:\t2719403\n\trx packets:\t18446\n\ttx bytes:\t9921311\n\ttx packets:\t12003\n"
                    + "\tsignal:  \t-58 [-61, -60] dBm\n\tconnected time:\t3712 seconds\n");
        }
        err(io, "command failed: No such device (-19)\n");
        return 237;
    }

    private int hostapdCli(List<String> a, RouterShell.Io io) {
        String iface = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("-i") && i + 1 < a.size()) {
                iface = a.get(++i);
            } else {
                rest.add(a.get(i));
            }
        }
        if (iface == null || !iface.startsWith("wlan")) {
            err(io, "Failed to connect to hostapd - wpa_ctrl_open: No such file or directory\n");
            return 255;
        }
        if (rest.size() == 2 && (rest.get(0).equals("deauthenticate") || rest.get(0).equals("disassociate"))) {
            String mac = rest.get(1).toLowerCase(Locale.ROOT);
            if (!mac.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                return out(io, "FAIL\n");
            }
            deauthenticated.add(mac);
            syslog("daemon.info", "hostapd: " + iface + ": STA " + mac + " IEEE 802.11: deauthenticated due to local deauth request");
            return out(io, "OK\n");
        }
        return out(io, "UNKNOWN COMMAND\n");
    }

    /** {@code nft add|delete element inet fw4 <set> { ip[, ip] }}. */
    private int nft(List<String> a, RouterShell.Io io) {
        if (a.size() >= 5 && (a.get(0).equals("add") || a.get(0).equals("delete")) && a.get(1).equals("element")) {
            boolean add = a.get(0).equals("add");
            for (String token : a.subList(5, a.size())) {
                for (String ip : token.replace("{", " ").replace("}", " ").replace(",", " ").trim().split("\\s+")) {
                    if (!ip.isBlank()) {
                        if (add) {
                            nftBlocked.add(ip);
                        } else {
                            nftBlocked.remove(ip);
                        }
                    }
                }
            }
            return 0;
        }
        if (a.size() >= 2 && a.get(0).equals("list")) {
            return out(io, "table inet fw4 {\n\tset opmas_blocklist {\n\t\ttype ipv4_addr\n\t\telements = { "
                    + String.join(", ", nftBlocked) + " }\n\t}\n}\n");
        }
        err(io, "Error: syntax error\n");
        return 1;
    }

    /** {@code iptables -I|-A INPUT -s <ip> -j DROP|REJECT} and {@code -D} to remove. */
    private int iptables(List<String> a, RouterShell.Io io) {
        int s = a.indexOf("-s");
        int j = a.indexOf("-j");
        if (s < 0 || s + 1 >= a.size() || j < 0 || j + 1 >= a.size()) {
            err(io, "iptables v1.8.8 (nf_tables): unknown arguments\n");
            return 2;
        }
        if (a.contains("-D")) {
            nftBlocked.remove(a.get(s + 1));
        } else {
            nftBlocked.add(a.get(s + 1));
        }
        return 0;
    }
}
