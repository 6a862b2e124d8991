package io.gatehouse.hosting.virtual;

import io.gatehouse.http.HttpResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one request to the source it belongs to: a tool or prompt by its name's prefix (the prefix
 * taken off on the way), a resource by its URI (a completion by its prompt or resource ref), as the
 * lists showed it (a URI the lists have not shown yet is looked up by listing the resources and
 * templates once). What the source answers goes back as it is, with the caller's id; a source that
 * cannot be reached answers {@code SOURCE_UNAVAILABLE} naming it.
 */
final class Routing {
  private static final int MAX_URIS = 50_000;

  /** The longest resource URI routed (longer ones are no source's: answered as unknown). */
  static final int MAX_URI = 8192;

  private final Sources sources;
  private final Fanout fanout;
  private final Map<String, String> uris = bounded();
  private final Map<String, String> templates = bounded();

  Routing(Sources sources, Fanout fanout) {
    this.sources = sources;
    this.fanout = fanout;
  }

  private static Map<String, String> bounded() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_URIS;
          }
        });
  }

  /** A resource (or template) {@code s} listed for {@code server}: reads of it go to {@code s}. */
  void learn(VirtualServer server, VirtualSource s, ObjectNode entry) {
    if (entry.path("uri").isString()) {
      uris.put(server.route() + "\n" + entry.get("uri").stringValue(), s.route());
    } else if (entry.path("uriTemplate").isString()) {
      templates.put(server.route() + "\n" + entry.get("uriTemplate").stringValue(), s.route());
    }
  }

  HttpResponse forward(Sources.Scope scope, JsonNode id, String method, JsonNode params)
      throws InterruptedException {
    if (!params.isObject()) {
      return Answers.error(200, id, -32602, method + ": params must be an object");
    }
    ObjectNode sent = ((ObjectNode) params).deepCopy();
    VirtualSource s;
    if (method.equals("completion/complete")) {
      s = byRef(scope, params.path("ref"), sent.withObject("ref"));
      if (s == null) {
        return Answers.error(200, id, -32602, "completion/complete: no source has that ref");
      }
    } else if (method.startsWith("resources/")) {
      String uri = params.path("uri").asString("");
      s = byUri(scope, uri);
      if (s == null || !s.showsResource(uri)) {
        return Answers.error(200, id, -32002, "resource not found: '" + uri + "'");
      }
    } else {
      String name = params.path("name").asString("");
      s = byName(scope, name, method, sent);
      if (s == null) {
        String what = method.equals("tools/call") ? "tool" : "prompt";
        return Answers.error(200, id, -32602, "unknown " + what + ": '" + name + "'");
      }
    }
    VirtualSource target = s;
    if (!method.equals("tools/call")) {
      return Answers.json(answer(scope, target, id, method, sent, m -> {}));
    }
    // a tool call's progress and log messages go to the caller as the source sends them
    return HttpResponse.stream(
        200,
        "text/event-stream",
        out -> {
          ObjectNode last =
              answer(scope, target, id, method, sent, m -> out.send(Answers.event(m)));
          out.send(Answers.event(last));
        });
  }

  /** What {@code s} answers, with the caller's id; a source that is down, keyed so. */
  private ObjectNode answer(
      Sources.Scope scope,
      VirtualSource s,
      JsonNode id,
      String method,
      ObjectNode sent,
      java.util.function.Consumer<JsonNode> notes)
      throws InterruptedException {
    try {
      JsonNode answer = sources.request(scope, s, method, sent, notes, id);
      String key = answer.path("error").path("data").path("key").asString("");
      if (key.startsWith("UPSTREAM_")) {
        // the gateway could not reach the source's own upstream: the source is what is down
        throw Sources.refusal(s.route(), answer, method);
      }
      return Answers.relayedMessage(id, answer);
    } catch (SourceDown e) {
      return Answers.errorMessage(
          id,
          VirtualErrors.SOURCE_UNAVAILABLE,
          "source '" + s.route() + "' is unavailable (" + e.reason() + "): " + e.getMessage(),
          s.route());
    }
  }

  /** The source of a completion's prompt or resource {@code ref}, or null. */
  private VirtualSource byRef(Sources.Scope scope, JsonNode ref, ObjectNode sentRef)
      throws InterruptedException {
    if (ref.path("type").asString("").equals("ref/prompt")) {
      return byName(scope, ref.path("name").asString(""), "prompts/get", sentRef);
    }
    String uri = ref.path("uri").asString("");
    VirtualSource s = byUri(scope, uri);
    return s != null && s.showsResource(uri) ? s : null;
  }

  /**
   * The source of tool or prompt {@code name} (by prefix, and its allow list), with the source's
   * own name put in {@code sent}; null when no source shows it.
   */
  private static VirtualSource byName(
      Sources.Scope scope, String name, String method, ObjectNode sent) {
    VirtualSource s = scope.server().sourceOf(name);
    if (s == null) {
      return null;
    }
    String own = name.substring(s.prefix().length());
    if (!(method.equals("tools/call") ? s.showsTool(own) : s.showsPrompt(own))) {
      return null;
    }
    sent.put("name", own);
    return s;
  }

  private VirtualSource byUri(Sources.Scope scope, String uri) throws InterruptedException {
    if (uri.length() > MAX_URI) {
      return null; // no source lists such a URI; not worth a fan-out
    }
    VirtualServer server = scope.server();
    VirtualSource s = known(server, uri);
    if (s == null) {
      fanout.list(scope, Listing.RESOURCES, (src, e) -> learn(server, src, e));
      fanout.list(scope, Listing.TEMPLATES, (src, e) -> learn(server, src, e));
      s = known(server, uri);
    }
    return s;
  }

  private VirtualSource known(VirtualServer server, String uri) {
    String route = uris.get(server.route() + "\n" + uri);
    if (route != null) {
      return server.source(route);
    }
    String head = server.route() + "\n";
    synchronized (templates) {
      for (Map.Entry<String, String> t : templates.entrySet()) {
        if (t.getKey().startsWith(head) && matches(t.getKey().substring(head.length()), uri)) {
          return server.source(t.getValue());
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code uri} fits an RFC 6570 template, each {@code {var}} standing for one or more
   * characters. Linear in the URI: literal runs are found left to right (the leftmost place of each
   * leaves the most room for the rest), never by backtracking, since a caller chooses the URI.
   */
  static boolean matches(String template, String uri) {
    if (template.isEmpty()) {
      return uri.isEmpty();
    }
    int at = 0; // where the URI is read up to
    int pending = 0; // variables read since the last literal, each needing a character
    int t = 0;
    boolean first = true;
    while (t <= template.length()) {
      int open = template.indexOf('{', t);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      String literal = open < 0 || close < 0 ? template.substring(t) : template.substring(t, open);
      boolean last = open < 0 || close < 0;
      if (first && !literal.isEmpty()) {
        if (!uri.startsWith(literal)) {
          return false;
        }
        at = literal.length();
      } else if (last) {
        int from = uri.length() - literal.length();
        return from >= at + pending && uri.endsWith(literal);
      } else if (!literal.isEmpty()) {
        int found = uri.indexOf(literal, at + pending);
        if (found < 0) {
          return false;
        }
        at = found + literal.length();
        pending = 0;
      }
      if (last) {
        return at == uri.length() && pending == 0;
      }
      first = false;
      pending++;
      t = close + 1;
    }
    return false;
  }
}
