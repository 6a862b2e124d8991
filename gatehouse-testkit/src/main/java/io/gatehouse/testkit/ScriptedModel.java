package io.gatehouse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one test double Gatehouse allows, since no language model runs in tests: a real HTTP server
 * on 127.0.0.1, port 0, speaking OpenAI Chat Completions ({@code POST /v1/chat/completions}) and
 * the Responses API's function calling ({@code POST /v1/responses}), without streaming. A test
 * scripts what it answers, in order; each request takes the first step whose matcher accepts it.
 * With nothing scripted it answers text that quotes the last tool result (or says {@code done}), so
 * an agent loop always ends. It records every request, checks the bearer key it was given (401
 * otherwise), and answers 404 {@code model_not_found} for a model it does not serve.
 *
 * <pre>{@code
 * try (ScriptedModel model = ScriptedModel.start(key)) {
 *   model.reply(Reply.toolCalls(call("get-forecast", "{\"city\":\"Oslo\"}")))
 *       .reply(ScriptedModel.lastMessageIsToolResult(), Reply.text("Sunny in Oslo."));
 *   URI base = model.baseUrl(); // http://127.0.0.1:PORT/v1
 *   ...
 *   assertThat(model.requests().get(1).at("/messages/2/role").asString()).isEqualTo("tool");
 * }
 * }</pre>
 */
public final class ScriptedModel implements AutoCloseable {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> PATHS = Set.of("/v1/chat/completions", "/v1/responses");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final String apiKey;
  private final List<Step> script = new ArrayList<>();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger callIds = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Set<String> models;

  /** One function call the scripted model asks for. */
  public record Call(String name, String arguments) {}

  /**
   * What one request is answered with: a completion (text, tool calls, or both), or an error
   * status, or nothing until the server closes ({@link #hang}).
   *
   * @param status 200 for a completion; else the error status
   * @param retryAfterSeconds the {@code Retry-After} header of an error, or null
   * @param inputTokens {@code usage.prompt_tokens}; null: one per 4 characters of the messages
   * @param outputTokens {@code usage.completion_tokens}; null: one per 4 characters of the reply
   */
  public record Reply(
      String text,
      List<Call> toolCalls,
      String finishReason,
      Integer inputTokens,
      Integer outputTokens,
      int status,
      Integer retryAfterSeconds,
      String errorMessage,
      boolean hangs) {
    public Reply {
      toolCalls = List.copyOf(toolCalls);
    }

    public static Reply text(String text) {
      return new Reply(text, List.of(), "stop", null, null, 200, null, null, false);
    }

    public static Reply toolCalls(Call... calls) {
      return new Reply(null, List.of(calls), "tool_calls", null, null, 200, null, null, false);
    }

    /** An error answer in OpenAI's shape ({@code {"error": {"message", "type", "code"}}}). */
    public static Reply error(int status, String message) {
      return new Reply(null, List.of(), null, null, null, status, null, message, false);
    }

    /** No answer at all until the model is closed: the client's timeout has to end it. */
    public static Reply hang() {
      return new Reply(null, List.of(), null, null, null, 200, null, null, true);
    }

    /** This reply with the token counts its {@code usage} reports. */
    public Reply withUsage(int input, int output) {
      return new Reply(
          text,
          toolCalls,
          finishReason,
          input,
          output,
          status,
          retryAfterSeconds,
          errorMessage,
          hangs);
    }

    /** This reply with {@code text} beside its tool calls. */
    public Reply withText(String more) {
      return new Reply(
          more,
          toolCalls,
          finishReason,
          inputTokens,
          outputTokens,
          status,
          retryAfterSeconds,
          errorMessage,
          hangs);
    }
  }

  private record Step(Predicate<JsonNode> when, Reply reply) {}

