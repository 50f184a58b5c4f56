package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lock on the agent cannot outlive the build that asked for it, even when the unlock overtakes the lock. */
class AgentLocksTest {
    @TempDir
    Path dir;

    @Test
    void aLockIsHeldUntilReleased() throws Exception {
        String token = UUID.randomUUID().toString();
        FileChannel file = open();
        int before = AgentLocks.heldCount();

        assertThat(AgentLocks.keep(token, file, null)).isTrue();
        assertThat(AgentLocks.heldCount()).isEqualTo(before + 1);
        AgentLocks.release(token);

        assertThat(file.isOpen()).isFalse();
        assertThat(AgentLocks.heldCount()).isEqualTo(before);
    }

    @Test
    void aLockTakenAfterAnInterruptedCallWasReleasedIsLetGoAtOnce() throws Exception {
        String token = UUID.randomUUID().toString();
        FileChannel file = open();
        int before = AgentLocks.heldCount();

        AgentLocks.release(token);  // the controller gave up waiting and sent its unlock first

        assertThat(AgentLocks.keep(token, file, null)).isFalse();
        assertThat(file.isOpen()).isFalse();
        assertThat(AgentLocks.heldCount()).isEqualTo(before);
    }

    private FileChannel open() throws Exception {
        return FileChannel.open(dir.resolve(UUID.randomUUID() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
    }
}
