package io.gatehouse.bench.jmh;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.limits.LimitClock;
import io.gatehouse.limits.LimitsEngine;
import io.gatehouse.observe.audit.AuditConfig;
import io.gatehouse.observe.audit.AuditLog;
import io.gatehouse.observe.audit.AuditPart;
import io.gatehouse.observe.audit.AuditRecord;
import io.gatehouse.observe.audit.AuditSink;
import io.gatehouse.observe.metrics.MetricsPart;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.policy.validate.ValidationPart;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What the issue-12 traffic set (bench/policies/traffic-full.yaml: argument validation against the
 * tool's schema, a rate limit counted in process, metrics and the audit log) costs one 1 KiB {@code
 * tools/call} of the echo upstream's tool, on the caller's thread: request, message, upstream and
 * completion hooks on a fresh exchange, beside the same exchange through a route without policies
 * and through a route with validation alone. The audit writer's own thread stores into a sink that
 * keeps nothing, so what it costs per record is not in these figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TrafficPolicyBenchmark {
  static final Executor SAME_THREAD = Runnable::run;

  /** The echo upstream's tool, as bench/src/.../EchoServer lists it. */
  static final String LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"echo\","
          + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":"
          + "{\"type\":\"string\"}},\"required\":[\"text\"],"
          + "\"additionalProperties\":false}}]}}";

  /**
   * traffic-full.yaml's limit, but high enough that this loop, far faster than the load generator,
   * never uses it up (a refusal would end the run): it counts every call and never refuses.
   */
  static final String SET =
      "{\"limits\":{\"calls\":{\"rate\":\"1000000000/second\",\"burst\":1000000000}}}";

  RouteDefinition open;
  RouteDefinition validated;
  RouteDefinition full;
  RouteDefinition validatedNotPlain;
  RouteDefinition limited;
  RouteDefinition metered;
  RouteDefinition audited;
  PolicyPipeline pipeline;
  AuditLog audit;
  LimitsEngine limits;
  byte[] body;
  JsonRpcMessage message;
  Principal principal;
  int proceeded;
  final Runnable proceed = () -> proceeded++;
  final Consumer<Verdict.Refuse> refused =
      r -> {
        throw new IllegalStateException("refused: " + r.key() + " " + r.message());
      };

  @Setup
  public void setup() {
    UpstreamDefinition up =
        UpstreamDefinition.of(
            URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP);
    open = RouteDefinition.of("echo", up);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ValidationPart validation = new ValidationPart(meters);
    limits = LimitsEngine.create(null, meters, LimitClock.SYSTEM);
    audit = new AuditLog(AuditConfig.DEFAULT, meters, Clock.systemUTC());
    audit.open(new Discard());
    PolicyTree tree =
        PolicyTree.of(
            null, "policies", JsonMapper.builder().build().readTree(SET), "routes[0].policies");
    validated = open.withPolicies(policies(open, tree, List.of(validation)));
    full =
        open.withPolicies(
            policies(
                open,
                tree,
                List.of(
                    new MetricsPart(meters, validation),
                    validation,
                    limits.part(),
                    new AuditPart(audit, true))));
    limited = open.withPolicies(policies(open, tree, List.of(limits.part())));
    metered = open.withPolicies(policies(open, tree, List.of(new MetricsPart(meters, validation))));
    audited = open.withPolicies(policies(open, tree, List.of(new AuditPart(audit, true))));
    pipeline = new PolicyPipeline(Map.of());
    principal =
        new Principal("bench", Principal.Kind.APPLICATION, null, Set.of(), Set.of(), "api-key");
    learn(validated, LIST);
    RouteDefinition other = RouteDefinition.of("echo-not-plain", up);
    validatedNotPlain = other.withPolicies(policies(other, tree, List.of(validation)));
    learn(
        validatedNotPlain,
        LIST.replace("\"additionalProperties\"", "\"minProperties\":0,\"additionalProperties\""));
    body = toolsCall(1024);
    message = EnvelopeScanner.scan(body);
    run(validated, new Blackhole(BLACKHOLE_CHALLENGE));
    run(validatedNotPlain, new Blackhole(BLACKHOLE_CHALLENGE));
    McpExchange counted =
        McpExchange.builder(limited, McpExchange.Entry.MESSAGE).message(message, body).build();
    counted.authenticated(principal);
    pipeline.message(counted, SAME_THREAD, refused, proceed);
    if (counted.responseHeaders().get("RateLimit") == null) {
      throw new IllegalStateException("the rate limit did not count the call");
    }
    if (validation.unvalidatedCalls("echo") + validation.unvalidatedCalls("echo-not-plain") != 0) {
      throw new IllegalStateException("the echo tool's schema was not learned");
    }
  }

  static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  private static RoutePolicies policies(
      RouteDefinition route, PolicyTree tree, List<TrafficPart> parts) {
    Problems problems = new Problems();
    Map<Phase, List<McpPolicy>> policies = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      policies.put(p, new ArrayList<>());
    }
    for (TrafficPart part : parts) {
      part.contribute(route, tree, problems, policies);
    }
    problems.throwIfAny();
    return RoutePolicies.of(policies);
  }

  /** Relays the echo upstream's {@code tools/list} answer, so the route knows the tool's schema. */
  private void learn(RouteDefinition route, String list) {
    byte[] request =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8);
    McpExchange ex =
        McpExchange.builder(route, McpExchange.Entry.MESSAGE)
            .message(EnvelopeScanner.scan(request), request)
            .build();
    byte[] answer = list.getBytes(StandardCharsets.UTF_8);
    pipeline.response(ex, EnvelopeScanner.scan(answer), answer);
  }

  /** A call as the load generator sends it: the echo tool's one {@code text} argument. */
  static byte[] toolsCall(int bytes) {
    String head =
        "{\"jsonrpc\":\"2.0\",\"id\":4711,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"";
    String tail = "\"}}}";
    return (head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  @TearDown
  public void tearDown() {
    audit.close();
    limits.close();
  }

  private int run(RouteDefinition route, Blackhole bh) {
    McpExchange ex =
        McpExchange.builder(route, McpExchange.Entry.MESSAGE).message(message, body).build();
    ex.authenticated(principal);
    pipeline.request(
        ex, SAME_THREAD, refused, () -> pipeline.message(ex, SAME_THREAD, refused, proceed));
    pipeline.complete(ex, McpOutcome.of(200, null));
    bh.consume(ex);
    return proceeded;
  }

  @Benchmark
  public int noPolicies(Blackhole bh) {
    return run(open, bh);
  }

  @Benchmark
  public int validationOnly(Blackhole bh) {
    return run(validated, bh);
  }

  /**
   * The same call against the same schema with {@code minProperties: 0} added, which the streaming
   * check does not take: the tree and the validator's walk, as every call paid before.
   */
  @Benchmark
  public int validationNotPlain(Blackhole bh) {
    return run(validatedNotPlain, bh);
  }

  @Benchmark
  public int limitsOnly(Blackhole bh) {
    return run(limited, bh);
  }

  @Benchmark
  public int metricsOnly(Blackhole bh) {
    return run(metered, bh);
  }

  @Benchmark
  public int auditOnly(Blackhole bh) {
    return run(audited, bh);
  }

  @Benchmark
  public int trafficFull(Blackhole bh) {
    return run(full, bh);
  }

  /** Keeps nothing: the writer's own cost is not what this measures. */
  static final class Discard implements AuditSink {
    @Override
    public void insert(List<AuditRecord> records) {}

    @Override
    public int purge(long before) {
      return 0;
    }
  }
}
