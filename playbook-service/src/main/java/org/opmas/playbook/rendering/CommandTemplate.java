package org.opmas.playbook.rendering;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@code ssh_command} template: POSIX sh text with typed placeholders. Parsing enforces, when
 * the playbook is saved, that every placeholder
 * <ul>
 * <li>declares a type ({@link ValueType}),</li>
 * <li>stands in plain shell context: not inside '...', "...", `...`, $(...), ${...}, a here-document,
 * a comment, after a backslash or a '$',</li>
 * <li>is not the command word itself (a log line must never choose which program runs).</li>
 * </ul>
 * Rendering then validates each value against its type and inserts it single-quoted, so a value
 * is always exactly one shell word and never interpreted.
 */
public final class CommandTemplate {

    /** Longest template and longest rendered command (the event contract's cap). */
    public static final int MAX_LENGTH = 16_384;

    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "do", "while", "until", "!",
            "time");
    /** Programs that run their arguments as commands: no placeholder anywhere in their arguments. */
    private static final Set<String> WRAPPERS = Set.of("exec", "command", "eval", "xargs", "sh", "ash", "bash",
            "env", "nohup", "busybox", "nice", "timeout", "su", "ssh", "watch", "trap", "alias", "source", ".",
            "flock", "chroot", "start-stop-daemon", "awk", "sed", "find");

    private sealed interface Part permits Literal, Slot {
    }

    private record Literal(String text) implements Part {
    }

    private record Slot(Placeholder placeholder) implements Part {
    }

    private final List<Part> parts;

    private CommandTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Parses a template; throws with the first problem found (message without the field name). */
    public static CommandTemplate parse(String template) throws TemplateSyntaxException {
        if (template == null || template.isBlank()) {
            throw new TemplateSyntaxException("must not be blank");
        }
        if (template.length() > MAX_LENGTH) {
            throw new TemplateSyntaxException("must be at most " + MAX_LENGTH + " characters");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        boolean backtick = false;
        int subshell = 0;   // $( ... ) nesting
        int braces = 0;     // ${ ... } nesting
        boolean heredoc = false;
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                throw new TemplateSyntaxException("contains a control character at offset " + i);
            }
            if (template.startsWith("{{", i)) {
                int end = template.indexOf("}}", i + 2);
                if (end < 0) {
                    throw new TemplateSyntaxException("placeholder at offset " + i + " is not closed with }}");
                }
                String inside = template.substring(i + 2, end).trim();
                String context = single ? "inside single quotes" : dbl ? "inside double quotes"
                        : backtick ? "inside backticks" : subshell > 0 ? "inside $(...)"
                        : braces > 0 ? "inside ${...}" : heredoc ? "inside a here-document" : null;
                if (context == null && i > 0 && (template.charAt(i - 1) == '$' || template.charAt(i - 1) == '\\')) {
                    context = "right after '" + template.charAt(i - 1) + "'";
                }
                if (context != null) {
                    throw new TemplateSyntaxException("placeholder {{" + Placeholder.abbreviate(inside) + "}} is "
                            + context + "; placeholders must stand unquoted (the value is quoted for you)");
                }
                int colon = inside.indexOf(':');
                String path = (colon < 0 ? inside : inside.substring(0, colon)).trim();
                String type = colon < 0 ? null : inside.substring(colon + 1).trim();
                Object parsed = Placeholder.parse(path, type, true);
                if (parsed instanceof String problem) {
                    throw new TemplateSyntaxException(problem);
                }
                if (atCommandPosition(literal, parts)) {
                    throw new TemplateSyntaxException("placeholder {{" + inside
                            + "}} is in command position or an argument of a program that runs commands (sh, eval, xargs, ...): a value from a finding must never choose what runs");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Slot((Placeholder) parsed));
                i = end + 1;
                continue;
            }
            literal.append(c);
            if (single) {
                if (c == '\'') {
                    single = false;
                }
                continue;
            }
            if (c == '\\') {
                if (i + 1 < n) {
                    if (template.charAt(i + 1) == '{') {
                        throw new TemplateSyntaxException("escaped '{' at offset " + i + " is not allowed");
                    }
                    literal.append(template.charAt(++i));
                }
                continue;
            }
            if (dbl) {
                if (c == '"') {
                    dbl = false;
                } else if (c == '`') {
                    backtick = !backtick;
                } else if (c == '$' && i + 1 < n && template.charAt(i + 1) == '(') {
                    subshell++;
                } else if (c == ')' && subshell > 0) {
                    subshell--;
                }
                continue;
            }
            switch (c) {
                case '\'' -> single = true;
                case '"' -> dbl = true;
                case '`' -> backtick = !backtick;
                case '$' -> {
                    if (i + 1 < n && template.charAt(i + 1) == '(') {
                        subshell++;
                    } else if (i + 1 < n && template.charAt(i + 1) == '{') {
                        braces++;
                    }
                }
                case ')' -> {
                    if (subshell > 0) {
                        subshell--;
                    }
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                    }
                }
                case '<' -> {
                    if (i + 1 < n && template.charAt(i + 1) == '<') {
                        heredoc = true;
                    }
                }
                case '#' -> {
                    if (wordStart(literal)) {
                        // A comment runs to the end of the line; nothing in it is parsed by the shell.
                        int eol = template.indexOf('\n', i);
                        int stop = eol < 0 ? n : eol;
                        if (template.substring(i, stop).contains("{{")) {
                            throw new TemplateSyntaxException("placeholder inside a comment at offset " + i);
                        }
                        literal.append(template, i + 1, stop);
                        i = stop - 1;
                    }
                }
                default -> {
                }
            }
        }
        if (single || dbl) {
            throw new TemplateSyntaxException("has an unterminated " + (single ? "single" : "double") + " quote");
        }
        if (backtick || subshell > 0 || braces > 0) {
            throw new TemplateSyntaxException("has an unterminated `...`, $(...) or ${...}");
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new CommandTemplate(parts);
    }

    /** True when the text so far ends a command word boundary ('#' starts a comment only there). */
    private static boolean wordStart(StringBuilder literal) {
        if (literal.length() < 2) {
            return true;
        }
        char prev = literal.charAt(literal.length() - 2);
        return Character.isWhitespace(prev) || ";&|()".indexOf(prev) >= 0;
    }

    /**
     * Whether a placeholder here would begin the command word of a simple command: after the start,
     * a separator (newline ; & | ( ) or a keyword / wrapper (then, do, exec, sh, env, ...).
     */
    private static boolean atCommandPosition(StringBuilder literal, List<Part> parts) {
        String text = literal.toString();
        if (!text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))
                && ";&|()\n".indexOf(text.charAt(text.length() - 1)) < 0) {
            return false; // glued to a literal prefix: /etc/init.d/{{...}} is an argument-like path
        }
        if (text.isEmpty() && !parts.isEmpty()) {
            return false; // directly after another placeholder: same word
        }
        int cut = Math.max(lastIndexOfAny(text, ";&|()\n"), -1);
        String tail = text.substring(cut + 1).trim();
        if (tail.isEmpty()) {
            return cut >= 0 || parts.isEmpty() || parts.get(parts.size() - 1) instanceof Literal;
        }
        String[] words = tail.split("\\s+");
        String last = words[words.length - 1];
        for (String w : words) {
            if (w.matches("[A-Za-z_][A-Za-z0-9_]*=\\S*") || KEYWORDS.contains(w)) {
                continue;
            }
            String program = w.substring(w.lastIndexOf('/') + 1);
            if (WRAPPERS.contains(program)) {
                return true;
            }
            break;
        }
        // Leading assignments (FOO=bar cmd) keep the command position open.
        boolean onlyAssignments = true;
        for (String w : words) {
            if (!w.matches("[A-Za-z_][A-Za-z0-9_]*=\\S*") && !KEYWORDS.contains(w)) {
                onlyAssignments = false;
                break;
            }
        }
        return KEYWORDS.contains(last) || onlyAssignments;
    }

    private static int lastIndexOfAny(String text, String chars) {
        int best = -1;
        for (char c : chars.toCharArray()) {
            best = Math.max(best, text.lastIndexOf(c));
        }
        return best;
    }

    /** The placeholders in order of appearance. */
    public List<Placeholder> placeholders() {
        return parts.stream().filter(Slot.class::isInstance).map(p -> ((Slot) p).placeholder()).toList();
    }

    /** Substitutes every placeholder with its validated, single-quoted value. */
    public String render(RenderContext context) throws RenderException {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                Placeholder p = ((Slot) part).placeholder();
                out.append(ShellQuote.quote(resolve(p.path(), p.type(), context)));
            }
        }
        if (out.length() > MAX_LENGTH) {
            throw new RenderException("command", "rendered command is longer than " + MAX_LENGTH + " characters");
        }
        return out.toString();
    }

    /** The value at the path, validated against the type; throws when missing or invalid. */
    static String resolve(String path, ValueType type, RenderContext context) throws RenderException {
        String raw = context.lookup(path);
        if (raw == null) {
            throw new RenderException(path, path + " is missing (needed as " + type.describe() + ")");
        }
        return type.validate(raw).orElseThrow(() -> new RenderException(path,
                path + " is not " + type.describe() + " (got '" + Placeholder.abbreviate(raw) + "', "
                        + raw.length() + " chars)"));
    }

    /** A template that is not safe or not valid. */
    public static class TemplateSyntaxException extends Exception {
        public TemplateSyntaxException(String message) {
            super(message, null, false, false);
        }
    }
}
