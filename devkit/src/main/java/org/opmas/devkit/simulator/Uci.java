package org.opmas.devkit.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router's UCI configuration: committed values and the pending (uncommitted) changes that
 * {@code uci changes} lists, {@code uci commit} applies and {@code uci revert} drops. Reads see the
 * pending view, as on a real router. Keys are {@code config.section[.option]}; a section's own
 * entry holds its type; list options hold several values.
 */
public final class Uci {

    private final Map<String, List<String>> committed = new LinkedHashMap<>();
    private Map<String, List<String>> staged = new LinkedHashMap<>();
    private final List<String> changes = new ArrayList<>();

    synchronized void load(String key, String... values) {
        committed.put(key, new ArrayList<>(List.of(values)));
        staged.put(key, new ArrayList<>(List.of(values)));
    }

    /** The pending view of one option or section type, if set. */
    public synchronized Optional<String> get(String key) {
        String resolved = resolve(key);
        List<String> v = resolved == null ? null : staged.get(resolved);
        return v == null ? Optional.empty() : Optional.of(String.join(" ", v));
    }

    /** The committed value of one option, if set. */
    public synchronized Optional<String> getCommitted(String key) {
        List<String> v = committed.get(key);
        return v == null ? Optional.empty() : Optional.of(String.join(" ", v));
    }

    /** Committed entries of one config, e.g. {@code firewall}. */
    public synchronized Map<String, List<String>> committed(String config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        committed.forEach((k, v) -> {
            if (k.startsWith(config + ".")) {
                out.put(k, List.copyOf(v));
            }
        });
        return out;
    }

    /** Pending changes in {@code uci changes} format. */
    public synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    synchronized String add(String config, String type) {
        String id = String.format("cfg%06x", ThreadLocalRandom.current().nextInt(0x1000000));
        staged.put(config + "." + id, new ArrayList<>(List.of(type)));
        changes.add(config + "." + id + "='" + type + "'");
        return id;
    }

    synchronized boolean set(String key, String value) {
        String resolved = resolve(key);
        if (resolved == null || resolved.split("\\.").length < 2 || !sectionExistsFor(resolved)) {
            return false;
        }
        staged.put(resolved, new ArrayList<>(List.of(value)));
        changes.add(resolved + "='" + value + "'");
        return true;
    }

    synchronized boolean addList(String key, String value) {
        String resolved = resolve(key);
        if (resolved == null || resolved.split("\\.").length != 3 || !sectionExistsFor(resolved)) {
            return false;
        }
        staged.computeIfAbsent(resolved, k -> new ArrayList<>()).add(value);
        changes.add(resolved + "+='" + value + "'");
        return true;
    }

    synchronized boolean delList(String key, String value) {
        String resolved = resolve(key);
        List<String> values = resolved == null ? null : staged.get(resolved);
        if (values == null) {
            return false;
        }
        values.remove(value);
        changes.add(resolved + "-='" + value + "'");
        return true;
    }

    synchronized boolean delete(String key) {
        String resolved = resolve(key);
        if (resolved == null || !staged.containsKey(resolved)) {
            return false;
        }
        staged.keySet().removeIf(k -> k.equals(resolved) || k.startsWith(resolved + "."));
        changes.add("-" + resolved);
        return true;
    }

    /** Commits one config, or all if null. */
    synchronized void commit(String config) {
        committed.keySet().removeIf(k -> matches(k, config));
        staged.forEach((k, v) -> {
            if (matches(k, config)) {
                committed.put(k, new ArrayList<>(v));
            }
        });
        changes.removeIf(c -> matches(c.startsWith("-") ? c.substring(1) : c, config));
    }

    /** Drops the pending changes of one config, or all if null. */
    synchronized void revert(String config) {
        staged.keySet().removeIf(k -> matches(k, config));
        committed.forEach((k, v) -> {
            if (matches(k, config)) {
                staged.put(k, new ArrayList<>(v));
            }
        });
        changes.removeIf(c -> matches(c.startsWith("-") ? c.substring(1) : c, config));
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        committed.keySet().forEach(k -> ordered.put(k, staged.get(k)));
        staged.forEach(ordered::putIfAbsent);
        staged = ordered;
    }

    /** {@code uci show} lines of the pending view. */
    synchronized List<String> show(String prefix) {
        List<String> lines = new ArrayList<>();
        staged.forEach((k, v) -> {
            if (prefix == null || k.equals(prefix) || k.startsWith(prefix + ".")) {
                StringBuilder line = new StringBuilder(k).append('=');
                if (k.indexOf('.') == k.lastIndexOf('.') && v.size() == 1) {
                    lines.add(line.append(v.get(0)).toString()); // a section's type is printed unquoted, as uci does
                    return;
                }
                for (int i = 0; i < v.size(); i++) {
                    line.append(i > 0 ? " " : "").append('\'').append(v.get(i)).append('\'');
                }
                lines.add(line.toString());
            }
        });
        return lines;
    }

    private static boolean matches(String key, String config) {
        return config == null || key.equals(config) || key.startsWith(config + ".");
    }

    private boolean sectionExistsFor(String key) {
        String[] parts = key.split("\\.");
        if (parts.length == 2) {
            return true; // "config.section=type" creates a named section
        }
        return staged.containsKey(parts[0] + "." + parts[1]);
    }

    /** Resolves {@code config.@type[i]} to the named anonymous section. */
    private String resolve(String key) {
        int at = key.indexOf(".@");
        if (at < 0) {
            return key;
        }
        String config = key.substring(0, at);
        int open = key.indexOf('[', at);
        int close = key.indexOf(']', at);
        if (open < 0 || close < open) {
            return null;
        }
        String type = key.substring(at + 2, open);
        int index;
        try {
            index = Integer.parseInt(key.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> sections = new ArrayList<>();
        staged.forEach((k, v) -> {
            String[] parts = k.split("\\.");
            if (parts.length == 2 && parts[0].equals(config) && v.size() == 1 && v.get(0).equals(type)) {
                sections.add(k);
            }
        });
        int i = index < 0 ? sections.size() + index : index;
        if (i < 0 || i >= sections.size()) {
            return null;
        }
        return sections.get(i) + key.substring(close + 1);
    }
}
