package io.gatehouse.connect;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's {@code proxy} ({@code http://HOST:PORT}) and {@code proxyAuth}, read from the
 * admin API (an inline credential put in the vault as {@code connection.<name>.proxy-auth}) and
 * kept beside the TLS options. Messages never quote the credential.
 */
final class ProxyJson {
  private ProxyJson() {}

  static ConnectionProxy parse(
      String name, JsonNode body, Map<String, Secret> inline, Egress egress) {
    JsonNode p = body.path("proxy");
    JsonNode auth = body.path("proxyAuth");
    if (p.isMissingNode() || p.isNull()) {
      if (!auth.isMissingNode() && !auth.isNull()) {
        throw AuthJson.invalid("proxyAuth: given without a proxy (expected: proxy as well)");
      }
      return null;
    }
    URI url = url(p);
    egress.checkLiteral("proxy", url);
    if (auth.isMissingNode() || auth.isNull()) {
      return new ConnectionProxy(url, null);
    }
    if (auth.isObject() && auth.path("value").isString()) {
      String value = auth.get("value").stringValue();
      if (value.indexOf(':') < 1) {
        throw AuthJson.invalid("proxyAuth.value: expected user:password");
      }
      String secret = AuthJson.OWN_SECRETS + name + ".proxy-auth";
      inline.put(secret, Secret.of(value));
      return new ConnectionProxy(url, secret);
    }
    if (auth.isObject() && auth.path("secret").isString()) {
      return new ConnectionProxy(url, auth.get("secret").stringValue());
    }
    throw AuthJson.invalid(
        "proxyAuth: expected {\"value\": \"user:password\"} or {\"secret\": \"NAME\"}");
  }

  private static URI url(JsonNode p) {
    URI u;
    try {
      u = p.isString() ? URI.create(p.stringValue().trim()) : null;
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u != null && u.getRawUserInfo() != null) {
      // before any message that repeats the URL: the user info may be a password
      throw AuthJson.invalid("proxy: credentials do not belong in the URL; put them in proxyAuth");
    }
    boolean bare =
        u != null
            && (u.getRawPath() == null || u.getRawPath().isEmpty() || "/".equals(u.getRawPath()))
            && u.getRawQuery() == null
            && u.getRawFragment() == null;
    if (u == null
        || !"http".equals(u.getScheme())
        || u.getHost() == null
        || u.getPort() < 1
        || !bare) {
      throw AuthJson.invalid("proxy: '" + p.asString("") + "' (expected: http://HOST:PORT)");
    }
    return URI.create("http://" + u.getRawAuthority());
  }

  static void write(ObjectNode n, ConnectionProxy proxy) {
    if (proxy == null) {
      return;
    }
    n.put("proxy", proxy.url().toString());
    if (proxy.credential() != null) {
      n.putObject("proxyAuth").put("secret", proxy.credential());
    }
  }

  static ConnectionProxy read(JsonNode n) {
    JsonNode p = n.path("proxy");
    return p.isString()
        ? new ConnectionProxy(
            URI.create(p.stringValue()), AuthJson.text(n.path("proxyAuth"), "secret"))
        : null;
  }
}
