package io.gatehouse.bench.jmh;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.inject.InjectionPart;
import io.gatehouse.policy.resilience.ResiliencePart;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * What header and query injection and the upstream's circuit breaker and bulkhead cost one {@code
 * tools/call}: the policies of a set with five header templates (one a vault secret), an append, a
 * remove, a query secret, a circuit breaker and a bulkhead, run through the pipeline (request,
 * message, upstream request, completion) on a fresh exchange, beside the same exchange through a
 * route without policies.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class InjectionResilienceBenchmark {
  static final Executor SAME_THREAD = Runnable::run;
  static final String SET =
      "{'headers': {'set': {'X-User': '${principal.id}', 'X-Route': '${route.name}',"
          + " 'X-Tool': '${tool.name}', 'X-Tag': '${request.header.X-Client-Tag}',"
          + " 'X-Key': 'Bearer ${secret:weather}'}, 'append': {'X-Groups': '${principal.groups}'},"
          + " 'remove': ['X-Debug']}, 'query': {'set': {'key': '${secret:weather}'}},"
          + " 'resilience': {'circuit-breaker': {}, 'concurrency': 64}}";

  RouteDefinition open;
  RouteDefinition shaped;
  PolicyPipeline pipeline;
  byte[] body;
  JsonRpcMessage message;
  Principal principal;
  int proceeded;
  final Runnable proceed = () -> proceeded++;
  final Consumer<Verdict.Refuse> refused =
      r -> {
        throw new IllegalStateException("refused: " + r.key() + " " + r.message());
      };

  /** The request the gateway would send: what the policies change is kept, as the real one does. */
  static final class Call implements UpstreamCall {
    final Map<String, String> headers = new LinkedHashMap<>();
    URI url = URI.create("http://127.0.0.1:9/mcp");

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public URI url() {
      return url;
    }

    @Override
    public String header(String name) {
      return headers.get(name);
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }

    @Override
    public void removeHeader(String name) {
      headers.remove(name);
    }

    @Override
    public void setQueryParameter(String name, String value) {
      url = URI.create(url + "?" + name + "=" + value);
    }

    @Override
    public void removeQueryParameter(String name) {}
  }

  @Setup
  public void setup() {
    UpstreamDefinition up =
        UpstreamDefinition.of(
            URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP);
    open = RouteDefinition.of("echo", up);
    Secret key = Secret.of("bench-weather-key");
    SecretValues secrets =
        new SecretValues() {
          @Override
          public Lookup lookup(String project, String name) {
            return new Ready(key);
          }

          @Override
          public void load(String project, String name) {}
        };
    PolicyTree tree =
        PolicyTree.of(
            null,
            "policies",
            JsonMapper.builder().build().readTree(SET.replace('\'', '"')),
            "routes[0].policies");
    Problems problems = new Problems();
    Map<Phase, List<McpPolicy>> policies = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      policies.put(p, new ArrayList<>());
    }
    new InjectionPart(secrets).contribute(open, tree, problems, policies);
    new ResiliencePart(new SimpleMeterRegistry()).contribute(open, tree, problems, policies);
    problems.throwIfAny();
    shaped = open.withPolicies(RoutePolicies.of(policies));
    pipeline = new PolicyPipeline(Map.of());
    body = Payloads.toolsCall(1024);
    message = EnvelopeScanner.scan(body);
    principal =
        new Principal(
            "bench", Principal.Kind.APPLICATION, null, Set.of("eng", "ops"), Set.of(), "api-key");
  }

  private int run(RouteDefinition route, Blackhole bh) {
    McpExchange ex =
        McpExchange.builder(route, McpExchange.Entry.MESSAGE)
            .message(message, body)
            .headers(name -> name.equalsIgnoreCase("X-Client-Tag") ? "tag" : null)
            .build();
    ex.authenticated(principal);
    pipeline.request(
        ex, SAME_THREAD, refused, () -> pipeline.message(ex, SAME_THREAD, refused, proceed));
    Call call = new Call();
    pipeline.upstream(ex, call);
    pipeline.complete(ex, McpOutcome.of(200, null));
    bh.consume(call);
    return proceeded;
  }

  @Benchmark
  public int noPolicies(Blackhole bh) {
    return run(open, bh);
  }

  @Benchmark
  public int injectionAndResilience(Blackhole bh) {
    return run(shaped, bh);
  }
}
