package io.gatehouse.policy;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A route's tool, prompt and resource rules ({@code routes[].tools}, {@code prompts}, {@code
 * resources}): hidden names are taken out of every page of {@code tools/list}, {@code
 * prompts/list}, {@code resources/list} and {@code resources/templates/list} (JSON answers and
 * event streams alike), and a call, get, read or subscribe naming one is refused with {@code
 * TOOL_FORBIDDEN}, the same answer whether the upstream has it or not. Notifications such as {@code
 * notifications/tools/list_changed} flow on; the client's next list is filtered again.
 */
public record ToolAccess(NameRules tools, NameRules prompts, NameRules resources)
    implements McpPolicy {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** What one kind of list looks like in an answer, and which requests name one of its items. */
  enum Kind {
    TOOLS("tools/list", "tools", "name"),
    PROMPTS("prompts/list", "prompts", "name"),
    RESOURCES("resources/list", "resources", "uri"),
    TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate");

    final String listMethod;
    final String field;
    final String key;

    Kind(String listMethod, String field, String key) {
      this.listMethod = listMethod;
      this.field = field;
      this.key = key;
    }

    static Kind listedBy(String method) {
      for (Kind k : values()) {
        if (k.listMethod.equals(method)) {
          return k;
        }
      }
      return null;
    }

    /** The kind a request names an item of, or null. */
    static Kind usedBy(String method) {
      return switch (method) {
        case "tools/call" -> TOOLS;
        case "prompts/get" -> PROMPTS;
        case "resources/read", "resources/subscribe", "resources/unsubscribe" -> RESOURCES;
        default -> null;
      };
    }
  }

  NameRules rules(Kind kind) {
    return switch (kind) {
      case TOOLS -> tools;
      case PROMPTS -> prompts;
      case RESOURCES, TEMPLATES -> resources;
    };
  }

  @Override
  public Verdict onMessage(McpExchange exchange) {
    JsonRpcMessage m = exchange.message();
    // Notifications too: a lax upstream may act on a tools/call sent without an id.
    if (m == null || m.isResponse() || m.method() == null) {
      return Verdict.PROCEED;
    }
    if ("completion/complete".equals(m.method())) {
      return completion(exchange);
    }
    Kind kind = Kind.usedBy(m.method());
    if (kind == null) {
      return Verdict.PROCEED;
    }
    NameRules rules = rules(kind);
    if (rules.isOpen()) {
      return Verdict.PROCEED;
    }
    String name = m.name();
    if (name != null && rules.permits(exchange.principal(), name)) {
      return Verdict.PROCEED;
    }
    return Verdict.refuse(
        PolicyErrors.TOOL_FORBIDDEN,
        (kind == Kind.TOOLS ? "tool" : kind == Kind.PROMPTS ? "prompt" : "resource")
            + " '"
            + (name == null ? "" : name)
            + "' is not available to "
            + who(exchange.principal())
            + " on route '"
            + exchange.route().name()
            + "'");
  }

  /**
   * {@code completion/complete} names a prompt ({@code ref/prompt}, by name) or a resource template
   * ({@code ref/resource}, by URI) in {@code params.ref}: a hidden one is refused like a call. The
   * body is read strictly (a repeated key is refused), so the name checked is the one the upstream
   * reads; a ref that cannot be read, or of a kind this gateway does not know, is refused once the
   * route has prompt or resource rules.
   */
  private Verdict completion(McpExchange exchange) {
    if (prompts.isOpen() && resources.isOpen()) {
      return Verdict.PROCEED;
    }
    String type = null;
    String name = null;
    try {
      JsonNode ref = STRICT.readTree(exchange.body()).path("params").path("ref");
      type = ref.path("type").isString() ? ref.get("type").stringValue() : null;
      String field = "ref/prompt".equals(type) ? "name" : "uri";
      name = ref.path(field).isString() ? ref.get(field).stringValue() : null;
    } catch (JacksonException e) {
      // refused below
    }
    NameRules rules =
        "ref/prompt".equals(type) ? prompts : "ref/resource".equals(type) ? resources : null;
    if (rules != null && name != null && rules.permits(exchange.principal(), name)) {
      return Verdict.PROCEED;
    }
    return Verdict.refuse(
        PolicyErrors.TOOL_FORBIDDEN,
        "completion/complete: "
            + (rules == null || name == null
                ? "params.ref must name a prompt (ref/prompt, name) or a resource (ref/resource, uri)"
                : ("ref/prompt".equals(type) ? "prompt '" : "resource '")
                    + name
                    + "' is not available to "
                    + who(exchange.principal()))
            + " on route '"
            + exchange.route().name()
            + "'");
  }

  private static String who(Principal p) {
    return p == null ? "anonymous callers" : "'" + p.subject() + "'";
  }

  /**
   * The answers of list requests whose kind has rules; and on a stream (a GET, which may resume an
   * answer, or a legacy caller's one stream), every answer, since which request it answers is not
   * known there.
   */
  @Override
  public boolean readsResponses(McpExchange exchange) {
    JsonRpcMessage request = exchange.message();
    if (request == null) {
      return !(tools.isOpen() && prompts.isOpen() && resources.isOpen());
    }
    if (!request.isRequest()) {
      return false;
    }
    Kind kind = Kind.listedBy(request.method());
    return kind != null && !rules(kind).isOpen();
  }

  @Override
  public byte[] onResponse(McpExchange exchange, JsonRpcMessage message, byte[] body) {
    if (!message.isResponse() || message.error()) {
      return body;
    }
    JsonRpcMessage request = exchange.message();
    if (request == null) {
      return filter(body, List.of(Kind.values()), exchange.principal(), message.id());
    }
    if (!request.isRequest() || !request.id().equals(message.id())) {
      return body;
    }
    Kind kind = Kind.listedBy(request.method());
    if (kind == null || rules(kind).isOpen()) {
      return body;
    }
    return filter(body, List.of(kind), exchange.principal(), message.id());
  }

  /** {@code body} without the items of {@code kinds} {@code caller} may not see. */
  byte[] filter(byte[] body, List<Kind> kinds, Principal caller, JsonRpcId id) {
    byte[] out = body;
    for (Kind k : kinds) {
      if (!rules(k).isOpen()) {
        out = filter(out, k, rules(k), caller, id);
      }
    }
    return out;
  }

  /**
   * {@code body} without the items {@code caller} may not see; itself when nothing is hidden. An
   * answer that cannot be read is not passed on (it could list anything): an error takes its place.
   */
  static byte[] filter(byte[] body, Kind kind, NameRules rules, Principal caller, JsonRpcId id) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      return unreadable(kind, id);
    }
    if (!(root.get("result") instanceof ObjectNode result)
        || !(result.get(kind.field) instanceof ArrayNode items)) {
      return body;
    }
    boolean changed = false;
    for (int i = items.size() - 1; i >= 0; i--) {
      JsonNode name = items.get(i).get(kind.key);
      if (name == null || !name.isString() || !rules.permits(caller, name.stringValue())) {
        items.remove(i);
        changed = true;
      }
    }
    return changed ? JSON.writeValueAsBytes(root) : body;
  }

  private static byte[] unreadable(Kind kind, JsonRpcId id) {
    ObjectNode error = JSON.createObjectNode();
    error.put("jsonrpc", "2.0");
    if (id == null) {
      error.putNull("id");
    } else if (id.numeric()) {
      error.set("id", JSON.readTree(id.text()));
    } else {
      error.put("id", id.text());
    }
    ObjectNode e = error.putObject("error");
    e.put("code", -32603)
        .put("message", "the upstream's " + kind.listMethod + " answer is not JSON");
    e.putObject("data").put("key", "UPSTREAM_PROTOCOL_ERROR");
    return JSON.writeValueAsBytes(error);
  }
}
