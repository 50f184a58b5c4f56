package io.jenkins.plugins.cacheddockerbuild.engine.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** The published {@code docs/report.schema.json}, loaded from the repository for validation in tests. */
final class ReportSchema {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportSchema() {
    }

    static Path file() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/report.schema.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/report.schema.json not found above " + Path.of("").toAbsolutePath());
    }

    /** The validation errors of {@code json} against the schema, empty when it is valid. */
    static Set<String> errors(String json) {
        try {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(file()));
            Set<String> messages = new TreeSet<>();
            for (ValidationMessage message : schema.validate(MAPPER.readTree(json))) {
                messages.add(message.getMessage());
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
