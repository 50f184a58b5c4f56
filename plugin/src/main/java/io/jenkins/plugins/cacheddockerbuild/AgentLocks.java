package io.jenkins.plugins.cacheddockerbuild;

import hudson.remoting.Channel;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The locks {@link AgentFileCallables.Lock} holds in an agent's JVM, by token. A lock cannot outlive its
 * build: an unlock that overtakes the lock call marks the token released, so the lock is let go as soon as it
 * is taken; and a lock taken over a channel is let go when that channel closes (the controller went away).
 */
final class AgentLocks {
    private static final Logger LOGGER = Logger.getLogger(AgentLocks.class.getName());
    private static final Map<String, Held> HELD = new HashMap<>();
    /** Tokens released before their lock was taken: only after a lock call that did not come back. */
    private static final Set<String> RELEASED = new HashSet<>();

    private record Held(FileChannel file, Channel channel, Channel.Listener listener) {
    }

    private AgentLocks() {
    }

    /** Keeps {@code file} under {@code token}; {@code false} (and the lock let go) if the token was released. */
    static boolean keep(String token, FileChannel file, VirtualChannel channel) throws IOException {
        synchronized (AgentLocks.class) {
            if (!RELEASED.remove(token)) {
                Channel remoting = channel instanceof Channel c ? c : null;
                Channel.Listener listener = remoting == null ? null : new ReleaseOnClose(token);
                HELD.put(token, new Held(file, remoting, listener));
                if (remoting != null) {
                    remoting.addListener(listener);
                }
                return true;
            }
        }
        file.close();
        return false;
    }

    /** Lets the lock under {@code token} go, or marks the token so that a lock still being taken is let go. */
    static void release(String token) throws IOException {
        Held held;
        synchronized (AgentLocks.class) {
            held = HELD.remove(token);
            if (held == null) {
                RELEASED.add(token);
                return;
            }
        }
        if (held.channel() != null) {
            held.channel().removeListener(held.listener());
        }
        held.file().close();
    }

    static synchronized int heldCount() {
        return HELD.size();
    }

    private static final class ReleaseOnClose extends Channel.Listener {
        private final String token;

        ReleaseOnClose(String token) {
            this.token = token;
        }

        @Override
        public void onClosed(Channel channel, IOException cause) {
            Held held;
            synchronized (AgentLocks.class) {
                held = HELD.remove(token);
            }
            try {
                if (held != null) {
                    held.file().close();
                }
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "releasing a lock after its channel closed", e);
            }
        }
    }
}
