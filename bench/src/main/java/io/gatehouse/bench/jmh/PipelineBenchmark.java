package io.gatehouse.bench.jmh;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

/**
 * What the policy pipeline costs a message before any policy does work: the HTTP-level and message
 * hooks run, then the relay would start. {@code emptyPipeline} is a route with no policies; {@code
 * newExchangeEmptyPipeline} adds the per-message {@link McpExchange} the gateway creates; {@code
 * onePolicyPerPhase} puts one policy that lets everything through in each phase.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class PipelineBenchmark {
  static final Executor SAME_THREAD = Runnable::run;

  RouteDefinition route;
  byte[] body;
  JsonRpcMessage message;
  SessionToken session;
  McpExchange exchange;
  PolicyPipeline empty;
  PolicyPipeline perPhase;
  int proceeded;
  final Runnable proceed = () -> proceeded++;
  final Consumer<Verdict.Refuse> refused =
      r -> {
        throw new IllegalStateException("refused: " + r.key());
      };

  @Setup
  public void setup() {
    route =
        RouteDefinition.of(
            "github",
            UpstreamDefinition.of(
                URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP));
    body = Payloads.toolsCall(1024);
    message = EnvelopeScanner.scan(body);
    session =
        new SessionToken(
            "github",
            UpstreamTransport.STREAMABLE_HTTP,
            "upstream-session",
            "2025-11-25",
            4_102_444_800L,
            "alice");
    exchange = newExchange();
    empty = new PolicyPipeline(Map.of());
    perPhase = new PolicyPipeline(onePolicyPerPhaseMap());
  }

  private McpExchange newExchange() {
    return McpExchange.builder(route, McpExchange.Entry.MESSAGE)
        .message(message, body)
        .session(session, "gh1.session")
        .build();
  }

  private static Map<Phase, List<McpPolicy>> onePolicyPerPhaseMap() {
    McpPolicy passThrough =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange exchange) {
            return Verdict.PROCEED;
          }
        };
    Map<Phase, List<McpPolicy>> policies = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.ORDER) {
      policies.put(phase, List.of(passThrough));
    }
    return policies;
  }

  private int run(PolicyPipeline p, McpExchange ex) {
    p.request(ex, SAME_THREAD, refused, () -> p.message(ex, SAME_THREAD, refused, proceed));
    return proceeded;
  }

  @Benchmark
  public int emptyPipeline() {
    return run(empty, exchange);
  }

  /**
   * The exchange goes to the blackhole as well: in the gateway it outlives the call (the relay
   * hands it on), and without that the JIT would scalar-replace it and measure no allocation at
   * all.
   */
  @Benchmark
  public int newExchangeEmptyPipeline(Blackhole bh) {
    McpExchange ex = newExchange();
    bh.consume(ex);
    return run(empty, ex);
  }

  @Benchmark
  public int onePolicyPerPhase() {
    return run(perPhase, exchange);
  }
}
