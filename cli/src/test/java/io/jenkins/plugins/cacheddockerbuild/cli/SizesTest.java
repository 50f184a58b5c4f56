package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "1024, 1024",
        "1k, 1024",
        "500m, 524288000",
        "500M, 524288000",
        "10g, 10737418240",
        "' 2t ', 2199023255552",
    })
    void parsesSizesWithBinaryUnits(String text, long bytes) throws Exception {
        assertThat(Sizes.parse("cache-dir-max-size", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "0", "0g", "-5", "-5m", "lots", "5x", "1.5g", "99999999t"})
    void rejectsWhatIsNotAPositiveSize(String text) {
        assertThatThrownBy(() -> Sizes.parse("cache-dir-max-size", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cache-dir-max-size: ")
                .hasMessageContaining("500m or 10g");
    }
}
