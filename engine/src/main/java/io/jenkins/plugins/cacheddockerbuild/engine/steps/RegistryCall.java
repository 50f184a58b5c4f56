package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.io.IOException;

/**
 * The builder's registry calls (lookup, pull, push) with bounded retries and exponential backoff for
 * failures that may pass (connection dropped, timeout, 5xx). A missing tag or a denied read is final at once.
 */
final class RegistryCall {
    private static final long FIRST_BACKOFF_MILLIS = 500;

    /** How a call ended. {@code failure} is {@code null} on success. */
    record Outcome(CommandResult result, RegistryFailure failure, String reason, int attempts) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** One call to the registry through the builder. */
    private interface Call {
        CommandResult run() throws DockerUnavailableException, IOException, InterruptedException;
    }

    private final BuilderBackend builder;
    private final int retries;

    RegistryCall(BuilderBackend builder, int retries) {
        this.builder = builder;
        this.retries = retries;
    }

    Outcome lookUp(String ref) throws DockerUnavailableException, InterruptedException {
        return run(ref, () -> builder.lookUp(ref));
    }

    Outcome pull(String ref) throws DockerUnavailableException, InterruptedException {
        return run(ref, () -> builder.pull(ref));
    }

    Outcome push(String ref) throws DockerUnavailableException, InterruptedException {
        return run(ref, () -> builder.push(ref));
    }

    private Outcome run(String ref, Call call) throws DockerUnavailableException, InterruptedException {
        int attempts = 0;
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            attempts++;
            Outcome outcome = once(ref, call, attempts);
            if (outcome.succeeded() || !outcome.failure().transientFailure() || attempts > retries) {
                return outcome;
            }
            Thread.sleep(backoff);
            backoff *= 2;
        }
    }

    private static Outcome once(String ref, Call call, int attempt) throws DockerUnavailableException,
            InterruptedException {
        try {
            CommandResult result = call.run();
            if (result.succeeded()) {
                return new Outcome(result, null, "", attempt);
            }
            String reason = result.errorLine();
            return new Outcome(result, RegistryFailure.classify(reason, ref), reason, attempt);
        } catch (CommandTimeoutException e) {
            return new Outcome(null, RegistryFailure.UNREACHABLE, e.getMessage(), attempt);
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (IOException e) {
            return new Outcome(null, RegistryFailure.OTHER, String.valueOf(e.getMessage()), attempt);
        }
    }
}
