package io.gatehouse.policy.inject;

import io.gatehouse.core.Errors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.PolicyErrors;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.traffic.Scoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes every upstream request of an exchange with the {@code headers} and {@code query} sections
 * that apply to it (the tool's, for a {@code tools/call}): removes, then sets, then appends. The
 * vault secrets the templates name are checked before the request goes on, read off the I/O thread
 * when not cached yet; one that is not set refuses the call with {@code
 * UPSTREAM_CREDENTIAL_MISSING}. A value holding a line break is never sent: the header is dropped
 * and the drop logged, without the value.
 */
final class InjectionPolicy implements McpPolicy {
  private static final Logger log = LoggerFactory.getLogger(InjectionPolicy.class);

  private final String project;
  private final Scoped<HeaderRules> headers;
  private final Scoped<QueryRules> query;
  private final SecretValues secrets;
  private final Function<String, String> secretValue;

  /** Whether any template may name a secret; when none does, requests go on unchecked. */
  private final boolean readsSecrets;

  InjectionPolicy(
      String project, Scoped<HeaderRules> headers, Scoped<QueryRules> query, SecretValues secrets) {
    this.project = project;
    this.headers = headers;
    this.query = query;
    this.secrets = secrets;
    this.secretValue =
        name ->
            secrets.lookup(project, name) instanceof SecretValues.Ready r
                ? r.value().reveal()
                : null;
    this.readsSecrets =
        headers.toolSpecific()
            || query.toolSpecific()
            || namesSecrets(headers.route().set())
            || namesSecrets(headers.route().append())
            || namesSecrets(query.route().set());
  }

  private static boolean namesSecrets(Map<String, Template> templates) {
    return templates.values().stream().anyMatch(t -> !t.secrets().isEmpty());
  }

  private static String tool(McpExchange exchange) {
    return exchange.message() == null ? null : exchange.message().toolName();
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    if (!readsSecrets) {
      return Verdict.PROCEED;
    }
    String tool = tool(exchange);
    HeaderRules h = headers.forTool(tool);
    QueryRules q = query.forTool(tool);
    List<String> toLoad = null;
    for (Map<String, Template> templates : List.of(h.set(), h.append(), q.set())) {
      for (Template t : templates.values()) {
        for (String name : t.secrets()) {
          SecretValues.Lookup l = secrets.lookup(project, name);
          if (l instanceof SecretValues.NeedsLoad) {
            toLoad = toLoad == null ? new ArrayList<>(2) : toLoad;
            toLoad.add(name);
          } else if (!(l instanceof SecretValues.Ready)) {
            return refusal(exchange, name, l);
          }
        }
      }
    }
    if (toLoad == null) {
      return Verdict.PROCEED;
    }
    List<String> names = toLoad;
    return Verdict.blocking(
        () -> {
          for (String name : names) {
            secrets.load(project, name);
            SecretValues.Lookup l = secrets.lookup(project, name);
            if (!(l instanceof SecretValues.Ready)) {
              return refusal(exchange, name, l);
            }
          }
          return Verdict.PROCEED;
        });
  }

  private static Verdict refusal(McpExchange exchange, String name, SecretValues.Lookup l) {
    return switch (l) {
      case SecretValues.Missing m ->
          Verdict.refuse(
              PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
              "route '" + exchange.route().name() + "': " + m.reason());
      case SecretValues.Unavailable u ->
          Verdict.refuse(Errors.STARTING, u.reason(), Map.of("Retry-After", "1"));
      default ->
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
    String tool = tool(exchange);
    HeaderRules h = headers.forTool(tool);
    for (String name : h.remove()) {
      call.removeHeader(name);
    }
    h.set()
        .forEach(
            (name, t) -> {
              String v = value(exchange, name, t);
              if (v == null) {
                call.removeHeader(name);
              } else {
                call.setHeader(name, v);
              }
            });
    h.append()
        .forEach(
            (name, t) -> {
              String v = value(exchange, name, t);
              if (v != null) {
                call.addHeader(name, v);
              }
            });
    QueryRules q = query.forTool(tool);
    for (String name : q.remove()) {
      call.removeQueryParameter(name);
    }
    q.set()
        .forEach(
            (name, t) -> {
              String v = t.render(exchange, secretValue);
              if (v == null || v.isEmpty()) {
                call.removeQueryParameter(name);
              } else {
                call.setQueryParameter(name, v);
              }
            });
  }

  /** The header value to send, or null: nothing to send, or something a header cannot carry. */
  private String value(McpExchange exchange, String header, Template t) {
    String v = t.render(exchange, secretValue);
    if (v == null || v.isEmpty()) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        log.warn(
            "route '{}': header {} not sent upstream: its value holds a line break",
            exchange.route().name(),
            header);
        return null;
      }
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InjectionPolicy p
        && project.equals(p.project)
        && headers.equals(p.headers)
        && query.equals(p.query)
        && secrets == p.secrets;
  }

  @Override
  public int hashCode() {
    return Objects.hash(project, headers, query);
  }
}
