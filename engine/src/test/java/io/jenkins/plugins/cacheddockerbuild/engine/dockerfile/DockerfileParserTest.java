package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    private static Dockerfile parse(String text) throws InvalidInputException {
        return DockerfileParser.parse(text, Map.of());
    }

    private static InvalidInputException failure(String text) {
        try {
            parse(text);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected the Dockerfile to be refused:\n" + text);
    }

    @Test
    void readsStagesWithInstructionsAfterFrom() throws Exception {
        Dockerfile file = parse("""
                FROM busybox:1 AS deps
                RUN make deps
                FROM deps AS builder
                COPY . /src
                RUN make
                """);

        assertThat(file.stages()).extracting(Stage::id).containsExactly("deps", "builder");
        Stage builder = file.stage("builder");
        assertThat(builder.index()).isEqualTo(1);
        assertThat(builder.baseImage()).isEqualTo("deps");
        assertThat(builder.instructions()).containsExactly(
                new Instruction(4, "COPY", ". /src"), new Instruction(5, "RUN", "make"));
        assertThat(builder.instructions().get(1).text()).isEqualTo("RUN make");
    }

    @Test
    void keywordsAndAsAreCaseInsensitiveAndNamesLowerCased() throws Exception {
        Dockerfile file = parse("from busybox as Base\nrun echo hi\nFrom base aS Next\n");

        assertThat(file.stages()).extracting(Stage::name).containsExactly("base", "next");
        assertThat(file.stage("base").instructions().get(0).keyword()).isEqualTo("RUN");
        assertThat(file.stage("next").dependencies()).containsExactly("base");
        assertThat(file.stage("BASE")).isSameAs(file.stages().get(0));
    }

    @Test
    void joinsContinuationsAsDockerShowsThemAndSkipsCommentsInside() throws Exception {
        Dockerfile file = parse("""
                FROM busybox
                RUN apk add \\
                # a comment inside the continuation
                      curl \\\t \n\
                      git
                RUN true
                """);

        assertThat(file.finalStage().instructions()).containsExactly(
                new Instruction(2, "RUN", "apk add       curl       git"), new Instruction(6, "RUN", "true"));
    }

    @Test
    void honoursBacktickEscapeDirective() throws Exception {
        Dockerfile file = parse("""
                # escape=`
                # syntax=docker/dockerfile:1
                FROM mcr.microsoft.com/windows/servercore
                RUN dir c:\\ `
                    /b
                """);

        assertThat(file.finalStage().instructions()).containsExactly(new Instruction(4, "RUN", "dir c:\\     /b"));
    }

    @Test
    void directivesAfterACommentAreOnlyComments() throws Exception {
        Dockerfile file = parse("# hello\n# escape=`\nFROM busybox\nRUN a \\\n b\n");

        assertThat(file.finalStage().instructions().get(0).arguments()).isEqualTo("a  b");
    }

    @Test
    void refusesABadEscapeDirective() {
        assertThat(failure("# escape=x\nFROM busybox\n").field()).isEqualTo("Dockerfile line 1");
    }

    @Test
    void substitutesGlobalArgsInFromWithDefaultsAndBuildArgs() throws Exception {
        String text = """
                ARG REGISTRY=127.0.0.1:5000
                ARG TAG
                ARG VARIANT
                FROM ${REGISTRY}/base/busybox:${TAG:-1} AS one
                FROM $REGISTRY/app${VARIANT:+-$VARIANT}:$TAG
                """;

        Dockerfile defaults = DockerfileParser.parse(text, Map.of());
        Dockerfile given = DockerfileParser.parse(text, Map.of("TAG", "2", "VARIANT", "slim", "REGISTRY", "r:1"));

        assertThat(defaults.globalArgNames()).containsExactly("REGISTRY", "TAG", "VARIANT");
        assertThat(defaults.stages()).extracting(Stage::baseImage)
                .containsExactly("127.0.0.1:5000/base/busybox:1", "127.0.0.1:5000/app:");
        assertThat(given.stages()).extracting(Stage::baseImage)
                .containsExactly("r:1/base/busybox:2", "r:1/app-slim:2");
    }

    @Test
    void buildArgsOnlyCountWhenDeclared() throws Exception {
        Dockerfile file = DockerfileParser.parse("FROM busybox:${TAG:-1}\n", Map.of("TAG", "9"));

        assertThat(file.finalStage().baseImage()).isEqualTo("busybox:1");
    }

    @Test
    void argDefaultsMayUseEarlierArgsAndQuotes() throws Exception {
        Dockerfile file = parse("ARG A=base B=\"${A}-x\"\nFROM img:$B\n");

        assertThat(file.finalStage().baseImage()).isEqualTo("img:base-x");
    }

    @Test
    void keepsPlatformAndLeavesBuildKitPlatformArgsAsWritten() throws Exception {
        Dockerfile file = parse("""
                ARG ARCH=amd64
                FROM --platform=$BUILDPLATFORM golang:1.22 AS build
                FROM --platform=linux/${ARCH} busybox
                FROM busybox
                """);

        assertThat(file.stages()).extracting(Stage::platform)
                .containsExactly("$BUILDPLATFORM", "linux/amd64", null);
        assertThat(file.stage("build").baseImage()).isEqualTo("golang:1.22");
    }

    @Test
    void unnamedStagesAreNamedLikeBuildKit() throws Exception {
        Dockerfile file = parse("FROM busybox\nFROM busybox AS b\nFROM busybox\n");

        assertThat(file.stages()).extracting(Stage::id).containsExactly("stage-0", "b", "stage-2");
        assertThat(file.stages().get(0).name()).isNull();
        assertThat(file.stage("stage-2")).isSameAs(file.finalStage());
        assertThat(file.stage("0")).isSameAs(file.stages().get(0));
        assertThat(file.stage("nope")).isNull();
    }

    @Test
    void copyFromNameOrIndexIsADependencyButAnExternalImageIsNot() throws Exception {
        Dockerfile file = parse("""
                FROM busybox AS deps
                FROM busybox
                FROM busybox AS final
                COPY --from=deps /a /a
                COPY --from=1 /b /b
                COPY --chown=1:1 --from=external/image:tag /c /c
                COPY --from=DEPS /d /d
                """);

        assertThat(file.stage("final").dependencies()).containsExactly("deps", "stage-1");
    }

    @Test
    void runMountFromAStageIsADependency() throws Exception {
        Dockerfile file = parse("""
                FROM busybox AS cache
                FROM busybox AS tools
                FROM busybox
                RUN --mount=type=cache,target=/root/.m2 --mount=type=bind,from=tools,source=/t,target=/t make
                RUN --mount=type=bind,target=/x,from=alpine:3 true
                RUN --mount=from=0,target=/y true
                """);

        assertThat(file.finalStage().dependencies()).containsExactly("tools", "cache");
    }

    @Test
    void fromAnEarlierStageIsADependencyAndAnUnknownNameIsAnImage() throws Exception {
        Dockerfile file = parse("FROM busybox AS base\nFROM base AS a\nFROM ubuntu AS b\nFROM later\nFROM busybox AS later\n");

        assertThat(file.stage("a").dependencies()).containsExactly("base");
        assertThat(file.stage("b").dependencies()).isEmpty();
        assertThat(file.stage("stage-3").dependencies()).isEmpty();
        assertThat(file.baseStage(file.stage("a"))).isSameAs(file.stage("base"));
        assertThat(file.baseStage(file.stage("b"))).isNull();
    }

    @Test
    void fromANumberIsAnExternalImageAsDockerTreatsIt() throws Exception {
        // both builders answer "FROM 0" by pulling docker.io/library/0:latest (tried on dockerd 20.10)
        Dockerfile file = parse("FROM busybox\nFROM 0\n");

        assertThat(file.stages().get(1).dependencies()).isEmpty();
        assertThat(file.baseStage(file.stages().get(1))).isNull();
    }

    @Test
    void heredocBodiesAreSkippedAsPartOfTheirInstruction() throws Exception {
        Dockerfile file = parse("""
                # syntax=docker/dockerfile:1.4
                FROM busybox
                RUN <<EOF
                FROM this is not an instruction
                echo hi
                EOF
                COPY <<-"A" <<B /dest/
                \tline
                \tA
                b-line
                B
                RUN true
                """);

        assertThat(file.stages()).hasSize(1);
        assertThat(file.finalStage().instructions()).extracting(Instruction::text)
                .containsExactly("RUN <<EOF", "COPY <<-\"A\" <<B /dest/", "RUN true");
        assertThat(file.finalStage().instructions().get(2).line()).isEqualTo(12);
    }

    @Test
    void aQuotedHeredocWordIsAnArgumentAsDockerReadsIt() throws Exception {
        // BuildKit looks for heredocs in words with their quotes kept: "<<EOF" starts with a quote
        Dockerfile file = parse("""
                FROM busybox
                RUN echo "<<EOF" '<<END' "a <<B"
                FROM busybox AS second
                RUN true
                """);

        assertThat(file.stages()).hasSize(2);
        assertThat(file.stages().get(1).instructions()).extracting(Instruction::text).containsExactly("RUN true");
    }

    @Test
    void anExecFormArgumentIsNoHeredoc() throws Exception {
        Dockerfile file = parse("""
                FROM busybox
                RUN ["<<EOF"]
                RUN --network=none ["echo", "<<END"]
                COPY ["<<A", "/dest/"]
                FROM busybox AS second
                RUN true
                """);

        assertThat(file.stages()).hasSize(2);
        assertThat(file.stages().get(0).instructions()).hasSize(3);
    }

    @Test
    void aHeredocAfterFlagsAndAmongOtherWordsIsStillOne() throws Exception {
        Dockerfile file = parse("""
                FROM busybox
                RUN --mount=type=cache,target=/c python3 - <<'PY' > /out
                FROM not an instruction
                PY
                RUN true
                """);

        assertThat(file.stages()).hasSize(1);
        assertThat(file.finalStage().instructions()).hasSize(2);
    }

    @Test
    void refusesAnUnterminatedHeredoc() {
        InvalidInputException e = failure("FROM busybox\nRUN <<EOF\necho hi\n");

        assertThat(e.field()).isEqualTo("Dockerfile line 2");
        assertThat(e.getMessage()).contains("never closed");
    }

    @Test
    void toleratesCrLfBomAndBlankLines() throws Exception {
        Dockerfile file = parse("\uFEFF# syntax=docker/dockerfile:1\r\n\r\nFROM busybox\r\n\r\n  RUN a \\\r\n  b\r\n");

        assertThat(file.finalStage().instructions()).containsExactly(new Instruction(5, "RUN", "a   b"));
    }

    @Test
    void refusesDuplicateStageNames() {
        InvalidInputException e = failure("FROM busybox AS a\nFROM busybox AS A\n");

        assertThat(e.field()).isEqualTo("Dockerfile line 2");
        assertThat(e.value()).isEqualTo("A");
        assertThat(e.getMessage()).contains("duplicate stage name").contains("line 1");
    }

    @Test
    void refusesInstructionsBeforeTheFirstFrom() {
        InvalidInputException e = failure("ARG X=1\n\nRUN echo\nFROM busybox\n");

        assertThat(e.field()).isEqualTo("Dockerfile line 3");
        assertThat(e.getMessage()).contains("only ARG may come before the first FROM");
    }

    @Test
    void refusesADockerfileWithoutFrom() {
        assertThat(failure("# just a comment\nARG X\n").getMessage()).contains("no FROM");
        assertThat(failure("").getMessage()).contains("no FROM");
    }

    @Test
    void refusesUnknownInstructionsAndMalformedFrom() {
        assertThat(failure("FROM busybox\nRUNN make\n").field()).isEqualTo("Dockerfile line 2");
        assertThat(failure("FROM busybox AS\n").getMessage()).contains("AS name");
        assertThat(failure("FROM\n").getMessage()).contains("AS name");
        assertThat(failure("FROM busybox AS 1abc\n").getMessage()).contains("stage name");
        assertThat(failure("FROM --network=host busybox\n").getMessage()).contains("--platform");
    }

    @Test
    void refusesAnEmptyBaseImageAndBadSubstitutions() {
        assertThat(failure("ARG IMAGE\nFROM $IMAGE\n").getMessage()).contains("base image is empty");
        assertThat(failure("ARG I=x\nFROM ${I\n").getMessage()).contains("missing '}'");
        assertThat(failure("ARG I=x\nFROM ${I:?no}\n").getMessage()).contains("unsupported substitution");
    }

    @Test
    void refusesReferencesToTheSameOrALaterStage() {
        assertThat(failure("FROM busybox AS a\nCOPY --from=b /x /x\nFROM busybox AS b\n").getMessage())
                .contains("a later stage (line 3)");
        assertThat(failure("FROM busybox AS a\nCOPY --from=a /x /x\n").getMessage()).contains("the stage it is in");
        assertThat(failure("FROM busybox\nCOPY --from=0 /x /x\n").field()).isEqualTo("Dockerfile line 2");
        assertThat(failure("FROM busybox\nCOPY --from=5 /x /x\n").getMessage()).contains("there is no stage 5");
    }
}
