package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds who authorizes access to an MCP server (MCP 2025-11-25 "Authorization Server Discovery"):
 * its protected resource metadata (RFC 9728), then its authorization server's metadata (RFC 8414 or
 * OpenID Connect Discovery, in the spec's order), or for a 2025-03-26 server without resource
 * metadata, the metadata at its own origin or the default endpoints there.
 */
public final class Discovery {
  private static final Map<String, String> MCP_VERSION =
      Map.of("MCP-Protocol-Version", "2025-11-25");
  private final OAuthHttp http;

  public Discovery(Egress egress, Duration timeout) {
    this(new OAuthHttp(egress, timeout));
  }

  Discovery(OAuthHttp http) {
    this.http = requireNonNull(http, "http");
  }

  /**
   * The protected resource metadata of {@code server}: from the challenge's {@code
   * resource_metadata}, else the path-inserted well-known URL, else the root one (RFC 9728 §3.1).
   * Empty when none is published (a 2025-03-26 server). Refuses metadata naming another resource
   * (RFC 9728 §3.3).
   */
  public Optional<ResourceMetadata> protectedResource(URI server, Challenge challenge)
      throws McpFailure {
    List<URI> candidates = new ArrayList<>();
    if (challenge.resourceMetadata() != null) {
      candidates.add(challenge.resourceMetadata());
    }
    String path = trimSlash(server.getRawPath());
    if (!path.isEmpty()) {
      candidates.add(origin(server).resolve("/.well-known/oauth-protected-resource" + path));
    }
    candidates.add(origin(server).resolve("/.well-known/oauth-protected-resource"));
    for (URI url : candidates) {
      OAuthHttp.Answer a = http.get(url, MCP_VERSION);
      ResourceMetadata prm = a.status() == 200 ? ResourceMetadata.from(a.json()) : null;
      if (prm != null) {
        if (!covers(prm.resource(), server)) {
          throw new McpFailure(
              Diagnosis.AUTH_DISCOVERY_FAILED,
              url + " describes resource " + prm.resource() + ", not " + server,
              Map.of("resource", prm.resource(), "server", server.toString()));
        }
        return Optional.of(prm);
      }
    }
    return Optional.empty();
  }

  /**
   * The metadata of the authorization server {@code issuer}, trying in order (2025-11-25): for an
   * issuer with a path, {@code /.well-known/oauth-authorization-server/PATH}, {@code
   * /.well-known/openid-configuration/PATH}, {@code PATH/.well-known/openid-configuration}; without
   * one, {@code /.well-known/oauth-authorization-server}, {@code
   * /.well-known/openid-configuration}. The document's {@code issuer} must be {@code issuer},
   * character for character (RFC 8414 §3.3).
   */
  public AuthServerMetadata authorizationServer(URI issuer) throws McpFailure {
    String path = trimSlash(issuer.getRawPath());
    URI origin = origin(issuer);
    List<URI> candidates =
        path.isEmpty()
            ? List.of(
                origin.resolve("/.well-known/oauth-authorization-server"),
                origin.resolve("/.well-known/openid-configuration"))
            : List.of(
                origin.resolve("/.well-known/oauth-authorization-server" + path),
                origin.resolve("/.well-known/openid-configuration" + path),
                origin.resolve(path + "/.well-known/openid-configuration"));
    for (URI url : candidates) {
      OAuthHttp.Answer a = http.get(url, Map.of());
      AuthServerMetadata m = a.status() == 200 ? AuthServerMetadata.from(a.json()) : null;
      if (m != null) {
        // RFC 8414 §3.3, MCP 2026-07-28: identical to the issuer the URL was built from, with no
        // normalisation; metadata naming another issuer is not used at all
        if (m.issuer() == null || !m.issuer().equals(issuer.toString())) {
          throw new McpFailure(
              Diagnosis.AUTH_DISCOVERY_FAILED,
              url + " names issuer " + m.issuer() + ", not " + issuer,
              Map.of("issuer", String.valueOf(m.issuer())));
        }
        return m;
      }
    }
    throw new McpFailure(
        Diagnosis.AUTH_DISCOVERY_FAILED,
        "no authorization server metadata for " + issuer + " (tried " + candidates + ")");
  }

  /**
   * MCP 2025-03-26: the authorization base URL is the server's origin; its RFC 8414 metadata is
   * read from there (with {@code MCP-Protocol-Version}), and without it the default endpoints
   * {@code /authorize}, {@code /token} and {@code /register} are used.
   */
  public AuthServerMetadata legacyAuthorizationServer(URI server) throws McpFailure {
    URI origin = origin(server);
    OAuthHttp.Answer a =
        http.get(
            origin.resolve("/.well-known/oauth-authorization-server"),
            Map.of("MCP-Protocol-Version", "2025-03-26"));
    AuthServerMetadata m = a.status() == 200 ? AuthServerMetadata.from(a.json()) : null;
    if (m != null) {
      return m;
    }
    return new AuthServerMetadata(
        trimSlash(origin.toString()),
        origin.resolve("/authorize"),
        origin.resolve("/token"),
        origin.resolve("/register"),
        List.of("S256"),
        List.of(),
        List.of("authorization_code", "refresh_token"),
        List.of(),
        false);
  }

  /**
   * Whether resource identifier {@code resource} names {@code server}: the same origin, and a path
   * that is the server's or one of its ancestors (metadata at the root describes the origin).
   */
  static boolean covers(String resource, URI server) {
    URI r;
    try {
      r = URI.create(resource);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (r.getScheme() == null || r.getHost() == null || r.getRawFragment() != null) {
      return false;
    }
    if (!origin(r).equals(origin(server))) {
      return false;
    }
    String rp = trimSlash(r.getRawPath());
    String sp = trimSlash(server.getRawPath());
    return rp.isEmpty() || sp.equals(rp) || sp.startsWith(rp + "/");
  }

  /**
   * The canonical URI of an MCP server for RFC 8707 {@code resource}: lower-case scheme and host,
   * no fragment, no trailing slash.
   */
  public static String canonical(URI server) {
    String path = trimSlash(server.getRawPath());
    String query = server.getRawQuery() == null ? "" : "?" + server.getRawQuery();
    return origin(server) + path + query;
  }

  static URI origin(URI u) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    boolean defaultPort =
        port < 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }

  private static String trimSlash(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
