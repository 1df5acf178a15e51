package org.opmas.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusChangesTest {

    @Test
    void reports_the_first_sighting_and_each_transition_once() {
        StatusChanges changes = new StatusChanges();
        assertThat(changes.changed(1, "pending")).isTrue();
        assertThat(changes.changed(1, "pending")).isFalse();
        assertThat(changes.changed(2, "pending")).isTrue();
        assertThat(changes.changed(1, "awaiting_approval")).isTrue();
        assertThat(changes.changed(1, "awaiting_approval")).isFalse();
        assertThat(changes.changed(1, "succeeded")).isTrue();
        assertThat(changes.changed(2, "pending")).isFalse();
    }
}
