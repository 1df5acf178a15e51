package org.opmas.agent.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opmas.schema.events.DeviceLogEvent;

/**
 * A compiled event filter: program (exact, case-insensitive), facility, maximum severity, message
 * regex (find, not full match) and exclude regex. {@link #match} returns the named groups of the
 * message regex, or null when the event does not pass.
 */
public final class EventFilter {

    /** Returned for a match without named groups (no allocation per event). */
    public static final Map<String, String> NO_CAPTURES = Collections.emptyMap();

    private final Set<String> programs;
    private final Set<Integer> facilities;
    private final Integer maxSeverity;
    private final Pattern message;
    private final Pattern exclude;
    private final List<NamedGroups.Group> groups;

    public EventFilter(Set<String> programs, Set<Integer> facilities, Integer maxSeverity, NamedGroups message,
            Pattern exclude) {
        this.programs = programs;
        this.facilities = facilities;
        this.maxSeverity = maxSeverity;
        this.message = message == null ? null : message.pattern();
        this.groups = message == null ? List.of() : message.groups();
        this.exclude = exclude;
    }

    /** Lower-case program names this filter accepts; null = any program. */
    public Set<String> programs() {
        return programs;
    }

    /** Names of the captured groups, in pattern order. */
    public List<String> groupNames() {
        return groups.stream().map(NamedGroups.Group::name).toList();
    }

    public Map<String, String> match(DeviceLogEvent event) {
        if (programs != null) {
            String program = event.program();
            if (program == null || !programs.contains(lower(program))) {
                return null;
            }
        }
        if (facilities != null && (event.facility() == null || !facilities.contains(event.facility()))) {
            return null;
        }
        if (maxSeverity != null && (event.severity() == null || event.severity() > maxSeverity)) {
            return null;
        }
        String text = event.message() == null ? "" : event.message();
        Map<String, String> captures = NO_CAPTURES;
        if (message != null) {
            Matcher m = message.matcher(text);
            if (!m.find()) {
                return null;
            }
            if (!groups.isEmpty()) {
                captures = new LinkedHashMap<>(groups.size() * 2);
                for (NamedGroups.Group g : groups) {
                    String v = m.group(g.javaName());
                    if (v != null) {
                        captures.put(g.name(), v);
                    }
                }
            }
        }
        if (exclude != null && exclude.matcher(text).find()) {
            return null;
        }
        return captures;
    }

    static String lower(String s) {
        // program names are ASCII in practice; avoid allocating when already lower case
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }
}
