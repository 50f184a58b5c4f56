package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import java.util.Objects;

/**
 * One Dockerfile instruction.
 *
 * @param line the 1-based line where the instruction starts
 * @param keyword the instruction keyword, upper-cased, e.g. {@code RUN}
 * @param arguments everything after the keyword with line continuations joined into one line, the way
 *     docker prints the instruction (heredoc bodies are not included)
 */
public record Instruction(int line, String keyword, String arguments) {

    public Instruction {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** The instruction as docker prints it, e.g. {@code RUN make deps}. */
    public String text() {
        return keyword + " " + arguments;
    }
}
