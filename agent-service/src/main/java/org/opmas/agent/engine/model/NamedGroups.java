package org.opmas.agent.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A message regex with named groups. Operators write names like {@code (?<source_ip>...)}, which
 * Java's regex engine rejects (group names may not contain {@code _}); every named group is
 * renamed to {@code g0, g1, ...} before compiling and mapped back when capturing.
 */
public record NamedGroups(Pattern pattern, List<Group> groups) {

    public record Group(String name, String javaName) {
    }

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9_]*)>");
    private static final Pattern BACKREF = Pattern.compile("\\\\k<([A-Za-z][A-Za-z0-9_]*)>");

    /** @throws PatternSyntaxException when the regex does not compile */
    public static NamedGroups compile(String regex) {
        List<Group> groups = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        Matcher m = GROUP_NAME.matcher(regex);
        int last = 0;
        while (m.find()) {
            if (escaped(regex, m.start())) {
                continue;
            }
            String name = m.group(1);
            String javaName = "g" + groups.size();
            if (groups.stream().anyMatch(g -> g.name().equals(name))) {
                throw new PatternSyntaxException("named group <" + name + "> is defined twice", regex, m.start());
            }
            groups.add(new Group(name, javaName));
            out.append(regex, last, m.start()).append("(?<").append(javaName).append('>');
            last = m.end();
        }
        out.append(regex.substring(last));
        String translated = out.toString();
        Matcher b = BACKREF.matcher(translated);
        StringBuilder withRefs = new StringBuilder();
        while (b.find()) {
            String name = b.group(1);
            String javaName = groups.stream().filter(g -> g.name().equals(name)).map(Group::javaName).findFirst()
                    .orElseThrow(() -> new PatternSyntaxException("unknown group <" + name + "> in \\k", regex, -1));
            b.appendReplacement(withRefs, Matcher.quoteReplacement("\\k<" + javaName + ">"));
        }
        b.appendTail(withRefs);
        return new NamedGroups(Pattern.compile(withRefs.toString()), List.copyOf(groups));
    }

    private static boolean escaped(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
