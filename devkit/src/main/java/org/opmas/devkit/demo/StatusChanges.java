package org.opmas.devkit.demo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the last state seen per id, so polling prints each transition once. */
final class StatusChanges {

    private final Map<Long, String> last = new ConcurrentHashMap<>();

    /** True the first time an id is seen and whenever its state differs from the last one seen. */
    boolean changed(long id, String state) {
        return !Objects.equals(last.put(id, state), state);
    }
}
