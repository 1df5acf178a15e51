package org.opmas.bench.core;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numbers, left-aligned text, and a title. */
public final class Table {

    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    static String format(Object cell) {
        if (cell == null) {
            return "-";
        }
        if (cell instanceof Double d) {
            return d.isNaN() ? "-" : String.format(java.util.Locale.ROOT, "%,.1f", d);
        }
        if (cell instanceof Float f) {
            return format(f.doubleValue());
        }
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format(java.util.Locale.ROOT, "%,d", ((Number) cell).longValue());
        }
        return cell.toString();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= isNumeric(row.get(c));
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        appendLine(out, headers, widths, numeric);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.append('\n');
        rows.forEach(row -> appendLine(out, row, widths, numeric));
        return out.toString();
    }

    /** Numeric columns (every cell a number or "-") are right-aligned, header included. */
    private static void appendLine(StringBuilder out, List<String> cells, int[] widths, boolean[] numeric) {
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
        }
        // trailing spaces of a left-aligned last column carry no meaning
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    static boolean isNumeric(String cell) {
        return cell.equals("-") || cell.matches("-?[0-9][0-9,]*(\\.[0-9]+)?%?");
    }
}
