package io.gatehouse.bench.jmh;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import java.util.Base64;
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

/**
 * Session ids are sealed once per {@code initialize} and opened on a replica's first sight of an id
 * (the gateway remembers opened ids, but every forged or tampered id costs a full open). A tampered
 * id is rejected by the AES-GCM tag check, after the whole decryption.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SessionSealerBenchmark {
  SessionSealer sealer;
  SessionToken token;
  String sealed;
  String tampered;

  @Setup
  public void setup() {
    sealer = new SessionSealer(SessionSealer.generateKey());
    token =
        new SessionToken(
            "github",
            UpstreamTransport.STREAMABLE_HTTP,
            "0c6f1d2e-8b4a-4f7e-9d3c-5a1b2c3d4e5f",
            "2025-11-25",
            4_102_444_800L,
            "alice@example.com");
    sealed = sealer.seal(token);
    tampered = tamper(sealed);
  }

  /**
   * The id with one ciphertext bit flipped: still well-formed, so only the tag check can refuse it.
   */
  static String tamper(String id) {
    byte[] raw = Base64.getUrlDecoder().decode(id.substring("gh1.".length()));
    raw[raw.length / 2] ^= 0x01;
    return "gh1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  @Benchmark
  public String seal() {
    return sealer.seal(token);
  }

  @Benchmark
  public SessionToken open() {
    return sealer.open(sealed);
  }

  @Benchmark
  public SessionToken openTampered() {
    return sealer.open(tampered);
  }
}
