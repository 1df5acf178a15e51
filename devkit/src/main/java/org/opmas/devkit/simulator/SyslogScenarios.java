package org.opmas.devkit.simulator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Realistic RFC 3164 lines of OpenWrt daemons for the scenarios OPMAS detects (see REFERENCE.md):
 * {@code <PRI>Mmm dd HH:MM:SS hostname program[pid]: message}, in the router's local time (UTC
 * here). A null hostname leaves it out, as busybox syslogd does.
 */
public final class SyslogScenarios {

    /** facility * 8 + severity. */
    public static final int KERN_ERR = 3;
    public static final int KERN_WARNING = 4;
    public static final int DAEMON_NOTICE = 29;
    public static final int DAEMON_INFO = 30;
    public static final int AUTHPRIV_WARNING = 84;
    public static final int AUTHPRIV_INFO = 86;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private SyslogScenarios() {
    }

    public static String line(int pri, String hostname, String program, String message) {
        String time = TIME.format(LocalDateTime.now(ZoneOffset.UTC));
        return "<" + pri + ">" + time + " " + (hostname == null ? "" : hostname + " ") + program + ": " + message;
    }

    /** dropbear rejecting passwords from one source, then a nonexistent user. */
    public static List<String> sshBruteForce(String hostname, String attackerIp, int attempts) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            int port = 40000 + i;
            String program = "dropbear[" + (2100 + i) + "]";
            lines.add(i % 4 == 3
                    ? line(AUTHPRIV_INFO, hostname, program, "Login attempt for nonexistent user from " + attackerIp + ":" + port)
                    : line(AUTHPRIV_WARNING, hostname, program, "Bad password attempt for 'root' from " + attackerIp + ":" + port));
        }
        return lines;
    }

    /** netifd taking an interface down and up again {@code flaps} times. */
    public static List<String> interfaceFlapping(String hostname, String iface, int flaps) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flaps; i++) {
            lines.add(line(DAEMON_NOTICE, hostname, "netifd", "Network device '" + iface + "' link is down"));
            lines.add(line(DAEMON_NOTICE, hostname, "netifd", "Interface '" + iface + "' has link connectivity loss"));
            lines.add(line(DAEMON_NOTICE, hostname, "netifd", "Interface '" + iface + "' is now down"));
            lines.add(line(DAEMON_NOTICE, hostname, "netifd", "Interface '" + iface + "' is now up"));
        }
        return lines;
    }

    /** The kernel OOM killer picking dnsmasq. */
    public static List<String> outOfMemory(String hostname) {
        return List.of(
                line(KERN_WARNING, hostname, "kernel", "[123456.789012] dnsmasq invoked oom-killer: "
                        + "gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0"),
                line(KERN_ERR, hostname, "kernel", "[123456.790321] Out of memory: Killed process 1201 (dnsmasq) "
                        + "total-vm:5412kB, anon-rss:2820kB, file-rss:1024kB, shmem-rss:0kB, UID:453 pgtables:40kB oom_score_adj:0"),
                line(DAEMON_INFO, hostname, "procd", "Instance dnsmasq::cfg01411c s in a crash loop 6 crashes, 0 seconds since last crash"));
    }

    /** hostapd deauthenticating/disassociating one client over and over. */
    public static List<String> deauthFlood(String hostname, String iface, String mac, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String program = "hostapd";
            lines.add(i % 2 == 0
                    ? line(DAEMON_INFO, hostname, program, iface + ": STA " + mac + " IEEE 802.11: deauthenticated due to local deauth request")
                    : line(DAEMON_INFO, hostname, program, iface + ": STA " + mac + " IEEE 802.11: disassociated"));
        }
        return lines;
    }

    /** The Wi-Fi firmware crashing and the interface going down. */
    public static List<String> driverCrash(String hostname, String iface) {
        return List.of(
                line(KERN_ERR, hostname, "kernel", "[ 8812.118211] mt7915e 0000:01:00.0: Firmware crashed"),
                line(KERN_ERR, hostname, "kernel", "[ 8812.118907] mt7915e 0000:01:00.0: chip reset"),
                line(DAEMON_NOTICE, hostname, "hostapd", iface + ": interface state ENABLED->DISABLED"),
                line(DAEMON_NOTICE, hostname, "hostapd", iface + ": AP-DISABLED"));
    }
}
