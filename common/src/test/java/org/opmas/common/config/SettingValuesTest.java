package org.opmas.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SettingValuesTest {

    final ObjectMapper mapper = new ObjectMapper();

    JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void booleans() throws Exception {
        assertThat(SettingValues.asBoolean(json("true"))).contains(true);
        assertThat(SettingValues.asBoolean(json("\"FALSE\""))).contains(false);
        assertThat(SettingValues.asBoolean(json("1"))).isEmpty();
        assertThat(SettingValues.asBoolean(json("\"yes\""))).isEmpty();
        assertThat(SettingValues.asBoolean(json("null"))).isEmpty();
        assertThat(SettingValues.asBoolean(null)).isEmpty();
    }

    @Test
    void integers() throws Exception {
        assertThat(SettingValues.asInt(json("30"))).contains(30);
        assertThat(SettingValues.asInt(json("\" 30 \""))).contains(30);
        assertThat(SettingValues.asInt(json("30.0"))).contains(30);
        assertThat(SettingValues.asInt(json("30.5"))).isEmpty();
        assertThat(SettingValues.asInt(json("9999999999"))).isEmpty();
        assertThat(SettingValues.asLong(json("9999999999"))).contains(9_999_999_999L);
        assertThat(SettingValues.asInt(json("{\"a\":1}"))).isEmpty();
        assertThat(SettingValues.asDouble(json("\"0.25\""))).contains(0.25);
    }

    @Test
    void durations() throws Exception {
        assertThat(SettingValues.asDuration(json("30"))).contains(Duration.ofSeconds(30));
        assertThat(SettingValues.asDuration(json("0.5"))).contains(Duration.ofMillis(500));
        assertThat(SettingValues.asDuration(json("\"500ms\""))).contains(Duration.ofMillis(500));
        assertThat(SettingValues.asDuration(json("\"30s\""))).contains(Duration.ofSeconds(30));
        assertThat(SettingValues.asDuration(json("\"5m\""))).contains(Duration.ofMinutes(5));
        assertThat(SettingValues.asDuration(json("\"2h\""))).contains(Duration.ofHours(2));
        assertThat(SettingValues.asDuration(json("\"1d\""))).contains(Duration.ofDays(1));
        assertThat(SettingValues.asDuration(json("\"PT1M30S\""))).contains(Duration.ofSeconds(90));
        assertThat(SettingValues.asDuration(json("\"15\""))).contains(Duration.ofSeconds(15));
        assertThat(SettingValues.asDuration(json("\"soon\""))).isEmpty();
        assertThat(SettingValues.asDuration(json("-5"))).isEmpty();
        assertThat(SettingValues.asDuration(json("true"))).isEmpty();
    }

    @Test
    void strings() throws Exception {
        assertThat(SettingValues.asString(json("\"abc\""))).contains("abc");
        assertThat(SettingValues.asString(json("42"))).contains("42");
        assertThat(SettingValues.asString(json("true"))).contains("true");
        assertThat(SettingValues.asString(json("[1]"))).isEmpty();
        assertThat(SettingValues.asString(json("null"))).isEmpty();
    }
}
