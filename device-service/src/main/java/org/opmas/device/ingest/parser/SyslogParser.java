package org.opmas.device.ingest.parser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opmas.schema.events.LogFormat;

/**
 * Takes apart the three line formats routers and their collectors send, detected per line:
 * <ul>
 * <li>RFC 3164 {@code <PRI>Mmm dd HH:MM:SS hostname tag[pid]: msg}; PRI optional, hostname
 * optional (busybox syslogd omits it);</li>
 * <li>RFC 5424 {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM?MSG};</li>
 * <li>OpenWrt {@code logread}: {@code Thu Nov 27 22:45:49 2026 daemon.notice hostapd[1234]: msg}.</li>
 * </ul>
 * A line that fits none of them comes back {@link LogFormat#UNPARSED} with the reason, never as an
 * exception: the caller forwards it anyway. Hand-written index scanning (no regex, no
 * tokenizing split) because it runs once per received line; the only allocations are the
 * substrings the event needs.
 */
public final class SyslogParser {

    /** Year used to hold an RFC 3164 date until the real year is inferred; leap, so Feb 29 fits. */
    private static final int PLACEHOLDER_YEAR = 2000;
    private static final int MAX_HOSTNAME = 255;
    private static final int MAX_PROGRAM = 255;
    private static final int MAX_MSG_ID = 32;
    private static final int MAX_SD_ELEMENTS = 64;
    private static final int MAX_SD_PARAMS = 128;
    private static final int MAX_SD_VALUE = 8192;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private SyslogParser() {
    }

    /** Parses one line (without its trailing newline). */
    public static ParsedLine parse(String line) {
        int len = line.length();
        if (len == 0) {
            return ParsedLine.unparsed(line, "empty line");
        }
        try {
            if (line.charAt(0) == '<') {
                int close = line.indexOf('>', 1);
                if (close < 2 || close > 4) {
                    throw new Failure("invalid PRI: expected <0-191>");
                }
                int pri = digits(line, 1, close);
                if (pri < 0 || pri > 191) {
                    throw new Failure("invalid PRI: expected <0-191>");
                }
                int pos = close + 1;
                if (pos + 1 < len && line.charAt(pos) == '1' && line.charAt(pos + 1) == ' ') {
                    return rfc5424(line, pri, pos + 2);
                }
                return rfc3164(line, pri, pos);
            }
            if (len > 4 && line.charAt(3) == ' ' && indexOf(DAYS, line, 0) >= 0 && month(line, 4) > 0) {
                return logread(line);
            }
            if (month(line, 0) > 0) {
                return rfc3164(line, -1, 0);
            }
            throw new Failure("no syslog header: expected <PRI>, an RFC 3164 timestamp or a logread line");
        } catch (Failure f) {
            return ParsedLine.unparsed(line, f.getMessage());
        }
    }

    // ---------------------------------------------------------------- RFC 3164

    private static ParsedLine rfc3164(String line, int pri, int start) {
        int len = line.length();
        int pos = start;
        LocalDateTime local = null;
        if (month(line, pos) > 0 && pos + 3 < len && line.charAt(pos + 3) == ' ') {
            int[] cursor = {pos};
            local = bsdTimestamp(line, cursor, PLACEHOLDER_YEAR);
            pos = cursor[0];
        } else if (pri < 0) {
            throw new Failure("RFC 3164: missing timestamp");
        }
        // else: "<PRI>msg" without a timestamp; RFC 3164 4.3.2 lets the relay use its receive time
        String hostname = null;
        if (local != null) {
            if (pos < len && line.charAt(pos) == ' ') {
                pos++;
            }
            int end = indexOfSpace(line, pos);
            if (end > pos && !looksLikeTag(line, pos, end)) {
                if (end - pos > MAX_HOSTNAME) {
                    throw new Failure("RFC 3164: hostname longer than 255 characters");
                }
                hostname = line.substring(pos, end);
                pos = end < len ? end + 1 : end;
            }
        }
        return withTag(line, pos, LogFormat.RFC3164, facility(pri), severity(pri), hostname, local, false);
    }

    /** Busybox omits the hostname: the token after the time is then already the tag. */
    private static boolean looksLikeTag(String line, int from, int end) {
        if (line.charAt(end - 1) == ':') {
            return true;
        }
        for (int i = from; i < end; i++) {
            if (line.charAt(i) == '[') {
                return true;
            }
        }
        return false;
    }

