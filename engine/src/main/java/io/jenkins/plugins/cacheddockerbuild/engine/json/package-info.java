/**
 * JSON through jackson-jr: the report file, docker's JSON output (manifests, image inspect) and the docker
 * {@code config.json}. No other JSON code in the engine.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.json;
