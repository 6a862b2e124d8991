package io.gatehouse.agent.tools;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals {@link AgentCall}s with AES-256-GCM under a key that exists only in this process's memory:
 * the runtime calls its own listener, so no other process needs to open them, and a sealed call is
 * useless anywhere else. The route is bound as associated data, so a call sealed for one route
 * opens on no other.
 */
public final class AgentCallSeal {
  /** The header a sealed call travels in; the gateway never forwards it upstream. */
  public static final String HEADER = "Gatehouse-Agent-Call";

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKey key;

  public AgentCallSeal() {
    try {
      KeyGenerator g = KeyGenerator.getInstance("AES");
      g.init(256, RANDOM);
      this.key = g.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256 is not available", e);
    }
  }

  /**
   * A seal under a given 32-byte key rather than a fresh one: for calls that another process of the
   * same deployment must open (the key derived alike in each, never sent).
   */
  public AgentCallSeal(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("key: expected 32 bytes");
    }
    this.key = new javax.crypto.spec.SecretKeySpec(key, "AES");
  }

  /** The sealed call, base64url. */
  public Secret seal(AgentCall call) {
    ObjectNode n = JSON.createObjectNode();
    Principal p = call.principal();
    n.put("sub", p.subject()).put("kind", p.kind().name()).put("project", p.project());
    n.put("method", p.method());
    n.put("credential", call.credential().reveal());
    if (call.callerAddress() != null) {
      n.put("address", call.callerAddress());
    }
    p.groups().forEach(n.putArray("groups")::add);
    p.scopes().forEach(n.putArray("scopes")::add);
    if (call.agentName() != null) {
      n.put("agentProject", call.agentProject()).put("agentName", call.agentName());
      n.put("published", call.published());
    }
    ObjectNode h = n.putObject("headers");
    call.headers().forEach((k, v) -> h.put(k, v.reveal()));
    n.put("exp", call.expiresAt().toEpochMilli());
    byte[] plain = JSON.writeValueAsBytes(n);
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(call.route().getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plain);
      java.util.Arrays.fill(plain, (byte) 0);
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing an agent call", e);
    }
  }

  /**
   * The call sealed for {@code route}, or null when it is not one, was tampered with or expired.
   */
  public AgentCall open(String sealed, String route, Instant now) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < 12 + 16) {
      return null;
    }
    JsonNode n;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
      c.updateAAD(route.getBytes(StandardCharsets.UTF_8));
      n = JSON.readTree(c.doFinal(raw, 12, raw.length - 12));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
    Instant expires = Instant.ofEpochMilli(n.path("exp").asLong(0));
    if (!now.isBefore(expires)) {
      return null;
    }
    Principal p =
        new Principal(
            n.path("sub").asString(),
            Principal.Kind.valueOf(n.path("kind").asString()),
            n.path("project").asString(),
            Set.copyOf(strings(n.path("groups"))),
            Set.copyOf(strings(n.path("scopes"))),
            n.path("method").asString());
    Map<String, Secret> headers = new LinkedHashMap<>();
    n.path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), Secret.of(e.getValue().asString())));
    String agent = n.path("agentName").isString() ? n.get("agentName").stringValue() : null;
    return new AgentCall(
        p,
        Secret.of(n.path("credential").asString("")),
        n.path("address").isString() ? n.get("address").stringValue() : null,
        route,
        agent == null ? null : n.path("agentProject").asString(),
        agent,
        n.path("published").asBoolean(false),
        headers,
        expires);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asString()));
    return out;
  }
}
