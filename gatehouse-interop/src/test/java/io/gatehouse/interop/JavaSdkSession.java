package io.gatehouse.interop;

import io.gatehouse.server.testing.RunningGatehouse;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One MCP Java SDK client session through a gateway route. The client declares sampling and
 * elicitation, answers them with canned content and keeps what it was asked and every progress
 * notification, so the scenarios can check what travelled through the gateway.
 */
final class JavaSdkSession implements AutoCloseable {
  static final String SAMPLED_TEXT = "canned answer from the java-sdk client ✓";
  static final String ELICITED_NAME = "Grace Hopper ✓";
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(6);

  /** An HTTP answer the test read itself. */
  record RawReply(int status, String body) {}

  private final JavaClientTransport transport;
  private final WireTap tap = new WireTap();
  private final List<CreateMessageRequest> samplingRequests = new CopyOnWriteArrayList<>();
  private final List<ElicitFormRequest> elicitationRequests = new CopyOnWriteArrayList<>();
  private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final McpSyncClient client;

  JavaSdkSession(JavaClientTransport transport, RunningGatehouse gateway, String route) {
    this(transport, gateway.url("/"), route);
  }

  /** The same, through whatever serves the gateway's paths at {@code base} (a balancer). */
  JavaSdkSession(JavaClientTransport transport, java.net.URI base, String route) {
    this.transport = transport;
    this.client =
        McpClient.sync(transport.create(JavaClientTransport.origin(base), route, tap))
            .clientInfo(Implementation.builder("gatehouse-interop-java", "1.0.0").build())
            .requestTimeout(REQUEST_TIMEOUT)
            .initializationTimeout(REQUEST_TIMEOUT)
            .capabilities(ClientCapabilities.builder().sampling().elicitation().build())
            .sampling(this::sample)
            .elicitation(this::elicit)
            .progressConsumer(progress::add)
            .build();
  }

  JavaClientTransport transport() {
    return transport;
  }

  McpSyncClient client() {
    return client;
  }

  WireTap tap() {
    return tap;
  }

  List<CreateMessageRequest> samplingRequests() {
    return samplingRequests;
  }

  List<ElicitFormRequest> elicitationRequests() {
    return elicitationRequests;
  }

  /** The progress values received so far for {@code token}, in arrival order. */
  List<Double> progressFor(Object token) {
    return progress.stream()
        .filter(p -> Objects.equals(p.progressToken(), token))
        .map(ProgressNotification::progress)
        .toList();
  }

  /**
   * POSTs {@code json} the way the SDK sent {@code like}: same URL, session id and protocol
   * version.
   */
  RawReply postAs(WireTap.Sent like, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(like.uri())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (like.sessionId() != null) {
      request.header("Mcp-Session-Id", like.sessionId());
    }
    if (like.protocolVersion() != null) {
      request.header("MCP-Protocol-Version", like.protocolVersion());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new RawReply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + like.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during POST " + like.uri(), e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      http.close();
    }
  }

  private CreateMessageResult sample(CreateMessageRequest request) {
    samplingRequests.add(request);
    return CreateMessageResult.builder(
            Role.ASSISTANT, TextContent.builder(SAMPLED_TEXT).build(), "interop-model")
        .stopReason(CreateMessageResult.StopReason.END_TURN)
        .build();
  }

  private ElicitResult elicit(ElicitFormRequest request) {
    elicitationRequests.add(request);
    return new ElicitResult(
        ElicitResult.Action.ACCEPT, Map.of("name", ELICITED_NAME, "check", true));
  }
}
