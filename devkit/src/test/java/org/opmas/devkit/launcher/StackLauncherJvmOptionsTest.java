package org.opmas.devkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackLauncherJvmOptionsTest {

    @Test
    void optionsAreSplitOnAnyWhitespace() {
        assertThat(StackLauncher.jvmOptions("  -Xms64m \t-Xmx512m\n -XX:+UseParallelGC "))
                .containsExactly("-Xms64m", "-Xmx512m", "-XX:+UseParallelGC");
    }

    @Test
    void aBlankStringMeansNoOptionsNotOneEmptyArgument() {
        assertThat(StackLauncher.jvmOptions("")).isEmpty();
        assertThat(StackLauncher.jvmOptions("   ")).isEmpty();
    }

    @Test
    void theDefaultsParse() {
        assertThat(StackLauncher.jvmOptions(StackLauncher.DEFAULT_KAFKA_JVM_OPTIONS)).contains("-Xmx512m");
        assertThat(StackLauncher.jvmOptions(StackLauncher.DEFAULT_SERVICE_JVM_OPTIONS)).contains("-XX:+UseSerialGC");
    }
}
