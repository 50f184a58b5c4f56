package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The run's one executor: bounded width per call, results in item order, a failure stops and waits for the rest. */
class ParallelTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Parallel parallel = new Parallel(executor);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void runsAtMostLimitAtOnceAndKeepsItemOrder() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        List<Integer> results = parallel.map(List.of(5, 1, 4, 2, 3, 0), 2, item -> () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(item * 10L);
            running.decrementAndGet();
            return item * 10;
        });

        assertThat(results).containsExactly(50, 10, 40, 20, 30, 0);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aFailureComesOutAsThrownAfterTheOthersWereInterruptedAndHaveEnded() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicBoolean slowEnded = new AtomicBoolean();

        assertThatThrownBy(() -> parallel.map(List.of("slow", "failing"), 2, item -> () -> {
            if (item.equals("failing")) {
                slowStarted.await(5, TimeUnit.SECONDS);
                throw new DockerUnavailableException("docker is gone");
            }
            slowStarted.countDown();
            try {
                Thread.sleep(60_000);
            } finally {
                slowEnded.set(true);
            }
            return item;
        })).isInstanceOf(DockerUnavailableException.class).hasMessage("docker is gone");

        assertThat(slowEnded).as("the interrupted task ended before map returned").isTrue();
    }

    @Test
    void closingBackgroundWorkStopsItAndWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();

        Background<String> work = parallel.start(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } finally {
                ended.set(true);
            }
            return "never";
        });
        started.await(5, TimeUnit.SECONDS);
        work.close();

        assertThat(ended).isTrue();
        assertThatThrownBy(work::await).isInstanceOf(InterruptedException.class);
    }
}
