package io.gatehouse.bench.jmh;

import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Server-Sent Events as the gateway writes them to callers ({@link SseEncoder}, once per event) and
 * reads them from upstreams ({@link SseReader} over the response body). Each event carries a 1 KiB
 * JSON-RPC message and an id in the gateway's own format.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SseBenchmark {
  static final int DATA_BYTES = 1024;
  static final int EVENTS = 16;

  /**
   * The id of event {@code n}: stream key, sequence number, base64url of the request id, upstream
   * id.
   */
  static String eventId(int n) {
    return "gq3J9xk2LmPa." + n + "~NDcxMQ:upstream-" + n;
  }

  /** One event to write. */
  @State(Scope.Thread)
  public static class Encoding {
    SseEvent event;

    @Setup
    public void setup() {
      event = SseEvent.message(eventId(0), Payloads.toolResultOfLength(DATA_BYTES));
    }
  }

  /**
   * An upstream response body of {@link #EVENTS} events, delivered {@code chunkBytes} at a time.
   */
  @State(Scope.Thread)
  public static class Decoding {
    /** One TCP segment's payload on a 1500-byte MTU, and a full Jetty client buffer. */
    @Param({"1460", "16384"})
    public int chunkBytes;

    byte[] body;

    @Setup
    public void setup() {
      byte[] data = Payloads.toolResultOfLength(DATA_BYTES);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int n = 0; n < EVENTS; n++) {
        out.writeBytes(SseEncoder.encode(SseEvent.message(eventId(n), data)));
      }
      body = out.toByteArray();
    }
  }

  @Benchmark
  public byte[] encodeEvent(Encoding s) {
    return SseEncoder.encode(s.event);
  }

  /**
   * A fresh reader per body, as the gateway has one per upstream response; the score is per event.
   * Returns the last event so a test can check the whole body was read.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public SseEvent decodeEvents(Decoding s, Blackhole bh) throws IOException {
    SseReader reader = new SseReader(new ChunkedBody(s.body, s.chunkBytes));
    SseEvent last = null;
    for (SseEvent e = reader.next(); e != null; e = reader.next()) {
      bh.consume(e);
      last = e;
    }
    return last;
  }
}
