package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "30, PT30S",
        "0, PT0S",
        "250ms, PT0.25S",
        "90s, PT1M30S",
        "5m, PT5M",
        "1h30m, PT1H30M",
        "7d, PT168H",
        "' 60s ', PT1M"
    })
    void readsSecondsAndGoStyleUnits(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "1.5h", "5 m", "m", "10y", "PT5M", "1h-30m"})
    void refusesAnythingElseWithAHint(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1h30m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999d", "999999999999", "36501d", "36500d1s"})
    void refusesDurationsLongerThanAHundredYears(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 36500d");
    }

    @Test
    void acceptsExactlyAHundredYears() {
        assertThat(Durations.parse("36500d")).isEqualTo(Duration.ofDays(36_500));
    }
}
