package org.opmas.device.ingest.parser;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.opmas.schema.events.LogFormat;

/**
 * One syslog line taken apart. RFC 3164 and logread lines carry the router's local wall-clock
 * time (RFC 3164 without a year), which only becomes an instant once the device, and so its time
 * zone, is known: {@link #timestamp(ZoneId, Instant)} resolves it then.
 *
 * @param format      how the line was parsed ({@code UNPARSED} with {@code parseError} when it was not)
 * @param facility    from PRI or the logread facility name, null when absent
 * @param severity    from PRI or the logread level name, null when absent
 * @param hostname    HOSTNAME field; null when the sender omitted it (busybox) or sent NILVALUE
 * @param program     TAG / APP-NAME
 * @param pid         numeric PID / PROCID
 * @param msgId       RFC 5424 MSGID
 * @param message     the message part; the whole line when unparsed
 * @param structuredData RFC 5424 SD, null when absent
 * @param instant     absolute time (RFC 5424), null otherwise
 * @param local       router-local wall-clock time (RFC 3164, logread), null otherwise
 * @param yearKnown   whether {@code local} carries a real year (logread) or one to infer (RFC 3164)
 * @param parseError  why the line could not be parsed, null when it was
 */
public record ParsedLine(
        LogFormat format,
        Integer facility,
        Integer severity,
        String hostname,
        String program,
        Integer pid,
        String msgId,
        String message,
        Map<String, Map<String, String>> structuredData,
        Instant instant,
        LocalDateTime local,
        boolean yearKnown,
        String parseError) {

    static ParsedLine unparsed(String line, String error) {
        return new ParsedLine(LogFormat.UNPARSED, null, null, null, null, null, null, line, null, null, null,
                false, error);
    }

    public boolean parsed() {
        return parseError == null;
    }

    /**
     * The router's time of the line in UTC. RFC 3164 has no year: it is the year of the receive
     * time in the router's zone, except that a line dated more than half a year after the receive
     * time belongs to the previous year (a "Dec 31" line received on Jan 1) and one dated more
     * than half a year before it to the next (a router clock slightly ahead over New Year).
     * {@code receivedAt} when the line has no time. (Feb 29 in a non-leap year reads as Feb 28.)
     */
    public Instant timestamp(ZoneId zone, Instant receivedAt) {
        if (instant != null) {
            return instant;
        }
        if (local == null) {
            return receivedAt;
        }
        if (yearKnown) {
            return ZonedDateTime.of(local, zone).toInstant();
        }
        ZonedDateTime received = receivedAt.atZone(zone);
        int year = received.getYear();
        int monthDelta = local.getMonthValue() - received.getMonthValue();
        if (monthDelta > 6) {
            year--;
        } else if (monthDelta < -6) {
            year++;
        }
        return ZonedDateTime.of(local.withYear(year), zone).toInstant();
    }
}
