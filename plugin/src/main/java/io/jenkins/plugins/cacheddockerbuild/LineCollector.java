package io.jenkins.plugins.cacheddockerbuild;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Receives a process's output, hands every complete line to the engine's sink as it arrives, and keeps a
 * bounded copy of the text for the result.
 */
final class LineCollector extends OutputStream {
    private static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    LineCollector(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void flushLine() {
        String value = line.toString(StandardCharsets.UTF_8);
        line.reset();
        text.append(value).append('\n');
        if (text.length() > MAX_KEPT_CHARS) {
            text.delete(0, text.length() - MAX_KEPT_CHARS / 2);
        }
        if (sink != null) {
            sink.accept(value);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
