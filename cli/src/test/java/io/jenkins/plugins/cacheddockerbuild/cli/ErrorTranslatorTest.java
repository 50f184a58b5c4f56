package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User mistakes become one message and their exit code; anything else is a bug and says so, with its trace. */
class ErrorTranslatorTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anUnexpectedErrorPrintsItsTraceAsksToReportItAndExitsSeventy() {
        int exit = ErrorTranslator.translate(new IllegalStateException("boom"), print());

        assertThat(exit).isEqualTo(70);
        assertThat(err()).contains("internal error in cached-docker-build; please report it")
                .contains("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void userFacingFailuresAreOneMessageWithTheirExitCodeAndNoTrace() {
        assertThat(ErrorTranslator.translate(new InvalidInputException("tag", "-x", "is not a valid tag"), print()))
                .isEqualTo(2);
        assertThat(ErrorTranslator.translate(new DockerUnavailableException("the docker daemon is not reachable"),
                print())).isEqualTo(3);
        assertThat(ErrorTranslator.translate(new BuildFailedException("app", "RUN make", List.of("make: *** boom")),
                print())).isEqualTo(1);

        assertThat(err()).contains("error: tag: is not a valid tag (got '-x')")
                .contains("error: stage 'app' failed at step: RUN make").contains("  make: *** boom")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    private PrintStream print() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
