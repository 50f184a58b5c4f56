package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Dockerfile into its stages, the way docker would read it: parser directives ({@code # escape=}),
 * comments, line continuations, case-insensitive keywords, global {@code ARG}s substituted into
 * {@code FROM}. Heredoc bodies ({@code RUN <<EOF}) are skipped over as part of their instruction.
 *
 * <p>Every mistake a user can make is reported as an {@link InvalidInputException} whose field is
 * {@code Dockerfile line N}.
 */
public final class DockerfileParser {

    private static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR");
    private static final String STAGE_NAME = "[a-z][a-z0-9_.-]*";

    private final GlobalArgs args;
    private final char escape;
    private final List<StageDraft> stages = new ArrayList<>();

    private DockerfileParser(Map<String, String> buildArgs, char escape) {
        this.args = new GlobalArgs(buildArgs, escape);
        this.escape = escape;
    }

    /**
     * Parses a Dockerfile.
     *
     * @param text the Dockerfile's content
     * @param buildArgs the build's {@code --build-arg} values; they replace the defaults of declared ARGs
     * @return the parsed Dockerfile, with at least one stage
     * @throws InvalidInputException when docker would refuse the Dockerfile, naming the line
     */
    public static Dockerfile parse(String text, Map<String, String> buildArgs) throws InvalidInputException {
        LogicalLineReader reader = new LogicalLineReader(text == null ? "" : text);
        List<LogicalLineReader.LogicalLine> lines = reader.read();
        DockerfileParser parser = new DockerfileParser(buildArgs, reader.escape());
        for (LogicalLineReader.LogicalLine line : lines) {
            parser.accept(line);
        }
        return parser.finish();
    }

    private void accept(LogicalLineReader.LogicalLine line) throws InvalidInputException {
        String[] parts = line.text().split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String arguments = parts.length > 1 ? parts[1].strip() : "";
        if (!KEYWORDS.contains(keyword)) {
            throw new InvalidInputException(field(line.line()), parts[0], "unknown instruction");
        }
        if (keyword.equals("FROM")) {
            stages.add(stageFrom(arguments, line.line()));
        } else if (stages.isEmpty() && keyword.equals("ARG")) {
            args.declare(arguments, line.line());
        } else if (stages.isEmpty()) {
            throw new InvalidInputException(field(line.line()), keyword + " " + arguments,
                    "only ARG may come before the first FROM");
        } else {
            current().instructions.add(new Instruction(line.line(), keyword, arguments));
        }
    }

    private StageDraft stageFrom(String arguments, int line) throws InvalidInputException {
        List<String> words = ShellWords.split(arguments, escape);
        String platform = null;
        int i = 0;
        for (; i < words.size() && words.get(i).startsWith("--"); i++) {
            String flag = words.get(i);
            if (!flag.startsWith("--platform=")) {
                throw new InvalidInputException(field(line), flag, "FROM only knows the --platform=... flag");
            }
            platform = args.expand(flag.substring("--platform=".length()), line);
        }
        List<String> rest = words.subList(i, words.size());
        boolean named = rest.size() == 3 && rest.get(1).equalsIgnoreCase("AS");
        if (rest.size() != 1 && !named) {
            throw new InvalidInputException(field(line), "FROM " + arguments,
                    "FROM takes an image and optionally 'AS name'");
        }
        String image = args.expand(rest.get(0), line);
        if (image.isBlank()) {
            throw new InvalidInputException(field(line), rest.get(0),
                    "the base image is empty once build args are substituted; give the ARG a default or a value");
        }
        String name = named ? stageName(rest.get(2), line) : null;
        return new StageDraft(stages.size(), line, name, image, platform);
    }

    private String stageName(String given, int line) throws InvalidInputException {
        String name = given.toLowerCase(Locale.ROOT);
        if (!name.matches(STAGE_NAME)) {
            throw new InvalidInputException(field(line), given,
                    "a stage name must start with a letter and contain only letters, digits, '-', '_' and '.'");
        }
        for (StageDraft earlier : stages) {
            if (name.equals(earlier.name)) {
                throw new InvalidInputException(field(line), given,
                        "duplicate stage name; line " + earlier.fromLine + " already defines it");
            }
        }
        return name;
    }

    private Dockerfile finish() throws InvalidInputException {
        if (stages.isEmpty()) {
            throw new InvalidInputException("Dockerfile", null, "it has no FROM instruction, so nothing to build");
        }
        StageReferences references = new StageReferences(stages, args, escape);
        List<Stage> result = new ArrayList<>();
        for (StageDraft draft : stages) {
            result.add(draft.toStage(references.dependenciesOf(draft)));
        }
        return new Dockerfile(args.names(), result);
    }

    private StageDraft current() {
        return stages.get(stages.size() - 1);
    }

    private static String field(int line) {
        return LogicalLineReader.field(line);
    }
}
