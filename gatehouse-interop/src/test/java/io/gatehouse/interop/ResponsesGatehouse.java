package io.gatehouse.interop;

import static io.gatehouse.testkit.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Gatehouse serving {@code /v1/responses} for the OpenAI client SDKs: the scripted model
 * (the one test double) as its model provider, a real MCP server behind the route {@value #ROUTE}
 * (tools {@code echo}, {@code delete-file}, and {@code fail-tool}, whose result has {@code
 * isError}), a per-user OAuth connection {@value #CONNECTION} nobody has consented to, and the user
 * {@value #USER} with an API key and the {@code user} role in the {@code default} project.
 *
 * <p>The model is scripted per scenario: a request whose messages mention a scenario's marker (the
 * user's input) takes that scenario's steps, so the clients' requests may come in any order.
 */
final class ResponsesGatehouse implements AutoCloseable {
  static final String ROUTE = "files";
  static final String CONNECTION = "github";
  static final String USER = "alice";
  static final String PROJECT = "default";
  private static final JsonMapper JSON = JsonMapper.shared();

  ScriptedUpstream upstream;
  ScriptedUpstream consentServer;
  ScriptedModel model;
  RunningGatehouse gatehouse;
  String userKey;

  private ResponsesGatehouse(Path dir) {
    try {
      setUp(dir);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void setUp(Path dir) {
    String modelKey = "mk-" + Long.toHexString(System.nanoTime());
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool(
                        "delete-file",
                        "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}},"
                            + "\"annotations\":{\"destructiveHint\":true}",
                        (c, out) -> out.result(ScriptedUpstream.text("deleted " + c.arg("path"))))
                    .tool(
                        "fail-tool",
                        (c, out) ->
                            out.result(
                                "{\"content\":[{\"type\":\"text\",\"text\":\"disk full\"}],"
                                    + "\"isError\":true}")));
    // The per-user connection's server; its port also stands for the authorization server's, so
    // the consent link points at a loopback port this test holds (nothing answers /authorize).
    consentServer = ScriptedUpstream.start(s -> {});
    model = ScriptedModel.start(modelKey);
    gatehouse =
        RunningGatehouse.start(
            dir,
            "routes:\n"
                + RunningGatehouse.route(ROUTE, upstream.url(), "streamable-http")
                + "    auth: [api-key]\n");
    created(
        "/admin/v1/models",
        "{\"name\":\"scripted\",\"baseUrl\":\""
            + model.baseUrl()
            + "\",\"apiKey\":{\"value\":\""
            + modelKey
            + "\"},\"models\":[\"*\"]}");
    String authServer = "http://127.0.0.1:" + consentServer.address().getPort();
    created(
        "/admin/v1/connections?project=" + PROJECT,
        "{\"name\":\""
            + CONNECTION
            + "\",\"url\":\""
            + consentServer.url()
            + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"oauth-user\","
            + "\"authorizationUrl\":\""
            + authServer
            + "/authorize\",\"tokenUrl\":\""
            + authServer
            + "/token\",\"clientId\":\"gh\"}}");
    userKey = user(USER);
  }

  /** Starts it all, in {@code dir}; what started is stopped again when a later part fails. */
  static ResponsesGatehouse start(Path dir) {
    return new ResponsesGatehouse(dir);
  }

  /** {@code http://127.0.0.1:<port>/v1}: the SDKs' base URL. */
  URI v1() {
    return gatehouse.url("/v1");
  }

  /** {@code http://127.0.0.1:<port>/oauth/consent/}: where consent links must point. */
  URI consentPages() {
    return gatehouse.url("/oauth/consent/");
  }

  /** The URL of the route to the MCP server, an {@code mcp} tool's {@code server_url}. */
  URI route() {
    return gatehouse.route(ROUTE);
  }

  /**
   * Scenario {@code marker}: the model first calls {@code tool} with {@code arguments}, then, given
   * the tool's result, answers {@code answer}.
   */
  ResponsesGatehouse script(String marker, String tool, String arguments, String answer) {
    model
        .reply(
            mentions(marker).and(ScriptedModel.lastMessageIsToolResult().negate()),
            Reply.toolCalls(call(ROUTE + "__" + tool, arguments)))
        .reply(mentions(marker).and(ScriptedModel.lastMessageIsToolResult()), Reply.text(answer));
    return this;
  }

  /** Scenario {@code marker}: the model calls {@code tool} again after every result. */
  ResponsesGatehouse scriptEndlessCalls(String marker, String tool, String arguments, int times) {
    for (int i = 0; i < times; i++) {
      model.reply(mentions(marker), Reply.toolCalls(call(ROUTE + "__" + tool, arguments)));
    }
    return this;
  }

  /** Scenario {@code marker}: the model answers HTTP {@code status} with an error body. */
  ResponsesGatehouse scriptModelError(String marker, int status) {
    model.reply(mentions(marker), Reply.error(status, "scripted refusal " + status));
    return this;
  }

  /** Whether the tool named {@code tool} was ever called on the MCP server. */
  boolean upstreamCalled(String tool) {
    return upstream.requests().stream()
        .anyMatch(
            r ->
                r.body() != null
                    && r.body().contains("tools/call")
                    && r.body().contains("\"" + tool + "\""));
  }

  private static Predicate<JsonNode> mentions(String marker) {
    return r -> r.path("messages").toString().contains(marker);
  }

  private void created(String path, String body) {
    HttpResponse<String> r = gatehouse.send("POST", path, RunningGatehouse.ADMIN_TOKEN, body);
    assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(201);
  }

  private String user(String name) {
    gatehouse.send(
        "POST",
        "/admin/v1/consumers",
        RunningGatehouse.ADMIN_TOKEN,
        "{\"name\":\"" + name + "\",\"kind\":\"user\"}");
    gatehouse.send(
        "POST",
        "/admin/v1/projects/" + PROJECT + "/members",
        RunningGatehouse.ADMIN_TOKEN,
        "{\"subject\":\"" + name + "\",\"role\":\"user\"}");
    HttpResponse<String> key =
        gatehouse.send(
            "POST", "/admin/v1/consumers/" + name + "/keys", RunningGatehouse.ADMIN_TOKEN, "{}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return JSON.readTree(key.body()).path("key").asString();
  }

  /** Stops every part that started, each even when another fails to stop. */
  @Override
  public void close() {
    IllegalStateException failure = null;
    for (AutoCloseable part : new AutoCloseable[] {gatehouse, model, consentServer, upstream}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop the test servers", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
