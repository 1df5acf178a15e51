package org.opmas.devkit.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small POSIX-sh subset, enough for the scripts OPMAS renders for busybox ash: commands joined by
 * {@code ;}, newlines, {@code &&}, {@code ||} and {@code |}; {@code !}; single quotes, double
 * quotes and backslash escapes; {@code if/then/elif/else/fi}; {@code exit N}; {@code $?};
 * redirections to {@code /dev/null}, {@code 2>&1} and {@code >&2}; comments. Anything it cannot parse is a
 * syntax error with exit status 2, as in ash. Commands themselves are {@link RouterCommands}.
 */
public final class RouterShell {

    /** Thrown by {@code exit N}; ends the whole script. */
    static final class ExitException extends RuntimeException {
        final int code;

        ExitException(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** Thrown when the script's channel is gone (client closed, timeout). */
    static final class AbortedException extends RuntimeException {
        AbortedException() {
            super("aborted", null, false, false);
        }
    }

    /** Where a command writes. */
    interface Io {
        OutputStream out();

        OutputStream err();

        byte[] stdin();
    }

    private final RouterCommands commands;

    public RouterShell(RouterCommands commands) {
        this.commands = commands;
    }

    /** Runs a script, capturing its output. */
    public CommandResult run(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(script, out, err);
        return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a script writing to the given streams; returns its exit status. */
    public int run(String script, OutputStream out, OutputStream err) {
        List<Node> program;
        try {
            program = new Parser(tokenize(script)).parseProgram();
        } catch (SyntaxError e) {
            write(err, "sh: syntax error: " + e.getMessage() + "\n");
            return 2;
        }
        State state = new State();
        Io io = new SimpleIo(out, err, new byte[0]);
        try {
            for (Node node : program) {
                state.last = node.run(this, state, io);
            }
            return state.last;
        } catch (ExitException e) {
            return e.code;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens

    private enum Kind { WORD, AND, OR, SEMI, NEWLINE, PIPE, BANG, REDIRECT }

    private record Token(Kind kind, String text, boolean quoted) {
    }

    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message);
        }
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n", false));
                i++;
            } else if (c == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("&&", i)) {
                tokens.add(new Token(Kind.AND, "&&", false));
                i += 2;
            } else if (s.startsWith("||", i)) {
                tokens.add(new Token(Kind.OR, "||", false));
                i += 2;
            } else if (c == ';') {
                tokens.add(new Token(Kind.SEMI, ";", false));
                i++;
            } else if (c == '|') {
                tokens.add(new Token(Kind.PIPE, "|", false));
                i++;
            } else if (c == '&') {
                throw new SyntaxError("background jobs (&) are not supported");
            } else if (s.startsWith("2>&1", i)) {
                tokens.add(new Token(Kind.REDIRECT, "2>&1", false));
                i += 4;
            } else if (s.startsWith(">&2", i) || s.startsWith("1>&2", i)) {
                tokens.add(new Token(Kind.REDIRECT, ">&2", false));
                i += s.charAt(i) == '1' ? 4 : 3;
            } else if (c == '>' || c == '<' || (c == '2' && i + 1 < n && s.charAt(i + 1) == '>'
                    && (i == 0 || Character.isWhitespace(s.charAt(i - 1))))) {
                int start = i;
                if (c == '2') {
                    i++;
                }
                i++;
                if (i < n && s.charAt(i) == '>') {
                    i++;
                }
                tokens.add(new Token(Kind.REDIRECT, s.substring(start, i), false));
            } else if (c == '!' && (i + 1 == n || Character.isWhitespace(s.charAt(i + 1)))) {
                tokens.add(new Token(Kind.BANG, "!", false));
                i++;
            } else {
                StringBuilder word = new StringBuilder();
                boolean quoted = false;
                while (i < n) {
                    c = s.charAt(i);
                    if (c == '\'') {
                        int end = s.indexOf('\'', i + 1);
                        if (end < 0) {
                            throw new SyntaxError("unterminated quoted string");
                        }
                        word.append(s, i + 1, end);
                        quoted = true;
                        i = end + 1;
                    } else if (c == '"') {
                        i++;
                        quoted = true;
                        boolean closed = false;
                        while (i < n) {
                            char d = s.charAt(i);
                            if (d == '"') {
                                closed = true;
                                i++;
                                break;
                            }
                            if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(s.charAt(i + 1)) >= 0) {
                                word.append(s.charAt(i + 1));
                                i += 2;
                            } else if (d == '$' && i + 1 < n) {
                                i = dollar(s, i, word);
                            } else {
                                word.append(d);
                                i++;
                            }
                        }
                        if (!closed) {
                            throw new SyntaxError("unterminated quoted string");
                        }
                    } else if (c == '\\' && i + 1 < n) {
                        if (s.charAt(i + 1) != '\n') {
                            word.append(s.charAt(i + 1));
                        }
                        quoted = true;
                        i += 2;
                    } else if (c == '$' && i + 1 < n) {
                        i = dollar(s, i, word);
                    } else if (c == '`') {
                        throw new SyntaxError("command substitution is not supported by the simulator");
                    } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
                        break;
                    } else {
                        word.append(c);
                        i++;
                    }
                }
                tokens.add(new Token(Kind.WORD, word.toString(), quoted));
            }
        }
        return tokens;
    }

    /**
     * Reads a {@code $} expansion at {@code s[i]} into a marker resolved when the command runs:
     * {@code $?}, {@code $name}, {@code ${name}}, {@code $1} and {@code $(command)}. Returns the
     * index after it.
     */
    private static int dollar(String s, int i, StringBuilder word) {
        char next = s.charAt(i + 1);
        if (next == '?') {
            word.append("\u0000?");
            return i + 2;
        }
        if (next == '(') {
            int depth = 1;
            int k = i + 2;
            char quote = 0;
            for (; k < s.length() && depth > 0; k++) {
                char c = s.charAt(k);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            }
            if (depth > 0) {
                throw new SyntaxError("unterminated command substitution");
            }
            word.append("\u0000(").append(s, i + 2, k - 1).append('\u0001');
            return k;
        }
        int k = i + 1;
        String name;
        if (next == '{') {
            int end = s.indexOf('}', k);
            if (end < 0) {
                throw new SyntaxError("missing '}'");
            }
            name = s.substring(k + 1, end);
            k = end + 1;
        } else if (Character.isDigit(next)) {
            name = String.valueOf(next);
            k++;
        } else {
            while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
                k++;
            }
            name = s.substring(i + 1, k);
            if (name.isEmpty()) {
                word.append('$');
                return i + 1;
            }
        }
        word.append("\u0000{").append(name).append('}');
        return k;
    }

    /** Resolves the expansion markers of a word against the running script's state. */
    static String expand(String word, RouterShell shell, State state, Io io) {
        if (word.indexOf('\u0000') < 0) {
            return word;
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c != '\u0000') {
                out.append(c);
                continue;
            }
            char kind = word.charAt(++k);
            if (kind == '?') {
                out.append(state.last);
            } else if (kind == '{') {
                int end = word.indexOf('}', k);
                String name = word.substring(k + 1, end);
                k = end;
                if (name.chars().allMatch(Character::isDigit)) {
                    int index = Integer.parseInt(name);
                    out.append(index == 0 ? "sh" : index <= state.args.size() ? state.args.get(index - 1) : "");
                } else {
                    out.append(state.vars.getOrDefault(name, ""));
                }
            } else {
                int end = word.indexOf('\u0001', k);
                String command = word.substring(k + 1, end);
                k = end;
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                try {
                    for (Node node : new Parser(tokenize(command)).parseProgram()) {
                        state.last = node.run(shell, state, new SimpleIo(captured, io.err(), new byte[0]));
                    }
                } catch (ExitException subshellExit) {
                    state.last = subshellExit.code; // exit inside $(...) ends the substitution only
                }
                out.append(captured.toString(StandardCharsets.UTF_8).replaceAll("\n+$", ""));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Syntax tree

    private static final class State {
        int last;
        final java.util.Map<String, String> vars = new java.util.HashMap<>();
        final java.util.Map<String, Node> functions = new java.util.HashMap<>();
        List<String> args = List.of();
    }

    private interface Node {
        int run(RouterShell shell, State state, Io io);
    }

    private record Simple(List<String> words, List<String> redirects) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            if (Thread.currentThread().isInterrupted()) {
                throw new AbortedException();
            }
            List<String> args = new ArrayList<>(words.size());
            for (String w : words) {
                args.add(expand(w, shell, state, io));
            }
            OutputStream out = io.out();
            OutputStream err = io.err();
            for (int k = 0; k < redirects.size(); k += 2) {
                String op = redirects.get(k);
                String target = redirects.get(k + 1);
                if (op.equals("2>&1")) {
                    err = out;
                } else if (op.equals(">&2")) {
                    out = err;
                } else if (target.equals("/dev/null")) {
                    if (op.startsWith("2")) {
                        err = OutputStream.nullOutputStream();
                    } else if (!op.startsWith("<")) {
                        out = OutputStream.nullOutputStream();
                    }
                } else if (!op.startsWith("<")) {
                    // Writing files on the router is not simulated; accept and drop the output.
                    if (op.startsWith("2")) {
                        err = OutputStream.nullOutputStream();
                    } else {
                        out = OutputStream.nullOutputStream();
                    }
                }
            }
            Node function = state.functions.get(args.get(0));
            if (function != null) {
                List<String> saved = state.args;
                state.args = List.copyOf(args.subList(1, args.size()));
                try {
                    return function.run(shell, state, new SimpleIo(out, err, io.stdin()));
                } finally {
                    state.args = saved;
                }
            }
            if (args.get(0).equals("[") || args.get(0).equals("test")) {
                return test(args.get(0).equals("[") ? args.subList(1, Math.max(1, args.size() - 1)) : args.subList(1,
                        args.size()));
            }
            if (args.get(0).equals("exit")) {
                int code = state.last;
                if (args.size() > 1) {
                    try {
                        code = Integer.parseInt(args.get(1)) & 0xff;
                    } catch (NumberFormatException e) {
                        write(err, "sh: exit: Illegal number: " + args.get(1) + "\n");
                        code = 2;
                    }
                }
                throw new ExitException(code);
            }
            int code = shell.commands.run(args, new SimpleIo(out, err, io.stdin()));
            flush(out);
            flush(err);
            return code;
        }
    }

    /** The {@code [ ... ]} / {@code test} forms the rendered scripts use: -z, -n, =, !=, and one word. */
    private static int test(List<String> a) {
        boolean result;
        if (a.isEmpty()) {
            result = false;
        } else if (a.size() == 1) {
            result = !a.get(0).isEmpty();
        } else if (a.size() == 2 && a.get(0).equals("-z")) {
            result = a.get(1).isEmpty();
        } else if (a.size() == 2 && a.get(0).equals("-n")) {
            result = !a.get(1).isEmpty();
        } else if (a.size() == 3 && a.get(1).equals("=")) {
            result = a.get(0).equals(a.get(2));
        } else if (a.size() == 3 && a.get(1).equals("!=")) {
            result = !a.get(0).equals(a.get(2));
        } else {
            return 2;
        }
        return result ? 0 : 1;
    }

    private record For(String name, List<String> words, Node body) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            int code = 0;
            for (String w : words) {
                state.vars.put(name, expand(w, shell, state, io));
                code = body.run(shell, state, io);
                state.last = code;
            }
            return code;
        }
    }

    private record FunctionDefinition(String name, Node body) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            state.functions.put(name, body);
            return 0;
        }
    }

    private record Pipeline(List<Node> parts, boolean negate) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            byte[] input = io.stdin();
            int code = 0;
            for (int k = 0; k < parts.size(); k++) {
                boolean lastPart = k == parts.size() - 1;
                ByteArrayOutputStream buffer = lastPart ? null : new ByteArrayOutputStream();
                Io partIo = new SimpleIo(lastPart ? io.out() : buffer, io.err(), input);
                code = parts.get(k).run(shell, state, partIo);
                if (!lastPart) {
                    input = buffer.toByteArray();
                }
            }
            return negate ? (code == 0 ? 1 : 0) : code;
        }
    }

    private record AndOr(List<Node> parts, List<Kind> ops) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            int code = parts.get(0).run(shell, state, io);
            state.last = code;
            for (int k = 1; k < parts.size(); k++) {
                boolean runNext = ops.get(k - 1) == Kind.AND ? code == 0 : code != 0;
                if (runNext) {
                    code = parts.get(k).run(shell, state, io);
                    state.last = code;
                }
            }
            return code;
        }
    }

    private record Sequence(List<Node> items) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            int code = 0;
            for (Node item : items) {
                code = item.run(shell, state, io);
                state.last = code;
            }
            return code;
        }
    }

    private record If(List<Node> conditions, List<Node> bodies, Node otherwise) implements Node {
        @Override
        public int run(RouterShell shell, State state, Io io) {
            for (int k = 0; k < conditions.size(); k++) {
                int cond = conditions.get(k).run(shell, state, io);
                state.last = cond;
                if (cond == 0) {
                    return bodies.get(k).run(shell, state, io);
                }
            }
            return otherwise == null ? 0 : otherwise.run(shell, state, io);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parser

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        List<Node> parseProgram() {
            List<Node> items = new ArrayList<>();
            skipSeparators();
            while (pos < tokens.size()) {
                items.add(parseAndOr());
                if (pos < tokens.size() && !isSeparator(tokens.get(pos))) {
                    throw new SyntaxError("unexpected \"" + tokens.get(pos).text() + "\"");
                }
                skipSeparators();
            }
            return items;
        }

        /** A list up to one of the given keywords (not consumed). */
        private Node parseListUntil(String... keywords) {
            List<Node> items = new ArrayList<>();
            skipSeparators();
            while (pos < tokens.size() && !atKeyword(keywords)) {
                items.add(parseAndOr());
                if (pos < tokens.size() && !isSeparator(tokens.get(pos)) && !atKeyword(keywords)) {
                    throw new SyntaxError("unexpected \"" + tokens.get(pos).text() + "\"");
                }
                skipSeparators();
            }
            if (pos >= tokens.size()) {
                throw new SyntaxError("unexpected end of file (expecting \"" + String.join("/", keywords) + "\")");
            }
            if (items.isEmpty()) {
                throw new SyntaxError("unexpected \"" + tokens.get(pos).text() + "\"");
            }
            return new Sequence(items);
        }

        private Node parseAndOr() {
            List<Node> parts = new ArrayList<>();
            List<Kind> ops = new ArrayList<>();
            parts.add(parsePipeline());
            while (pos < tokens.size() && (tokens.get(pos).kind() == Kind.AND || tokens.get(pos).kind() == Kind.OR)) {
                ops.add(tokens.get(pos++).kind());
                while (pos < tokens.size() && tokens.get(pos).kind() == Kind.NEWLINE) {
                    pos++;
                }
                parts.add(parsePipeline());
            }
            return parts.size() == 1 ? parts.get(0) : new AndOr(parts, ops);
        }

        private Node parsePipeline() {
            boolean negate = false;
            if (pos < tokens.size() && tokens.get(pos).kind() == Kind.BANG) {
                negate = true;
                pos++;
            }
            List<Node> parts = new ArrayList<>();
            parts.add(parseCommand());
            while (pos < tokens.size() && tokens.get(pos).kind() == Kind.PIPE) {
                pos++;
                while (pos < tokens.size() && tokens.get(pos).kind() == Kind.NEWLINE) {
                    pos++;
                }
                parts.add(parseCommand());
            }
            return parts.size() == 1 && !negate ? parts.get(0) : new Pipeline(parts, negate);
        }

        private Node parseCommand() {
            if (atKeyword("{")) {
                pos++;
                Node body = parseListUntil("}");
                expect("}");
                return body;
            }
            if (atKeyword("for")) {
                pos++;
                if (pos >= tokens.size() || tokens.get(pos).kind() != Kind.WORD) {
                    throw new SyntaxError("expecting a variable name after \"for\"");
                }
                String name = tokens.get(pos++).text();
                expect("in");
                List<String> words = new ArrayList<>();
                while (pos < tokens.size() && tokens.get(pos).kind() == Kind.WORD) {
                    words.add(tokens.get(pos++).text());
                }
                skipSeparators();
                expect("do");
                Node body = parseListUntil("done");
                expect("done");
                return new For(name, words, body);
            }
            if (pos < tokens.size() && tokens.get(pos).kind() == Kind.WORD && !tokens.get(pos).quoted()
                    && tokens.get(pos).text().matches("[A-Za-z_][A-Za-z0-9_]*\\(\\)")) {
                String name = tokens.get(pos++).text().replace("()", "");
                skipSeparators();
                if (!atKeyword("{")) {
                    throw new SyntaxError("expecting \"{\" after " + name + "()");
                }
                return new FunctionDefinition(name, parseCommand());
            }
            if (atKeyword("if")) {
                pos++;
                List<Node> conditions = new ArrayList<>();
                List<Node> bodies = new ArrayList<>();
                Node otherwise = null;
                conditions.add(parseListUntil("then"));
                expect("then");
                bodies.add(parseListUntil("elif", "else", "fi"));
                while (atKeyword("elif")) {
                    pos++;
                    conditions.add(parseListUntil("then"));
                    expect("then");
                    bodies.add(parseListUntil("elif", "else", "fi"));
                }
                if (atKeyword("else")) {
                    pos++;
                    otherwise = parseListUntil("fi");
                }
                expect("fi");
                return new If(conditions, bodies, otherwise);
            }
            List<String> words = new ArrayList<>();
            List<String> redirects = new ArrayList<>();
            while (pos < tokens.size()) {
                Token t = tokens.get(pos);
                if (t.kind() == Kind.WORD) {
                    words.add(t.text());
                    pos++;
                } else if (t.kind() == Kind.REDIRECT) {
                    pos++;
                    if (t.text().equals("2>&1") || t.text().equals(">&2")) {
                        redirects.add(t.text());
                        redirects.add("");
                    } else {
                        if (pos >= tokens.size() || tokens.get(pos).kind() != Kind.WORD) {
                            throw new SyntaxError("missing redirection target");
                        }
                        redirects.add(t.text());
                        redirects.add(tokens.get(pos++).text());
                    }
                } else {
                    break;
                }
            }
            if (words.isEmpty()) {
                throw new SyntaxError(pos < tokens.size() ? "unexpected \"" + tokens.get(pos).text() + "\""
                        : "unexpected end of file");
            }
            return new Simple(words, redirects);
        }

        private void expect(String keyword) {
            if (!atKeyword(keyword)) {
                throw new SyntaxError("expecting \"" + keyword + "\"");
            }
            pos++;
        }

        private boolean atKeyword(String... keywords) {
            if (pos >= tokens.size()) {
                return false;
            }
            Token t = tokens.get(pos);
            if (t.kind() != Kind.WORD || t.quoted()) {
                return false;
            }
            for (String k : keywords) {
                if (k.equals(t.text())) {
                    return true;
                }
            }
            return false;
        }

        private void skipSeparators() {
            while (pos < tokens.size() && isSeparator(tokens.get(pos))) {
                pos++;
            }
        }

        private static boolean isSeparator(Token t) {
            return t.kind() == Kind.SEMI || t.kind() == Kind.NEWLINE;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private record SimpleIo(OutputStream out, OutputStream err, byte[] stdin) implements Io {
    }

    static void write(OutputStream stream, String text) {
        try {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(OutputStream stream) {
        try {
            stream.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
