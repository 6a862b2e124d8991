package io.gatehouse.agent.http;

import io.gatehouse.agent.AgentErrors;
import io.gatehouse.agent.run.Responses;
import io.gatehouse.agent.run.StoredResponse;
import io.gatehouse.agent.wire.BadRequest;
import io.gatehouse.agent.wire.OpenAiErrors;
import io.gatehouse.agent.wire.ResponsesRequest;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.core.Secret;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/responses}: OpenAI's Responses API, the subset an agent needs. {@code POST} creates a
 * response (JSON, or server-sent events with {@code stream: true}); {@code GET /{id}}, {@code
 * DELETE /{id}} and {@code GET /{id}/input_items} read and delete one. The caller authenticates
 * like any gateway client ({@code Authorization: Bearer} with an API key or a token, or {@code
 * X-API-Key}) and needs the {@code user} role in the project, named by the {@code OpenAI-Project}
 * header or {@code ?project=} ({@code default} when absent). Every error is in OpenAI's shape.
 * Mount it with {@link io.gatehouse.http.ErrorShape#OPENAI}: each request runs on a virtual thread
 * of its own.
 */
public final class ResponsesEndpoint implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(ResponsesEndpoint.class);
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String PREFIX = "/v1";

  /** The largest request body taken. */
  public static final int MAX_BODY = 4 * 1024 * 1024;

  private final Responses responses;
  private final Function<String, Principal> principals;
  private final Function<Principal, Operator> roles;

  /**
   * @param principals who a credential (an API key or a token) names, or null when it names no one
   * @param roles a principal's roles in the projects
   */
  public ResponsesEndpoint(
      Responses responses,
      Function<String, Principal> principals,
      Function<Principal, Operator> roles) {
    this.responses = responses;
    this.principals = principals;
    this.roles = roles;
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    try {
      return route(r);
    } catch (GatehouseException e) {
      return error(e);
    } catch (RuntimeException e) {
      log.error("responses: {} {} failed", r.method(), r.path(), e);
      return error(
          new GatehouseException(Errors.INTERNAL_ERROR, "the response failed unexpectedly"));
    }
  }

  private HttpResponse route(HttpRequest r) {
    List<String> s = r.segments(PREFIX);
    if (s == null || s.isEmpty() || !s.get(0).equals("responses") || s.size() > 3) {
      throw new GatehouseException(
          Errors.NOT_FOUND, "nothing is served at " + r.path() + " (the API is /v1/responses)");
    }
    Principal user = caller(r);
    String project = project(r);
    roles.apply(user).require(project, Role.USER, "run agents in project '" + project + "'");
    if (s.size() == 1) {
      method(r, "POST");
      return create(r, user, project);
    }
    String id = s.get(1);
    if (s.size() == 2 && r.method().equals("DELETE")) {
      if (!responses.delete(user, project, id)) {
        throw notFound(id);
      }
      ObjectNode n = JSON.createObjectNode().put("id", id).put("object", "response");
      n.put("deleted", true);
      return json(n);
    }
    method(r, "GET");
    StoredResponse stored = responses.find(user, project, id).orElseThrow(() -> notFound(id));
    if (s.size() == 2) {
      return json(stored.body());
    }
    if (s.get(2).equals("input_items")) {
      return json(inputItems(stored.input(), r));
    }
    throw new GatehouseException(Errors.NOT_FOUND, "nothing is served at " + r.path());
  }

  private HttpResponse create(HttpRequest r, Principal user, String project) {
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (RuntimeException e) {
      throw new BadRequest(null, "the body is not valid JSON");
    }
    ResponsesRequest request = ResponsesRequest.parse(body);
    Responses.Prepared prepared =
        responses.prepare(
            new Responses.Caller(
                user,
                Secret.of(r.credential()),
                r.remoteAddress() == null ? null : r.remoteAddress().getAddress().getHostAddress(),
                project),
            request);
    if (!request.stream()) {
      return json(prepared.run(null));
    }
    return HttpResponse.stream(200, "text/event-stream", out -> stream(prepared, out))
        .header("X-Accel-Buffering", "no");
  }

  private static void stream(Responses.Prepared prepared, HttpResponse.Chunks out) {
    try {
      prepared.run(event -> out.send(frame(event.path("type").asString(), event)));
    } catch (RuntimeException e) {
      // the head is sent: say what happened as an error event, in OpenAI's shape
      log.error("responses: a streamed response failed", e);
      GatehouseException g =
          e instanceof GatehouseException ge
              ? ge
              : new GatehouseException(Errors.INTERNAL_ERROR, "the response failed unexpectedly");
      ObjectNode event = (ObjectNode) OpenAiErrors.body(g).get("error");
      event.put("type", "error");
      out.send(frame("error", event));
    }
  }

  private static byte[] frame(String type, JsonNode event) {
    return ("event: " + type + "\ndata: " + JSON.writeValueAsString(event) + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode inputItems(ArrayNode items, HttpRequest r) {
    boolean asc = "asc".equals(r.query("order"));
    int limit = 20;
    if (r.query("limit") != null) {
      try {
        limit = Integer.parseInt(r.query("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        throw new BadRequest("limit", "limit: an integer from 1 to 100");
      }
    }
    List<JsonNode> all = new java.util.ArrayList<>();
    items.forEach(all::add);
    if (!asc) {
      java.util.Collections.reverse(all);
    }
    String after = r.query("after");
    int start = 0;
    if (after != null) {
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).path("id").asString().equals(after)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw new BadRequest("after", "after: no input item has the id '" + after + "'");
      }
    }
    List<JsonNode> page = all.subList(start, Math.min(all.size(), start + limit));
    ObjectNode n = JSON.createObjectNode().put("object", "list");
    ArrayNode data = n.putArray("data");
    page.forEach(data::add);
    if (page.isEmpty()) {
      n.putNull("first_id");
      n.putNull("last_id");
    } else {
      n.put("first_id", page.getFirst().path("id").asString());
      n.put("last_id", page.getLast().path("id").asString());
    }
    n.put("has_more", start + page.size() < all.size());
    return n;
  }

  private Principal caller(HttpRequest r) {
    String credential = r.credential();
    if (credential == null || credential.isBlank()) {
      throw new GatehouseException(
          Errors.UNAUTHENTICATED,
          "send your API key or token as Authorization: Bearer (or X-API-Key)");
    }
    Principal p = principals.apply(credential);
    if (p == null) {
      throw new GatehouseException(
          Errors.UNAUTHENTICATED,
          "the credential names no one here (an agent runs as a user: use your own API key or"
              + " token; the admin token is nobody's)");
    }
    return p;
  }

  private static String project(HttpRequest r) {
    String p = r.header("OpenAI-Project");
    if (p == null || p.isBlank()) {
      p = r.query("project");
    }
    return p == null || p.isBlank() ? Principal.DEFAULT_PROJECT : p.trim();
  }

  private static void method(HttpRequest r, String allowed) {
    if (!r.method().equals(allowed)) {
      throw new GatehouseException(
          Errors.METHOD_NOT_ALLOWED,
          r.method() + " is not allowed on " + r.path() + " (" + allowed + ")");
    }
  }

  private static GatehouseException notFound(String id) {
    return new GatehouseException(
        AgentErrors.RESPONSE_NOT_FOUND, "Response with id '" + id + "' not found.");
  }

  private static HttpResponse json(JsonNode body) {
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private static HttpResponse error(GatehouseException e) {
    HttpResponse r = HttpResponse.json(e.error().httpStatus(), OpenAiErrors.bytes(e));
    return e.error().httpStatus() == 401
        ? r.header("WWW-Authenticate", "Bearer realm=\"gatehouse\"")
        : r;
  }
}
