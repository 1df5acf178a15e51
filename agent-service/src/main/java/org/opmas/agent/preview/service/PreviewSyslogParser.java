package org.opmas.agent.preview.service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;

/**
 * A small syslog parser for the rule preview only (ingest parsing is device-service's job):
 * RFC 3164 with or without PRI and hostname ({@code <30>Nov 27 22:45:49 ap1 dropbear[1]: msg}) and
 * RFC 5424 ({@code <30>1 2026-11-27T22:45:49Z ap1 dropbear 1 - - msg}). The year of RFC 3164
 * lines is the current one (the previous one if that would put the line in the future), zone UTC.
 */
public final class PreviewSyslogParser {

    private static final Pattern RFC5424 = Pattern.compile(
            "^<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+) ?(.*)$", Pattern.DOTALL);
    private static final Pattern RFC3164 = Pattern.compile(
            "^(?:<(\\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}) (?:([^\\s:]+) )?([^\\s:\\[]+)(?:\\[(\\d+)\\])?: ?(.*)$",
            Pattern.DOTALL);
    private static final DateTimeFormatter MONTH_DAY_TIME = DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH);

    private PreviewSyslogParser() {
    }

    public static DeviceLogEvent parse(String line, long deviceId, Instant now) {
        String raw = line.length() > DeviceLogEvent.MAX_LINE_CHARS ? line.substring(0, DeviceLogEvent.MAX_LINE_CHARS) : line;
        Matcher m = RFC5424.matcher(raw);
        if (m.matches()) {
            int pri = Integer.parseInt(m.group(1));
            Instant ts;
            try {
                ts = m.group(2).equals("-") ? now : java.time.OffsetDateTime.parse(m.group(2)).toInstant();
            } catch (DateTimeParseException e) {
                ts = now;
            }
            return new DeviceLogEvent(UUID.randomUUID(), deviceId, nil(m.group(3)), null, now, ts, pri / 8, pri % 8,
                    nil(m.group(4)), pid(nil(m.group(5))), nil(m.group(6)), m.group(8), raw, LogFormat.RFC5424, null, null);
        }
        m = RFC3164.matcher(raw);
        if (m.matches()) {
            Integer pri = m.group(1) == null ? null : Integer.parseInt(m.group(1));
            Instant ts = resolve(m.group(2), m.group(3), m.group(4), now);
            return new DeviceLogEvent(UUID.randomUUID(), deviceId, m.group(5), null, now, ts == null ? now : ts,
                    pri == null ? null : pri / 8, pri == null ? null : pri % 8, m.group(6), pid(m.group(7)), null,
                    m.group(8), raw, LogFormat.RFC3164, null, null);
        }
        return new DeviceLogEvent(UUID.randomUUID(), deviceId, null, null, now, now, null, null, null, null, null, raw, raw,
                LogFormat.UNPARSED, "not RFC 3164 or RFC 5424", null);
    }

    private static Instant resolve(String month, String day, String time, Instant now) {
        int year = now.atZone(ZoneOffset.UTC).getYear();
        try {
            Instant ts = LocalDateTime.parse(year + " " + month + " " + day + " " + time, MONTH_DAY_TIME).toInstant(ZoneOffset.UTC);
            if (ts.isAfter(now.plusSeconds(86_400))) {
                ts = LocalDateTime.parse((year - 1) + " " + month + " " + day + " " + time, MONTH_DAY_TIME).toInstant(ZoneOffset.UTC);
            }
            return ts;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String nil(String s) {
        return s == null || s.equals("-") ? null : s;
    }

    private static Integer pid(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
