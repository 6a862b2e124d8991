package io.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConformanceFixtureServerTest {

  private static ConformanceFixtureServer fixture;

  @BeforeAll
  static void startFixture() {
    fixture = ConformanceFixtureServer.start();
  }

  @AfterAll
  static void stopFixture() {
    fixture.close();
  }

  @Test
  void listens_on_loopback_on_a_port_the_os_picked() {
    assertThat(fixture.port()).isPositive();
    assertThat(fixture.url()).hasToString("http://127.0.0.1:" + fixture.port() + "/mcp");
  }

  @Test
  void rejects_a_foreign_host_and_origin_with_4xx() throws Exception {
    int status =
        McpWire.initializeWithHost(fixture.url(), "evil.example.com", "http://evil.example.com");

    assertThat(status).isBetween(400, 499);
  }

  @Test
  void accepts_localhost_and_loopback_hosts_and_origins() throws Exception {
    String port = ":" + fixture.port();
    for (String host : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
      int status = McpWire.initializeWithHost(fixture.url(), host + port, "http://" + host + port);

      assertThat(status).as(host).isEqualTo(200);
    }
  }

  @Test
  void sends_sampling_request_on_the_post_stream_of_the_tool_call() throws Exception {
    McpWire.Session wire = McpWire.session(fixture.url(), CAPABILITIES);
    Iterator<JsonNode> stream =
        json(wire.stream(McpWire.toolCall(7, "test_sampling", "{\"prompt\":\"Say hi\"}")));

    assertThat(stream).as("SSE stream of the tools/call").hasNext();
    JsonNode sampling = stream.next();
    assertThat(sampling.path("method").asString()).isEqualTo("sampling/createMessage");
    assertThat(sampling.at("/params/messages/0/content/text").asString()).isEqualTo("Say hi");
    assertThat(
            wire.send(
                answer(
                    sampling,
                    Map.of(
                        "role",
                        "assistant",
                        "model",
                        "test-model",
                        "content",
                        Map.of("type", "text", "text", "hi there")))))
        .isEqualTo(202);

    JsonNode result = stream.next();
    assertThat(result.path("id").asInt()).isEqualTo(7);
    assertThat(result.at("/result/content/0/text").asString()).isEqualTo("LLM response: hi there");
  }

  @Test
  void sends_form_elicitation_on_the_post_stream_of_the_tool_call() throws Exception {
    McpWire.Session wire = McpWire.session(fixture.url(), CAPABILITIES);
    Iterator<JsonNode> stream =
        json(wire.stream(McpWire.toolCall(8, "test_elicitation", "{\"message\":\"Who?\"}")));

    assertThat(stream).as("SSE stream of the tools/call").hasNext();
    JsonNode elicitation = stream.next();
    assertThat(elicitation.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(elicitation.at("/params/mode").asString()).isEqualTo("form");
    assertThat(elicitation.at("/params/requestedSchema/required").toString())
        .contains("username", "email");
    wire.send(
        answer(
            elicitation,
            Map.of(
                "action",
                "accept",
                "content",
                Map.of("username", "ada", "email", "ada@example.com"))));

    JsonNode result = stream.next();
    assertThat(result.at("/result/content/0/text").asString())
        .startsWith("User response: action=accept")
        .contains("\"username\":\"ada\"");
  }

  @Test
  void main_prints_the_fixture_url_for_scripts() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConformanceFixtureServer.class.getName(),
                "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).matches("FIXTURE_URL=http://127\\.0\\.0\\.1:[1-9][0-9]*/mcp");
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static final String CAPABILITIES = "{\"sampling\":{},\"elicitation\":{}}";
  private static final JsonMapper JSON = JsonMapper.shared();

  private static String answer(JsonNode request, Map<String, Object> result) {
    return JSON.writeValueAsString(
        Map.of("jsonrpc", "2.0", "id", request.path("id").asString(), "result", result));
  }

  private static Iterator<JsonNode> json(Iterator<String> messages) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return messages.hasNext();
      }

      @Override
      public JsonNode next() {
        return JSON.readTree(messages.next());
      }
    };
  }
}
