package io.gatehouse.hosting.openapi;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes one tool call into the HTTP request of its operation and its answer into a tool result: the
 * body as text, with {@code structuredContent} when it is JSON, and {@code isError} with the status
 * and an excerpt of the body when the API answers 4xx or 5xx.
 */
final class RestCaller {
  static final int EXCERPT = 2000;

  /** The largest answer read from the API; a larger one is an error result, not a model input. */
  static final int MAX_ANSWER = 4 * 1024 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final Map<String, Secret> headers;
  private final Set<String> forward;
  private final Set<String> forwardQuery;
  private final Duration timeout;
  private final Egress egress;
  private final HttpClient client;

  RestCaller(URI base, OpenApiRoute route, Egress egress, HttpClient c) {
    this(base, route, Set.of(), egress, c);
  }

  /**
   * @param forwardQuery names of query parameters copied from the gateway's request to the API call
   *     (a connection's credential sent as a query parameter)
   */
  RestCaller(URI base, OpenApiRoute route, Set<String> forwardQuery, Egress egress, HttpClient c) {
    this.base = base;
    this.forwardQuery = Set.copyOf(forwardQuery);
    this.headers = route.headers();
    this.forward = route.forwardHeaders();
    this.timeout = route.timeout();
    this.egress = egress;
    this.client = c;
  }

  URI base() {
    return base;
  }

  /**
   * @param incoming the headers of the gateway's request, for {@link OpenApiRoute#forwardHeaders}
   * @param incomingQuery the query parameters of the gateway's request, for {@code forwardQuery}
   */
  ObjectNode call(
      RestTool tool,
      JsonNode arguments,
      Function<String, String> incoming,
      Function<String, String> incomingQuery)
      throws InterruptedException {
    HttpRequest request = request(tool, arguments, incoming, incomingQuery);
    HttpResponse<byte[]> r;
    try {
      egress.resolve(base.getHost());
      HttpResponse<java.io.InputStream> streamed =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (java.io.InputStream in = streamed.body()) {
        body = in.readNBytes(MAX_ANSWER + 1);
      }
      if (body.length > MAX_ANSWER) {
        return error(
            "HTTP "
                + streamed.statusCode()
                + ": the answer is larger than "
                + MAX_ANSWER
                + " bytes, more than a tool result may carry");
      }
      r = new Answer(streamed, body);
    } catch (HttpTimeoutException e) {
      return error("The API did not answer within " + timeout.toSeconds() + "s (UPSTREAM_TIMEOUT)");
    } catch (IOException e) {
      return error(
          "The API cannot be reached at "
              + base.getHost()
              + " ("
              + e.getClass().getSimpleName()
              + "; UPSTREAM_UNAVAILABLE)");
    } catch (GatehouseException e) {
      return error(e.getMessage() + " (" + e.error().key() + ")");
    }
    return result(r);
  }

  private HttpRequest request(
      RestTool tool,
      JsonNode args,
      Function<String, String> incoming,
      Function<String, String> incomingQuery) {
    String path = tool.path();
    StringBuilder query = new StringBuilder();
    ObjectNode body = null;
    JsonNode wholeBody = null;
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(timeout);
    for (RestTool.Arg a : tool.args()) {
      JsonNode v = args.get(a.argument());
      if (v == null || v.isNull()) {
        if (a.in() == RestTool.In.PATH) {
          throw new IllegalArgumentException("missing path parameter '" + a.argument() + "'");
        }
        continue;
      }
      switch (a.in()) {
        case PATH -> path = path.replace("{" + a.wireName() + "}", encode(scalar(v), true));
        case QUERY -> {
          for (JsonNode item : v.isArray() ? v : JsonNodeFactory.instance.arrayNode().add(v)) {
            query.append(query.isEmpty() ? "" : "&").append(encode(a.wireName(), false));
            query.append('=').append(encode(scalar(item), false));
          }
        }
        case HEADER -> b.header(a.wireName(), scalar(v));
        case BODY_PROPERTY -> {
          body = body == null ? JsonNodeFactory.instance.objectNode() : body;
          body.set(a.wireName(), v);
        }
        case BODY -> wholeBody = v;
      }
    }
    for (String name : forwardQuery) {
      String v = incomingQuery.apply(name);
      if (v != null) {
        query.append(query.isEmpty() ? "" : "&").append(encode(name, false));
        query.append('=').append(encode(v, false));
      }
    }
    JsonNode sent = wholeBody != null ? wholeBody : body;
    headers.forEach((k, v) -> b.header(k, v.reveal()));
    for (String name : forward) {
      String v = incoming.apply(name);
      if (v != null) {
        b.setHeader(name, v);
      }
    }
    b.header("Accept", "application/json, */*;q=0.5");
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (sent != null) {
      b.header("Content-Type", "application/json");
      publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sent));
    }
    String url =
        base.toString().replaceAll("/+$", "") + path + (query.isEmpty() ? "" : "?" + query);
    return b.uri(URI.create(url)).method(tool.method(), publisher).build();
  }

  private static ObjectNode result(HttpResponse<byte[]> r) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    JsonNode json = null;
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") && !text.isBlank()) {
      try {
        json = JSON.readTree(text);
      } catch (JacksonException e) {
        json = null;
      }
    }
    int status = r.statusCode();
    if (status >= 400) {
      String excerpt = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
      ObjectNode out = error("HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
      if (json != null) {
        out.set("structuredContent", structured(json));
      }
      return out;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.putArray("content")
        .addObject()
        .put("type", "text")
        .put("text", text.isEmpty() ? "HTTP " + status : text);
    if (json != null) {
      out.set("structuredContent", structured(json));
    }
    return out;
  }

  /** MCP's structured content is an object: any other JSON value is wrapped as {@code result}. */
  private static JsonNode structured(JsonNode json) {
    return json.isObject() ? json : JsonNodeFactory.instance.objectNode().set("result", json);
  }

  static ObjectNode error(String text) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.putArray("content").addObject().put("type", "text").put("text", text);
    out.put("isError", true);
    return out;
  }

  private static String scalar(JsonNode v) {
    return v.isValueNode() ? v.asString() : v.toString();
  }

  private static String encode(String s, boolean pathSegment) {
    String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
    if (!pathSegment) {
      return e;
    }
    // A segment of dots would walk up the path (RFC 3986 §5.2.4) once a server normalises it.
    return e.equals(".") || e.equals("..") ? e.replace(".", "%2E") : e.replace("+", "%20");
  }

  /** An answer whose body was read within {@link #MAX_ANSWER}. */
  private record Answer(HttpResponse<?> head, byte[] body) implements HttpResponse<byte[]> {
    @Override
    public int statusCode() {
      return head.statusCode();
    }

    @Override
    public HttpRequest request() {
      return head.request();
    }

    @Override
    public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return head.headers();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return head.sslSession();
    }

    @Override
    public URI uri() {
      return head.uri();
    }

    @Override
    public HttpClient.Version version() {
      return head.version();
    }
  }
}
