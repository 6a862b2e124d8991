package io.gatehouse.bench.jmh;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a JSON-RPC envelope, which the gateway does for every message in both directions. The
 * {@code scan*} benchmarks are what it does ({@link EnvelopeScanner}, one streaming pass, no tree);
 * the {@code tree*} ones parse the same bytes into a Jackson tree, the obvious alternative, to show
 * what the scan saves as arguments and results grow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class EnvelopeScanBenchmark {
  /** Bytes of {@code params.arguments} in the request and of the text block in the result. */
  @Param({"1024", "65536"})
  public int size;

  byte[] toolsCall;
  byte[] toolResult;
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Setup
  public void setup() {
    toolsCall = Payloads.toolsCall(size);
    toolResult = Payloads.toolResult(size);
  }

  @Benchmark
  public JsonRpcMessage scanToolsCall() {
    return EnvelopeScanner.scan(toolsCall);
  }

  @Benchmark
  public JsonRpcMessage scanToolResult() {
    return EnvelopeScanner.scan(toolResult);
  }

  @Benchmark
  public JsonNode treeToolsCall() {
    return mapper.readTree(toolsCall);
  }

  @Benchmark
  public JsonNode treeToolResult() {
    return mapper.readTree(toolResult);
  }
}