  private ScriptedModel(String apiKey) throws IOException {
    this.apiKey = apiKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a model that accepts only {@code Authorization: Bearer <apiKey>}; null accepts any
   * request, with or without a key.
   */
  public static ScriptedModel start(String apiKey) {
    try {
      return new ScriptedModel(apiKey);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static Call call(String name, String argumentsJson) {
    return new Call(name, argumentsJson);
  }

  /** Matches a request whose last message is a tool result. */
  public static Predicate<JsonNode> lastMessageIsToolResult() {
    return r -> isToolResult(last(r));
  }

  /** Matches a request whose last message is the user's. */
  public static Predicate<JsonNode> lastMessageIsUser() {
    return r -> "user".equals(last(r).path("role").asString(""));
  }

  /** {@code http://127.0.0.1:PORT/v1}, the base URL a client adds {@code /chat/completions} to. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Serves only these models (404 {@code model_not_found} for others); by default any. */
  public ScriptedModel serves(String... names) {
    models = Set.of(names);
    return this;
  }

  /** Answers the next request that nothing earlier in the script takes with {@code reply}. */
  public ScriptedModel reply(Reply reply) {
    return reply(r -> true, reply);
  }

  /** Answers the next request {@code when} accepts with {@code reply}. */
  public synchronized ScriptedModel reply(Predicate<JsonNode> when, Reply reply) {
    script.add(new Step(when, reply));
    return this;
  }

  /** Answers the next request with {@code status} and an error body. */
  public ScriptedModel fail(int status) {
    return reply(Reply.error(status, "scripted failure " + status));
  }

  /** Answers the next request with {@code status} and {@code Retry-After: seconds}. */
  public ScriptedModel fail(int status, int retryAfterSeconds) {
    Reply e = Reply.error(status, "scripted failure " + status);
    return reply(
        new Reply(
            null, List.of(), null, null, null, status, retryAfterSeconds, e.errorMessage(), false));
  }

  /** Every request received, in order, as its JSON body. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  /** How many scripted steps no request has taken yet. */
  public synchronized int pending() {
    return script.size();
  }

  private synchronized Reply next(JsonNode request) {
    for (Iterator<Step> it = script.iterator(); it.hasNext(); ) {
      Step s = it.next();
      if (s.when().test(request)) {
        it.remove();
        return s.reply();
      }
    }
    return null;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      String path = x.getRequestURI().getPath();
      if (!x.getRequestMethod().equals("POST") || !PATHS.contains(path)) {
        send(x, 404, error("no such endpoint: " + x.getRequestURI().getPath(), "not_found"));
        return;
      }
      if (apiKey != null && !authorized(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, error("Incorrect API key provided.", "invalid_api_key"));
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (RuntimeException e) {
        send(x, 400, error("the body is not JSON", "invalid_json"));
        return;
      }
      requests.add(request);
      String model = request.path("model").asString("");
      if (models != null && !models.contains(model)) {
        send(x, 404, error("The model `" + model + "` does not exist.", "model_not_found"));
        return;
      }
      Reply reply = next(request);
      answer(x, request, reply == null ? fallback(request) : reply, path.endsWith("/responses"));
    }
  }

  private void answer(HttpExchange x, JsonNode request, Reply r, boolean responses)
      throws IOException {
    if (r.hangs()) {
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (r.status() != 200) {
      if (r.retryAfterSeconds() != null) {
        x.getResponseHeaders().set("Retry-After", Integer.toString(r.retryAfterSeconds()));
      }
      send(x, r.status(), error(r.errorMessage(), "scripted"));
      return;
    }
    send(x, 200, responses ? response(request, r) : completion(request, r));
  }

  private ObjectNode completion(JsonNode request, Reply r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "chatcmpl-" + callIds.incrementAndGet()).put("object", "chat.completion");
    n.put("model", request.path("model").asString(""));
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", r.finishReason());
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.put("content", r.text());
    if (!r.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (Call c : r.toolCalls()) {
        ObjectNode call = calls.addObject();
        call.put("id", "call_" + callIds.incrementAndGet()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    int in = inputTokens(request, r);
    int out = outputTokens(r);
    n.putObject("usage")
        .put("prompt_tokens", in)
        .put("completion_tokens", out)
        .put("total_tokens", in + out);
    return n;
  }

  /** The same reply in the Responses API's shape ({@code output} items). */
  private ObjectNode response(JsonNode request, Reply r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "resp_" + callIds.incrementAndGet()).put("object", "response");
    n.put("status", "completed").put("model", request.path("model").asString(""));
    ArrayNode output = n.putArray("output");
    if (r.text() != null) {
      ObjectNode m = output.addObject().put("type", "message").put("role", "assistant");
      m.putArray("content").addObject().put("type", "output_text").put("text", r.text());
    }
    for (Call c : r.toolCalls()) {
      int id = callIds.incrementAndGet();
      output
          .addObject()
          .put("type", "function_call")
          .put("id", "fc_" + id)
          .put("call_id", "call_" + id)
          .put("name", c.name())
          .put("arguments", c.arguments());
    }
    int in = inputTokens(request, r);
    int out = outputTokens(r);
    n.putObject("usage")
        .put("input_tokens", in)
        .put("output_tokens", out)
        .put("total_tokens", in + out);
    return n;
  }

  /** With nothing scripted: quote the last tool result, so a loop that called a tool ends. */
  private static Reply fallback(JsonNode request) {
    JsonNode last = last(request);
    if (isToolResult(last)) {
      return Reply.text(
          "The tool said: " + last.path(last.has("output") ? "output" : "content").asString(""));
    }
    return Reply.text("done");
  }

  /** A tool result in either API: a {@code tool} message or a {@code function_call_output}. */
  private static boolean isToolResult(JsonNode item) {
    return "tool".equals(item.path("role").asString(""))
        || "function_call_output".equals(item.path("type").asString(""));
  }

  /** The last message ({@code messages}) or input item ({@code input}) of a request. */
  private static JsonNode last(JsonNode request) {
    JsonNode m = request.has("input") ? request.path("input") : request.path("messages");
    return m.isArray() && !m.isEmpty() ? m.get(m.size() - 1) : JSON.createObjectNode();
  }

  private static int inputTokens(JsonNode request, Reply r) {
    if (r.inputTokens() != null) {
      return r.inputTokens();
    }
    JsonNode m = request.has("input") ? request.path("input") : request.path("messages");
    return m.toString().length() / 4;
  }

  private static int outputTokens(Reply r) {
    return r.outputTokens() != null
        ? r.outputTokens()
        : (String.valueOf(r.text()).length() + r.toolCalls().toString().length()) / 4;
  }

  private boolean authorized(String header) {
    String expected = "Bearer " + apiKey;
    return header != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode error(String message, String code) {
    ObjectNode n = JSON.createObjectNode();
    n.putObject("error")
        .put("message", message)
        .put("type", "invalid_request_error")
        .put("code", code);
    return n;
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
