package io.jenkins.plugins.cacheddockerbuild.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The engine's runtime dependencies are exactly jackson-jr and the jackson-core it reads with; every other
 * dependency in its pom is test-scoped.
 */
class EnginePomTest {

    @Test
    void theOnlyRuntimeDependenciesAreJacksonJrAndJacksonCore() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        assertThat(pom.getDocumentElement().getElementsByTagName("artifactId").item(1).getTextContent())
                .isEqualTo("cached-docker-build-engine");

        NodeList dependencies = pom.getElementsByTagName("dependency");
        List<String> notTestScoped = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!"test".equals(child(dependency, "scope"))) {
                notTestScoped.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId"));
            }
        }

        assertThat(dependencies.getLength()).isPositive();
        assertThat(notTestScoped).as("non-test dependencies of engine/pom.xml")
                .containsExactlyInAnyOrder("com.fasterxml.jackson.jr:jackson-jr-objects",
                        "com.fasterxml.jackson.core:jackson-core");
    }

    private static String child(Element element, String name) {
        NodeList children = element.getElementsByTagName(name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().strip();
    }
}
