package io.gatehouse.bench.jmh;

import io.gatehouse.gateway.FilterChain;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpFilter;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What the filter chain costs a message before any policy does work. The relay is replaced by a handler
 * that answers at once, so only the chain and the exchange are measured. {@code emptyChain} is a route
 * with no policies; {@code newExchangeEmptyChain} adds the per-message {@link McpExchange} the gateway
 * creates; {@code passThroughPerPhase} puts one do-nothing filter in each phase, the price of the
 * chain's contract checks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FilterChainBenchmark {
  static final McpOutcome ANSWER = new McpOutcome.Accepted();

  RouteDefinition route;
  byte[] body;
  JsonRpcMessage message;
  SessionToken session;
  McpExchange exchange;
  McpHandler empty;
  McpHandler perPhase;

  @Setup
  public void setup() {
    route = RouteDefinition.of("github",
        UpstreamDefinition.of(URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP));
    body = Payloads.toolsCall(1024);
    message = EnvelopeScanner.scan(body);
    session = new SessionToken("github", UpstreamTransport.STREAMABLE_HTTP, "upstream-session", "2025-11-25",
        4_102_444_800L, "alice");
    exchange = newExchange();
    McpHandler relay = (ex, m) -> ANSWER;
    empty = FilterChain.build(Map.of(), relay);
    perPhase = FilterChain.build(onePassThroughPerPhase(), relay);
  }

  private McpExchange newExchange() {
    return McpExchange.of(route, message, body, session, "gh1.session", name -> null);
  }

  private static Map<Phase, List<McpFilter>> onePassThroughPerPhase() {
    McpFilter passThrough = (ex, m, next) -> next.handle(ex, m);
    Map<Phase, List<McpFilter>> filters = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.ORDER) {
      filters.put(phase, List.of(passThrough));
    }
    return filters;
  }

  @Benchmark
  public McpOutcome emptyChain() throws Exception {
    return empty.handle(exchange, message);
  }

  /**
   * The exchange goes to the blackhole as well: in the gateway it outlives the call (the relay hands it
   * on), and without that the JIT would scalar-replace it and measure no allocation at all.
   */
  @Benchmark
  public McpOutcome newExchangeEmptyChain(Blackhole bh) throws Exception {
    McpExchange ex = newExchange();
    bh.consume(ex);
    return empty.handle(ex, message);
  }

  @Benchmark
  public McpOutcome passThroughPerPhase() throws Exception {
    return perPhase.handle(exchange, message);
  }
}
