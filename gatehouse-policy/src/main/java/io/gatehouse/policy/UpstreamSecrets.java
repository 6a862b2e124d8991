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
 * @param query query parameter name to template (keys some servers take in the URL)
 * @param names the secret names the templates use, found once here rather than per request
 */
public record UpstreamSecrets(
    String project,
    Map<String, String> headers,
    Map<String, String> query,
    SecretValues secrets,
    Set<String> names)
    implements McpPolicy {
  public static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");

  public UpstreamSecrets {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
    names = Set.copyOf(names);
  }

  public UpstreamSecrets(String project, Map<String, String> headers, SecretValues secrets) {
    this(project, headers, Map.of(), secrets);
  }

  public UpstreamSecrets(
      String project,
      Map<String, String> headers,
      Map<String, String> query,
      SecretValues secrets) {
    this(project, headers, query, secrets, namesIn(headers, query));
  }

  private static Set<String> namesIn(Map<String, String> headers, Map<String, String> query) {
    Set<String> out = new LinkedHashSet<>();
    for (Map<String, String> templates : List.of(headers, query)) {
      templates
          .values()
          .forEach(t -> REFERENCE.matcher(t).results().forEach(m -> out.add(m.group(1))));
    }
    return out;
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    List<String> toLoad = new java.util.ArrayList<>();
    for (String name : names()) {
      SecretValues.Lookup l = secrets.lookup(project, name);
      if (l instanceof SecretValues.NeedsLoad) {
        toLoad.add(name);
      } else {
        Verdict v = check(exchange, name, l);
        if (v != Verdict.PROCEED) {
          return v;
        }
      }
    }
    if (toLoad.isEmpty()) {
      return Verdict.PROCEED;
    }
    return Verdict.blocking(
        () -> {
          for (String name : toLoad) {
            secrets.load(project, name);
            Verdict v = check(exchange, name, secrets.lookup(project, name));
            if (v != Verdict.PROCEED) {
              return v;
            }
          }
          return Verdict.PROCEED;
        });
  }

  /** Only a value that can go into a header lets the request on; nothing is sent half filled. */
  private static Verdict check(McpExchange exchange, String name, SecretValues.Lookup l) {
    return switch (l) {
      case SecretValues.Ready r
          when r.value().reveal().indexOf('\r') >= 0 || r.value().reveal().indexOf('\n') >= 0 ->
          missing(
              exchange, "secret '" + name + "' holds a line break, which a header cannot carry");
      case SecretValues.Ready r -> Verdict.PROCEED;
      case SecretValues.Missing m -> missing(exchange, m.reason());
      case SecretValues.Unavailable u ->
          Verdict.refuse(Errors.STARTING, u.reason(), Map.of("Retry-After", "1"));
      case SecretValues.NeedsLoad n ->
          Verdict.refuse(
              Errors.STARTING, "secret '" + name + "' is being read", Map.of("Retry-After", "1"));
    };
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    headers.forEach(
        (header, template) -> {
          String value = render(template);
          if (value == null) {
            // gone since the request was checked (deleted): no credential rather than half of one
            call.removeHeader(header);
          } else {
            call.setHeader(header, value);
          }
        });
    query.forEach(
        (parameter, template) -> {
          String value = render(template);
          // gone since the request was checked: sent empty rather than half filled
          call.setQueryParameter(parameter, value == null ? "" : value);
        });
  }

  private String render(String template) {
    Matcher m = REFERENCE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (!(secrets.lookup(project, m.group(1)) instanceof SecretValues.Ready r)
          || r.value().reveal().indexOf('\r') >= 0
          || r.value().reveal().indexOf('\n') >= 0) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(r.value().reveal()));
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
