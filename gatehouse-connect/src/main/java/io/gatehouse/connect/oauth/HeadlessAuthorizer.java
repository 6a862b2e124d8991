package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link Authorizer} for authorization servers that approve without a person (test servers,
 * consent given beforehand): GETs the authorization URL without following the redirect and reads
 * {@code code} and {@code state} from its {@code Location}, which must lead to the redirect URI.
 */
public final class HeadlessAuthorizer implements Authorizer {
  private final OAuthHttp http;

  public HeadlessAuthorizer(Egress egress, Duration timeout) {
    this.http = new OAuthHttp(egress, timeout);
  }

  @Override
  public Callback authorize(URI authorizationUrl, URI redirectUri) throws McpFailure {
    requireNonNull(authorizationUrl, "authorizationUrl");
    OAuthHttp.Answer a = http.get(authorizationUrl, Map.of());
    String location = a.headers().firstValue("Location").orElse(null);
    if (a.status() / 100 != 3 || location == null) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          authorizationUrl.getHost()
              + " answered the authorization with HTTP "
              + a.status()
              + ", not a redirect back: it needs a person to approve");
    }
    URI back = authorizationUrl.resolve(location);
    if (!withoutQuery(back).equals(withoutQuery(redirectUri))) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          "the authorization redirected to " + withoutQuery(back) + ", not the redirect URI");
    }
    Map<String, String> q = query(back);
    if (q.containsKey("error")) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          "the authorization server refused: " + q.get("error"),
          Map.of("error", q.get("error")));
    }
    return new Callback(q.get("code"), q.get("state"), q.get("iss"));
  }

  private static String withoutQuery(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
  }

  private static Map<String, String> query(URI u) {
    Map<String, String> q = new HashMap<>();
    if (u.getRawQuery() != null) {
      for (String pair : u.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        q.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    return q;
  }
}