    /** {@code Mmm dd HH:MM:SS} (day space- or zero-padded, optional fraction); cursor moves past it. */
    private static LocalDateTime bsdTimestamp(String line, int[] cursor, int year) {
        int pos = cursor[0];
        int month = month(line, pos);
        pos += 4;
        if (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        int dayEnd = pos;
        while (dayEnd < line.length() && dayEnd - pos < 2 && isDigit(line.charAt(dayEnd))) {
            dayEnd++;
        }
        int day = digits(line, pos, dayEnd);
        if (day < 1 || dayEnd >= line.length() || line.charAt(dayEnd) != ' ') {
            throw new Failure("invalid timestamp: expected 'Mmm dd HH:MM:SS'");
        }
        pos = dayEnd + 1;
        if (pos + 8 > line.length() || line.charAt(pos + 2) != ':' || line.charAt(pos + 5) != ':') {
            throw new Failure("invalid timestamp: expected 'Mmm dd HH:MM:SS'");
        }
        int hour = digits(line, pos, pos + 2);
        int minute = digits(line, pos + 3, pos + 5);
        int second = digits(line, pos + 6, pos + 8);
        pos += 8;
        int nanos = 0;
        if (pos < line.length() && line.charAt(pos) == '.') {
            int[] frac = {pos + 1};
            nanos = fraction(line, frac);
            pos = frac[0];
        }
        if (hour < 0 || minute < 0 || second < 0) {
            throw new Failure("invalid timestamp: expected 'Mmm dd HH:MM:SS'");
        }
        cursor[0] = pos;
        try {
            return LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
        } catch (DateTimeException e) {
            throw new Failure("invalid timestamp: " + e.getMessage());
        }
    }

    /** {@code tag[pid]: msg} or {@code tag: msg} at pos; anything else is all message. */
    private static ParsedLine withTag(String line, int pos, LogFormat format, Integer facility, Integer severity,
            String hostname, LocalDateTime local, boolean yearKnown) {
        int len = line.length();
        int j = pos;
        while (j < len) {
            char c = line.charAt(j);
            if (c == ' ' || c == '[' || c == ':') {
                break;
            }
            j++;
        }
        String program = null;
        Integer pid = null;
        int messageStart = pos;
        if (j > pos && j < len && j - pos <= MAX_PROGRAM) {
            char c = line.charAt(j);
            if (c == '[') {
                int close = line.indexOf(']', j + 1);
                if (close > 0 && close + 1 < len && line.charAt(close + 1) == ':') {
                    program = line.substring(pos, j);
                    int value = close - j - 1 <= 9 ? digits(line, j + 1, close) : -1;
                    pid = value >= 0 ? value : null;
                    messageStart = close + 2;
                }
            } else if (c == ':') {
                program = line.substring(pos, j);
                messageStart = j + 1;
            }
        }
        if (program != null && messageStart < len && line.charAt(messageStart) == ' ') {
            messageStart++;
        }
        String message = messageStart == 0 ? line : line.substring(messageStart);
        return new ParsedLine(format, facility, severity, hostname, program, pid, null, message, null, null, local,
                yearKnown, null);
    }

    // ---------------------------------------------------------------- RFC 5424

    private static ParsedLine rfc5424(String line, int pri, int start) {
        int len = line.length();
        int[] cursor = {start};
        Instant instant = null;
        if (line.startsWith("- ", start) || (start + 1 == len && line.charAt(start) == '-')) {
            cursor[0] = start + 1;
        } else {
            instant = rfc3339(line, cursor);
        }
        String hostname = headerField(line, cursor, "HOSTNAME", MAX_HOSTNAME);
        String appName = headerField(line, cursor, "APP-NAME", 48);
        String procId = headerField(line, cursor, "PROCID", 128);
        String msgId = headerField(line, cursor, "MSGID", MAX_MSG_ID);
        int pos = cursor[0];
        if (pos >= len || line.charAt(pos) != ' ') {
            throw new Failure("RFC 5424: missing STRUCTURED-DATA");
        }
        pos++;
        Map<String, Map<String, String>> sd = null;
        if (pos < len && line.charAt(pos) == '-') {
            pos++;
        } else if (pos < len && line.charAt(pos) == '[') {
            cursor[0] = pos;
            sd = structuredData(line, cursor);
            pos = cursor[0];
        } else {
            throw new Failure("RFC 5424: STRUCTURED-DATA must be '-' or start with '['");
        }
        String message;
        if (pos >= len) {
            message = "";
        } else if (line.charAt(pos) != ' ') {
            throw new Failure("RFC 5424: expected a space before MSG");
        } else {
            pos++;
            if (pos < len && line.charAt(pos) == '\uFEFF') {
                pos++;
            }
            message = line.substring(pos);
        }
        Integer pid = null;
        if (procId != null && procId.length() <= 9) {
            int value = digits(procId, 0, procId.length());
            pid = value >= 0 ? value : null;
        }
        return new ParsedLine(LogFormat.RFC5424, facility(pri), severity(pri), hostname, appName, pid, msgId, message,
                sd, instant, null, false, null);
    }

    /** Space, then a header field up to the next space; NILVALUE '-' is null. */
    private static String headerField(String line, int[] cursor, String name, int maxLength) {
        int pos = cursor[0];
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw new Failure("RFC 5424: missing " + name);
        }
        pos++;
        int end = indexOfSpace(line, pos);
        if (end == pos) {
            throw new Failure("RFC 5424: empty " + name);
        }
        if (end - pos > maxLength) {
            throw new Failure("RFC 5424: " + name + " longer than " + maxLength + " characters");
        }
        cursor[0] = end;
        return end - pos == 1 && line.charAt(pos) == '-' ? null : line.substring(pos, end);
    }

