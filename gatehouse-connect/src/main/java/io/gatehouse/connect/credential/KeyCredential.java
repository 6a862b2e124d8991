package io.gatehouse.connect.credential;

import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.UpstreamSecrets;
import io.gatehouse.vault.SecretInfo;
import io.gatehouse.vault.Vault;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * A key connection whose keys may be rotated here before the upstream knows the new one: it sends
 * the newest versions (as {@link UpstreamSecrets} does), and when the upstream refuses them with
 * 401 within the key's overlap after a secret got a new version, the same request goes once more
 * with the previous versions. After the overlap only the newest is sent.
 */
public final class KeyCredential implements McpPolicy {
  /** The headers and query rendered with previous versions, for one exchange's second try. */
  private record Previous(Map<String, String> headers, Map<String, String> query) {}

  private static final AttributeKey<Previous> PREVIOUS =
      AttributeKey.of("key-previous-versions", Previous.class);

  private final String project;
  private final ConnectionAuth.Key key;
  private final UpstreamSecrets current;
  private final Supplier<Vault> vault;
  private final Clock clock;

  KeyCredential(
      String project,
      ConnectionAuth.Key key,
      UpstreamSecrets current,
      Supplier<Vault> vault,
      Clock clock) {
    this.project = project;
    this.key = key;
    this.current = current;
    this.vault = vault;
    this.clock = clock;
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    return current.onRequest(exchange);
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    Previous p = exchange.attr(PREVIOUS);
    if (p == null) {
      current.onUpstreamRequest(exchange, call);
      return;
    }
    p.headers().forEach(call::setHeader);
    p.query().forEach(call::setQueryParameter);
  }

  /** Refused with 401: within the overlap of a rotation, try the previous versions, once. */
  @Override
  public boolean renewCredential(McpExchange exchange) {
    Vault v = vault.get();
    if (exchange.attr(PREVIOUS) != null || v == null) {
      return false;
    }
    Map<String, String> versions = new LinkedHashMap<>();
    boolean older = false;
    for (String name : current.names()) {
      List<SecretInfo> all = v.versions(project, name); // oldest first
      SecretInfo newest = all.getLast();
      boolean rotatedLately =
          all.size() > 1
              && clock.millis() - newest.createdAt().toEpochMilli() < key.overlap().toMillis();
      SecretInfo use = rotatedLately ? all.get(all.size() - 2) : newest;
      older |= rotatedLately;
      versions.put(name, v.get(project, name, use.version()).reveal());
    }
    if (!older) {
      return false;
    }
    exchange.attr(
        PREVIOUS, new Previous(render(key.headers(), versions), render(key.query(), versions)));
    return true;
  }

  private static Map<String, String> render(
      Map<String, String> templates, Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    templates.forEach(
        (name, template) -> {
          Matcher m = UpstreamSecrets.REFERENCE.matcher(template);
          StringBuilder s = new StringBuilder();
          while (m.find()) {
            m.appendReplacement(s, Matcher.quoteReplacement(values.get(m.group(1))));
          }
          m.appendTail(s);
          out.put(name, s.toString());
        });
    return out;
  }
}
