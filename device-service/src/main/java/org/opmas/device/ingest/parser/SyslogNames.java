package org.opmas.device.ingest.parser;

/** Syslog facility and level names (as logread prints them) to their RFC 5424 numbers. */
final class SyslogNames {

    private SyslogNames() {
    }

    /** 0-23, or -1 for an unknown name. */
    static int facility(String name) {
        return switch (name) {
            case "kern" -> 0;
            case "user" -> 1;
            case "mail" -> 2;
            case "daemon" -> 3;
            case "auth", "security" -> 4;
            case "syslog" -> 5;
            case "lpr" -> 6;
            case "news" -> 7;
            case "uucp" -> 8;
            case "cron" -> 9;
            case "authpriv" -> 10;
            case "ftp" -> 11;
            case "ntp" -> 12;
            case "audit" -> 13;
            case "alert" -> 14;
            case "clock" -> 15;
            case "local0" -> 16;
            case "local1" -> 17;
            case "local2" -> 18;
            case "local3" -> 19;
            case "local4" -> 20;
            case "local5" -> 21;
            case "local6" -> 22;
            case "local7" -> 23;
            default -> -1;
        };
    }

    /** 0-7, or -1 for an unknown name. */
    static int severity(String name) {
        return switch (name) {
            case "emerg", "panic" -> 0;
            case "alert" -> 1;
            case "crit" -> 2;
            case "err", "error" -> 3;
            case "warn", "warning" -> 4;
            case "notice" -> 5;
            case "info" -> 6;
            case "debug" -> 7;
            default -> -1;
        };
    }
}
