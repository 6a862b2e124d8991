package io.gatehouse.policy;

import io.gatehouse.core.Errors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream headers whose values name vault secrets ({@code routes[].upstream.headers} with {@code
 * ${secret:NAME}}, such as {@code Authorization: Bearer ${secret:github-pat}}): set on every
 * upstream request of the route, whatever the entry (POST, GET stream, DELETE, legacy SSE). The
 * values come from the {@link SecretValues} cache; a secret not cached yet is read off the I/O
 * thread before the request goes on, and one the vault lacks refuses the request with {@code
 * UPSTREAM_CREDENTIAL_MISSING}, naming the secret and never a value.
 *
 * @param project whose secrets the names are
 * @param headers header name to template
 */
public record UpstreamSecrets(String project, Map<String, String> headers, SecretValues secrets)
    implements McpPolicy {
  public static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");

  public UpstreamSecrets {
    headers = Map.copyOf(headers);
  }

  /** The secret names the templates use. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    headers.values().forEach(t -> REFERENCE.matcher(t).results().forEach(m -> out.add(m.group(1))));
    return out;
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    List<String> toLoad = new java.util.ArrayList<>();
    for (String name : names()) {
      switch (secrets.lookup(project, name)) {
        case SecretValues.Ready r -> {}
        case SecretValues.NeedsLoad n -> toLoad.add(name);
        case SecretValues.Missing m -> {
          return missing(exchange, m.reason());
        }
        case SecretValues.Unavailable u -> {
          return Verdict.refuse(Errors.STARTING, u.reason(), Map.of("Retry-After", "1"));
        }
      }
    }
    if (toLoad.isEmpty()) {
      return Verdict.PROCEED;
    }
    return Verdict.blocking(
        () -> {
          toLoad.forEach(n -> secrets.load(project, n));
          for (String name : toLoad) {
            if (secrets.lookup(project, name) instanceof SecretValues.Missing m) {
              return missing(exchange, m.reason());
            }
          }
          return Verdict.PROCEED;
        });
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    headers.forEach((header, template) -> call.setHeader(header, render(template)));
  }

  private String render(String template) {
    Matcher m = REFERENCE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          secrets.lookup(project, m.group(1)) instanceof SecretValues.Ready r
              ? r.value().reveal()
              : "";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Verdict missing(McpExchange exchange, String reason) {
    return Verdict.refuse(
        PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
        "route '" + exchange.route().name() + "': " + reason);
  }
}
