package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.io.IOException;

/**
 * A registry call (manifest inspect, pull, push) with bounded retries and exponential backoff for failures
 * that may pass (connection dropped, timeout, 5xx). A missing tag or a denied read is final at once.
 */
final class RegistryCall {
    private static final long FIRST_BACKOFF_MILLIS = 500;

    /** How a call ended. {@code failure} is {@code null} on success. */
    record Outcome(CommandResult result, RegistryFailure failure, String reason, int attempts) {
        boolean succeeded() {
            return failure == null;
        }
    }

    private RegistryCall() {
    }

    /** One call to the registry through the builder. */
    interface Call {
        CommandResult run() throws DockerUnavailableException, IOException, InterruptedException;
    }

    /** Runs {@code call}, a call about {@code ref}, retrying what may pass. */
    static Outcome run(RunContext run, String ref, Call call)
            throws DockerUnavailableException, InterruptedException {
        int attempts = 0;
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            attempts++;
            Outcome outcome = once(ref, call, attempts);
            if (outcome.succeeded() || !outcome.failure().transientFailure()
                    || attempts > run.request().registryRetries()) {
                return outcome;
            }
            Thread.sleep(backoff);
            backoff *= 2;
        }
    }

    private static Outcome once(String ref, Call call, int attempt)
            throws DockerUnavailableException, InterruptedException {
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
