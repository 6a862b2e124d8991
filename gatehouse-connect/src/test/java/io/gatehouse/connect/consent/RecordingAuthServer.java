package io.gatehouse.connect.consent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small OAuth authorization server on a loopback port, for the issuer-binding tests: RFC 8414
 * metadata, dynamic client registration (RFC 7591; confidential clients, client_secret_basic), an
 * authorization endpoint that grants at once and redirects with a code (PKCE S256 checked at the
 * token endpoint), and a token endpoint that issues {@code at-<name>-n} / {@code rt-<name>-n} and
 * refreshes only its own refresh tokens. It records every token request as it came: the form and
 * the client that sent it, so a test can show what reached it.
 */
final class RecordingAuthServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  /** One token request: its form parameters and the client id of its Basic credentials. */
  record TokenRequest(Map<String, String> form, String client) {}

  private record Code(String client, String challenge, String redirect) {}

  final String name;
  final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
  final List<String> registered = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();

  RecordingAuthServer(String name) {
    this.name = name;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI issuerUri() {
    return URI.create(issuer());
  }

  /** The refresh tokens this server received, whether it issued them or not. */
  List<String> refreshTokensReceived() {
    return tokenRequests.stream()
        .map(r -> r.form().get("refresh_token"))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  long grants(String type) {
    return tokenRequests.stream().filter(r -> type.equals(r.form().get("grant_type"))).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    try (ex) {
      switch (path) {
        case "/.well-known/oauth-authorization-server" -> json(ex, 200, metadata());
        case "/register" -> register(ex);
        case "/authorize" -> authorize(ex);
        case "/token" -> token(ex);
        default -> ex.sendResponseHeaders(404, -1);
      }
    }
  }

  private String metadata() {
    String i = issuer();
    return """
        {"issuer":"%s","authorization_endpoint":"%s/authorize","token_endpoint":"%s/token",\
        "registration_endpoint":"%s/register","code_challenge_methods_supported":["S256"],\
        "token_endpoint_auth_methods_supported":["client_secret_basic"],\
        "grant_types_supported":["authorization_code","refresh_token"],\
        "response_types_supported":["code"]}"""
        .formatted(i, i, i, i);
  }

  private void register(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    String id = name + "-client-" + next.incrementAndGet();
    String secret = "secret-of-" + id;
    secrets.put(id, secret);
    registered.add(id);
    json(
        ex,
        201,
        JSON.createObjectNode()
            .put("client_id", id)
            .put("client_secret", secret)
            .put("token_endpoint_auth_method", "client_secret_basic")
            .set("redirect_uris", body.path("redirect_uris"))
            .toString());
  }

  /** Grants at once: redirects to the client's redirect URI with a code (and no iss). */
  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    String code = name + "-code-" + next.incrementAndGet();
    codes.put(code, new Code(q.get("client_id"), q.get("code_challenge"), q.get("redirect_uri")));
    ex.getResponseHeaders()
        .add(
            "Location",
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(302, -1);
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> f =
        form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String client = basicClient(ex.getRequestHeaders().getFirst("Authorization"));
    tokenRequests.add(new TokenRequest(f, client));
    if (client == null) {
      json(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    switch (String.valueOf(f.get("grant_type"))) {
      case "authorization_code" -> {
        Code c = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (c == null
            || !c.client().equals(client)
            || !c.redirect().equals(f.get("redirect_uri"))
            || !s256(f.get("code_verifier")).equals(c.challenge())) {
          json(ex, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        issue(ex);
      }
      case "refresh_token" -> {
        if (!refreshTokens.remove(String.valueOf(f.get("refresh_token")))) {
          json(ex, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        issue(ex);
      }
      default -> json(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
    }
  }

  private void issue(HttpExchange ex) throws IOException {
    int n = next.incrementAndGet();
    String refresh = "rt-" + name + "-" + n;
    refreshTokens.add(refresh);
    json(
        ex,
        200,
        "{\"access_token\":\"at-%s-%d\",\"token_type\":\"Bearer\",\"expires_in\":60,\"refresh_token\":\"%s\"}"
            .formatted(name, n, refresh));
  }

  /** The client id of valid Basic credentials of a client registered here, else null. */
  private String basicClient(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String pair =
        new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    String id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
    String secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
    return secret.equals(secrets.get(id)) ? id : null;
  }

  private static String s256(String verifier) {
    if (verifier == null) {
      return "";
    }
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
