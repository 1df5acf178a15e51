package org.opmas.device.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The generator counts lost lines by finding its run id in each record: the search must be exact. */
class UdpLoadGeneratorTest {

    private static boolean contains(String haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        return UdpLoadGenerator.contains(haystack.getBytes(StandardCharsets.UTF_8), n, UdpLoadGenerator.shiftTable(n));
    }

    @Test
    void findsTheRunIdWhereverItIsAndOnlyWhenWhole() {
        String marker = "run=3fa9c01b ";
        assertThat(contains("{\"raw\":\"<30>Nov 27 hostapd[1]: run=3fa9c01b seq=0000000001 wlan0\"}", marker)).isTrue();
        assertThat(contains("run=3fa9c01b ", marker)).isTrue();
        assertThat(contains("xxrun=3fa9c01b ", marker)).isTrue();
        assertThat(contains("run=3fa9c01b", marker)).isFalse();
        assertThat(contains("run=3fa9c01c seq", marker)).isFalse();
        assertThat(contains("rrun=3fa9c0 run=3fa9c01", marker)).isFalse();
        assertThat(contains("", marker)).isFalse();
        assertThat(contains("{\"raw\":\"warm-up 0000000042\"}", marker)).isFalse();
    }
}
