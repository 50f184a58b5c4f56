package io.jenkins.plugins.cacheddockerbuild.acceptance;

import java.nio.file.Path;

/** The {@code config.xml} of the jobs the suite creates, as the REST API, Job DSL or a user would post them. */
final class Jobs {
    private Jobs() {
    }

    /** A freestyle job building {@code app} with only the image and branch set: every other field defaults. */
    static String freestyle(Path app, String image) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <keepDependencies>false</keepDependencies>
                  <canRoam>true</canRoam>
                  <disabled>false</disabled>
                  <concurrentBuild>false</concurrentBuild>
                  <customWorkspace>%s</customWorkspace>
                  <builders>
                    <io.jenkins.plugins.cacheddockerbuild.CachedDockerBuilder>
                      <image>%s</image>
                      <branch>main</branch>
                    </io.jenkins.plugins.cacheddockerbuild.CachedDockerBuilder>
                  </builders>
                </project>
                """.formatted(xml(app.toString()), xml(image));
    }

    static String pipeline(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(xml(script));
    }

    /**
     * A Pipeline that builds {@code app} on {@code label} (empty: any) with {@code docker} (e.g. DOCKER_HOST=…)
     * and prints the step's returned map, as docs/pipeline.md shows.
     */
    static String buildScript(String label, Path app, String image, String dockerHost) {
        return buildScript(label, app, image, dockerHost, "auto");
    }

    /** The same script with the step's {@code builder} option. */
    static String buildScript(String label, Path app, String image, String dockerHost, String builder) {
        return """
                node('%s') {
                  ws('%s') {
                    withEnv(['DOCKER_HOST=%s']) {
                      def result = cachedDockerBuild image: '%s', branch: 'main', builder: '%s'
                      echo "RESULT cached=${result.cachedSteps}/${result.totalSteps} pushed=${result.pushed.size()} first=${result.pushed[0].ref}@${result.pushed[0].digest}"
                    }
                  }
                }
                """.formatted(label, app, dockerHost, image, builder);
    }

    /** A multibranch Pipeline over the git repository at {@code remote} (a local path), all branches. */
    static String multibranch(Path remote) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
                  <sources class="jenkins.branch.MultiBranchProject$BranchSourceList">
                    <data>
                      <jenkins.branch.BranchSource>
                        <source class="jenkins.plugins.git.GitSCMSource">
                          <id>cdb-acceptance</id>
                          <remote>%s</remote>
                          <credentialsId></credentialsId>
                          <traits><jenkins.plugins.git.traits.BranchDiscoveryTrait/></traits>
                        </source>
                        <strategy class="jenkins.branch.DefaultBranchPropertyStrategy">
                          <properties class="empty-list"/>
                        </strategy>
                      </jenkins.branch.BranchSource>
                    </data>
                    <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
                  </sources>
                  <factory class="org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory">
                    <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
                    <scriptPath>Jenkinsfile</scriptPath>
                  </factory>
                </org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
                """.formatted(xml(remote.toString()));
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