    /** {@code YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)}; cursor moves past it. */
    private static Instant rfc3339(String line, int[] cursor) {
        int p = cursor[0];
        if (p + 20 > line.length() || line.charAt(p + 4) != '-' || line.charAt(p + 7) != '-'
                || (line.charAt(p + 10) != 'T' && line.charAt(p + 10) != 't') || line.charAt(p + 13) != ':'
                || line.charAt(p + 16) != ':') {
            throw new Failure("RFC 5424: invalid TIMESTAMP, expected RFC 3339");
        }
        int year = digits(line, p, p + 4);
        int month = digits(line, p + 5, p + 7);
        int day = digits(line, p + 8, p + 10);
        int hour = digits(line, p + 11, p + 13);
        int minute = digits(line, p + 14, p + 16);
        int second = digits(line, p + 17, p + 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            throw new Failure("RFC 5424: invalid TIMESTAMP, expected RFC 3339");
        }
        p += 19;
        int nanos = 0;
        if (p < line.length() && line.charAt(p) == '.') {
            int[] frac = {p + 1};
            nanos = fraction(line, frac);
            p = frac[0];
        }
        int offsetSeconds;
        if (p < line.length() && (line.charAt(p) == 'Z' || line.charAt(p) == 'z')) {
            offsetSeconds = 0;
            p++;
        } else if (p + 6 <= line.length() && (line.charAt(p) == '+' || line.charAt(p) == '-')
                && line.charAt(p + 3) == ':') {
            int oh = digits(line, p + 1, p + 3);
            int om = digits(line, p + 4, p + 6);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                throw new Failure("RFC 5424: invalid TIMESTAMP offset");
            }
            offsetSeconds = (oh * 3600 + om * 60) * (line.charAt(p) == '-' ? -1 : 1);
            p += 6;
        } else {
            throw new Failure("RFC 5424: TIMESTAMP needs 'Z' or an offset");
        }
        cursor[0] = p;
        try {
            long epochSecond = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59))
                    .toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (DateTimeException e) {
            throw new Failure("RFC 5424: invalid TIMESTAMP: " + e.getMessage());
        }
    }

    /** One or more {@code [SD-ID PARAM="value" ...]}; values unescape {@code \" \\ \]}. */
    private static Map<String, Map<String, String>> structuredData(String line, int[] cursor) {
        int len = line.length();
        int pos = cursor[0];
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        StringBuilder value = new StringBuilder();
        while (pos < len && line.charAt(pos) == '[') {
            pos++;
            int idEnd = pos;
            while (idEnd < len && line.charAt(idEnd) != ' ' && line.charAt(idEnd) != ']') {
                idEnd++;
            }
            if (idEnd == pos || idEnd >= len) {
                throw new Failure("RFC 5424: invalid SD-ELEMENT");
            }
            Map<String, String> params = new LinkedHashMap<>();
            String id = line.substring(pos, idEnd);
            pos = idEnd;
            while (pos < len && line.charAt(pos) == ' ') {
                pos++;
                int eq = line.indexOf('=', pos);
                if (eq <= pos || eq + 1 >= len || line.charAt(eq + 1) != '"') {
                    throw new Failure("RFC 5424: invalid SD-PARAM in [" + id + "]");
                }
                String name = line.substring(pos, eq);
                pos = eq + 2;
                value.setLength(0);
                boolean closed = false;
                while (pos < len) {
                    char c = line.charAt(pos);
                    if (c == '\\' && pos + 1 < len) {
                        char next = line.charAt(pos + 1);
                        if (next == '"' || next == '\\' || next == ']') {
                            value.append(next);
                            pos += 2;
                            continue;
                        }
                    } else if (c == '"') {
                        closed = true;
                        pos++;
                        break;
                    }
                    value.append(c);
                    pos++;
                }
                if (!closed) {
                    throw new Failure("RFC 5424: unterminated SD-PARAM value in [" + id + "]");
                }
                if (params.size() < MAX_SD_PARAMS) {
                    params.put(name, value.length() > MAX_SD_VALUE ? value.substring(0, MAX_SD_VALUE)
                            : value.toString());
                }
            }
            if (pos >= len || line.charAt(pos) != ']') {
                throw new Failure("RFC 5424: SD-ELEMENT [" + id + "] not closed with ']'");
            }
            pos++;
            if (result.size() < MAX_SD_ELEMENTS) {
                result.putIfAbsent(id, params);
            }
        }
        cursor[0] = pos;
        return result;
    }

    // ---------------------------------------------------------------- logread

    private static ParsedLine logread(String line) {
        int[] cursor = {4};
        // "Thu Nov 27 22:45:49 2026": parse month/day/time first, then the year after it
        LocalDateTime local = bsdTimestamp(line, cursor, PLACEHOLDER_YEAR);
        int pos = cursor[0];
        if (pos + 5 >= line.length() || line.charAt(pos) != ' ' || line.charAt(pos + 5) != ' ') {
            throw new Failure("logread: expected a year after the time");
        }
        int year = digits(line, pos + 1, pos + 5);
        if (year < 1970) {
            throw new Failure("logread: invalid year");
        }
        try {
            local = local.withYear(year);
        } catch (DateTimeException e) {
            throw new Failure("logread: invalid date");
        }
        pos += 6;
        int end = indexOfSpace(line, pos);
        int dot = line.indexOf('.', pos);
        if (dot < 0 || dot > end) {
            throw new Failure("logread: expected facility.level after the year");
        }
        int facility = SyslogNames.facility(line.substring(pos, dot));
        int severity = SyslogNames.severity(line.substring(dot + 1, end));
        if (facility < 0 || severity < 0) {
            throw new Failure("logread: unknown facility.level '" + line.substring(pos, end) + "'");
        }
        pos = end < line.length() ? end + 1 : end;
        return withTag(line, pos, LogFormat.LOGREAD, facility, severity, null, local, true);
    }

    // ---------------------------------------------------------------- helpers

    private static Integer facility(int pri) {
        return pri < 0 ? null : pri >> 3;
    }

    private static Integer severity(int pri) {
        return pri < 0 ? null : pri & 7;
    }

    /** 1-12 when the three chars at pos are a month abbreviation, else 0. */
    private static int month(String line, int pos) {
        return indexOf(MONTHS, line, pos) + 1;
    }

    private static int indexOf(String[] names, String line, int pos) {
        if (pos + 3 > line.length()) {
            return -1;
        }
        for (int i = 0; i < names.length; i++) {
            if (line.startsWith(names[i], pos)) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal value of line[from, to), or -1 unless every char is a digit. */
    private static int digits(String line, int from, int to) {
        if (to <= from) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Fraction digits at cursor as nanoseconds (beyond nine digits ignored); cursor moves past them. */
    private static int fraction(String line, int[] cursor) {
        int pos = cursor[0];
        int nanos = 0;
        int count = 0;
        while (pos < line.length() && isDigit(line.charAt(pos))) {
            if (count < 9) {
                nanos = nanos * 10 + (line.charAt(pos) - '0');
                count++;
            }
            pos++;
        }
        if (count == 0) {
            throw new Failure("invalid time fraction");
        }
        for (int i = count; i < 9; i++) {
            nanos *= 10;
        }
        cursor[0] = pos;
        return nanos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOfSpace(String line, int from) {
        int i = line.indexOf(' ', from);
        return i < 0 ? line.length() : i;
    }

    /** A parse failure; no stack trace, since garbage lines are expected input, not bugs. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
