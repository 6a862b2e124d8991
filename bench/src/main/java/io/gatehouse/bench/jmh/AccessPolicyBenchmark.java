package io.gatehouse.bench.jmh;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.identity.Identity;
import io.gatehouse.policy.AuthMethod;
import io.gatehouse.policy.Glob;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.NameRules;
import io.gatehouse.policy.ResourceUrls;
import io.gatehouse.policy.ToolAccess;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.store.Database;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What API-key authentication and a tool rule cost one {@code tools/call}: the policies of
 * bench/policies/api-key-tool-rule.yaml (with the allow glob matching this payload's tool; the key
 * checked against the real key snapshot of an SQLite store, an allow and a deny glob), run through
 * the pipeline on a fresh exchange, beside the same exchange through a route without policies. The
 * difference is the per-call cost the load scenarios cannot resolve through their noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class AccessPolicyBenchmark {
  static final Executor SAME_THREAD = Runnable::run;

  Path dir;
  Database db;
  Identity identity;
  RouteDefinition open;
  RouteDefinition guarded;
  PolicyPipeline pipeline;
  byte[] body;
  JsonRpcMessage message;
  String authorization;
  int proceeded;
  final Runnable proceed = () -> proceeded++;
  final Consumer<Verdict.Refuse> refused =
      r -> {
        throw new IllegalStateException("refused: " + r.key() + " " + r.message());
      };

  @Setup
  public void setup() throws IOException {
    dir = Files.createTempDirectory("gatehouse-jmh");
    db = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"));
    identity = Identity.open(db, Clock.systemUTC(), Duration.ofSeconds(60));
    identity.createConsumer("bench", Principal.Kind.APPLICATION, null, List.of());
    authorization = "Bearer " + identity.createKey("bench", List.of(), null).key().reveal();
    UpstreamDefinition up =
        UpstreamDefinition.of(
            URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP);
    open = RouteDefinition.of("echo", up);
    NameRules tools =
        NameRules.of(
            new NameRules.Lists(List.of(new Glob("search_*")), List.of(new Glob("admin-*"))),
            Map.of(),
            Map.of());
    Map<Phase, List<McpPolicy>> policies = new EnumMap<>(Phase.class);
    policies.put(
        Phase.AUTHENTICATE,
        List.of(
            new InboundAuth(
                Set.of(AuthMethod.API_KEY),
                identity.apiKeys(),
                null,
                new ResourceUrls(() -> URI.create("http://127.0.0.1:8080")),
                null)));
    policies.put(Phase.AUTHORIZE, List.of(new ToolAccess(tools, NameRules.OPEN, NameRules.OPEN)));
    guarded = open.withPolicies(RoutePolicies.of(policies));
    pipeline = new PolicyPipeline(Map.of());
    body = Payloads.toolsCall(1024);
    message = EnvelopeScanner.scan(body);
  }

  @TearDown
  public void tearDown() {
    identity.close();
    db.close();
  }

  private McpExchange exchange(RouteDefinition route) {
    return McpExchange.builder(route, McpExchange.Entry.MESSAGE)
        .message(message, body)
        .headers(name -> name.equalsIgnoreCase("Authorization") ? authorization : null)
        .build();
  }

  private int run(McpExchange ex, Blackhole bh) {
    bh.consume(ex);
    pipeline.request(
        ex, SAME_THREAD, refused, () -> pipeline.message(ex, SAME_THREAD, refused, proceed));
    return proceeded;
  }

  @Benchmark
  public int noPolicies(Blackhole bh) {
    return run(exchange(open), bh);
  }

  @Benchmark
  public int apiKeyAndToolRule(Blackhole bh) {
    return run(exchange(guarded), bh);
  }
}
