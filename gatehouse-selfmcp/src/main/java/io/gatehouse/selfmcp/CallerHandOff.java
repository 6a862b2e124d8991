package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self route's last policy: puts the process's key and the caller the route authenticated on
 * each upstream request, which goes to the self server's internal endpoint. The caller travels only
 * on this hop: the gateway forwards none of a client's own headers of these names (its upstream
 * allow-list has neither), and the endpoint believes the caller header only beside the key, which
 * exists only in this process's memory.
 */
final class CallerHandOff implements McpPolicy {
  private final Secret key;

  CallerHandOff(Secret key) {
    this.key = key;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    call.setHeader(SelfServer.KEY_HEADER, key.reveal());
    Principal p = exchange.principal();
    if (p == null) {
      call.removeHeader(SelfServer.CALLER_HEADER);
    } else {
      call.setHeader(SelfServer.CALLER_HEADER, encode(p));
    }
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallerHandOff c && c.key == key;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(key);
  }

  static String encode(Principal p) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("subject", p.subject());
    o.put("kind", p.kind().wireName());
    o.put("project", p.project());
    p.groups().stream().sorted().forEach(g -> o.withArray("groups").add(g));
    p.scopes().stream().sorted().forEach(s -> o.withArray("scopes").add(s));
    o.put("method", p.method());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(o));
  }

  /** The caller a header names, or null when it is absent or not one this class wrote. */
  static Principal decode(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      JsonNode o =
          Json.MAPPER.readTree(
              new String(Base64.getUrlDecoder().decode(header.trim()), StandardCharsets.UTF_8));
      TreeSet<String> groups = new TreeSet<>();
      o.path("groups").forEach(g -> groups.add(g.asString()));
      TreeSet<String> scopes = new TreeSet<>();
      o.path("scopes").forEach(s -> scopes.add(s.asString()));
      return new Principal(
          o.path("subject").asString(),
          Principal.Kind.fromWire(o.path("kind").asString()),
          o.path("project").asString(),
          groups,
          scopes,
          o.path("method").asString());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
