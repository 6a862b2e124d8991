package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self route's last policy: puts the process's key and the caller the route authenticated on
 * each upstream request, which goes to the self server's internal endpoint. The caller travels only
 * on this hop: the gateway forwards none of a client's own headers of these names (its upstream
 * allow-list has neither), and the endpoint believes the caller header only beside the key, which
 * exists only in this process's memory. The caller is also signed with that key (HMAC-SHA256), so a
 * header another policy sets on the route (a policy set's header template) cannot name anyone.
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
      call.setHeader(SelfServer.CALLER_HEADER, encode(p, key));
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

  static String encode(Principal p, Secret key) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("subject", p.subject());
    o.put("kind", p.kind().wireName());
    o.put("project", p.project());
    p.groups().stream().sorted().forEach(g -> o.withArray("groups").add(g));
    p.scopes().stream().sorted().forEach(s -> o.withArray("scopes").add(s));
    o.put("method", p.method());
    byte[] json = Json.MAPPER.writeValueAsBytes(o);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(json) + "." + b64.encodeToString(mac(key, json));
  }

  private static byte[] mac(Secret key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * The caller a header names, or null when it is absent or not one this class signed with {@code
   * key}.
   */
  static Principal decode(String header, Secret key) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      int dot = header.indexOf('.');
      if (dot < 0) {
        return null;
      }
      byte[] json = Base64.getUrlDecoder().decode(header.substring(0, dot).trim());
      byte[] sent = Base64.getUrlDecoder().decode(header.substring(dot + 1).trim());
      if (!MessageDigest.isEqual(mac(key, json), sent)) {
        return null;
      }
      JsonNode o = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
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
