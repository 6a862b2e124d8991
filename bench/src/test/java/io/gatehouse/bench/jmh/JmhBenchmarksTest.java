package io.gatehouse.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.MessageKind;
import io.gatehouse.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every benchmark method once and checks it measured the real path, so a broken payload or a
 * rejected message can never pass for a fast one. Sizes come from the {@code @Param} annotations.
 */
class JmhBenchmarksTest {
  private final Blackhole bh =
      new Blackhole(
          "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @AfterEach
  void evaporate() {
    bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }

  static IntStream scanSizes() throws NoSuchFieldException {
    return params(EnvelopeScanBenchmark.class, "size");
  }

  static IntStream chunkSizes() throws NoSuchFieldException {
    return params(SseBenchmark.Decoding.class, "chunkBytes");
  }

  private static IntStream params(Class<?> state, String field) throws NoSuchFieldException {
    return Arrays.stream(state.getField(field).getAnnotation(Param.class).value())
        .mapToInt(Integer::parseInt);
  }

  @ParameterizedTest
  @MethodSource("scanSizes")
  void payloads_are_exactly_the_size_their_benchmarks_claim(int size) {
    assertThat(Payloads.arguments(size)).hasSize(size);
    assertThat(Payloads.text(size)).hasSize(size);
    assertThat(Payloads.toolResultOfLength(SseBenchmark.DATA_BYTES))
        .hasSize(SseBenchmark.DATA_BYTES);
  }

  @ParameterizedTest
  @MethodSource("scanSizes")
  void scans_read_the_envelope_that_was_encoded(int size) {
    EnvelopeScanBenchmark b = new EnvelopeScanBenchmark();
    b.size = size;
    b.setup();

    JsonRpcMessage call = b.scanToolsCall();
    JsonRpcMessage result = b.scanToolResult();

    assertThat(call.kind()).isEqualTo(MessageKind.REQUEST);
    assertThat(call.id()).isEqualTo(JsonRpcId.of(Payloads.REQUEST_ID));
    assertThat(call.toolName()).isEqualTo(Payloads.TOOL);
    assertThat(call.progressToken()).isEqualTo(JsonRpcId.of(Payloads.PROGRESS_TOKEN));
    assertThat(result.kind()).isEqualTo(MessageKind.RESPONSE);
    assertThat(result.id()).isEqualTo(JsonRpcId.of(Payloads.REQUEST_ID));
    assertThat(result.error()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("scanSizes")
  void tree_parses_see_the_whole_message(int size) {
    EnvelopeScanBenchmark b = new EnvelopeScanBenchmark();
    b.size = size;
    b.setup();

    JsonNode call = b.treeToolsCall();
    JsonNode result = b.treeToolResult();

    assertThat(call.get("params").get("name").asString()).isEqualTo(Payloads.TOOL);
    assertThat(call.get("params").get("arguments"))
        .isEqualTo(JsonMapper.builder().build().readTree(Payloads.arguments(size)));
    assertThat(result.get("id").asLong()).isEqualTo(Payloads.REQUEST_ID);
    assertThat(result.get("result").get("isError").asBoolean()).isFalse();
  }

  @Test
  void encoding_writes_one_event_with_its_id_and_data() {
    SseBenchmark.Encoding s = new SseBenchmark.Encoding();
    s.setup();

    String encoded = new String(new SseBenchmark().encodeEvent(s), StandardCharsets.UTF_8);

    assertThat(encoded)
        .startsWith("id: " + SseBenchmark.eventId(0) + "\ndata: {")
        .endsWith("}\n\n");
    assertThat(encoded.lines().filter(l -> l.startsWith("data: ")))
        .singleElement()
        .satisfies(l -> assertThat(l).hasSize("data: ".length() + SseBenchmark.DATA_BYTES));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void decoding_reads_every_event_of_the_body(int chunkBytes) throws Exception {
    SseBenchmark.Decoding s = new SseBenchmark.Decoding();
    s.chunkBytes = chunkBytes;
    s.setup();

    SseEvent last = new SseBenchmark().decodeEvents(s, bh);

    assertThat(s.body.length).as("the body spans several chunks").isGreaterThan(chunkBytes);
    assertThat(last.id()).isEqualTo(SseBenchmark.eventId(SseBenchmark.EVENTS - 1));
    assertThat(last.data()).isEqualTo(Payloads.toolResultOfLength(SseBenchmark.DATA_BYTES));
  }

  @Test
  void sealed_ids_open_to_the_same_token_and_tampered_ones_do_not() {
    SessionSealerBenchmark b = new SessionSealerBenchmark();
    b.setup();

    assertThat(b.sealer.open(b.seal())).isEqualTo(b.token);
    assertThat(b.open()).isEqualTo(b.token);
    assertThat(b.tampered).isNotEqualTo(b.sealed).startsWith("gh1.");
    assertThat(b.openTampered()).isNull();
  }

  @Test
  void every_pipeline_lets_the_message_through_once_per_call() {
    PipelineBenchmark b = new PipelineBenchmark();
    b.setup();

    assertThat(b.message.toolName()).isEqualTo(Payloads.TOOL);
    assertThat(b.emptyPipeline()).isEqualTo(1);
    assertThat(b.newExchangeEmptyPipeline(bh)).isEqualTo(2);
    assertThat(b.onePolicyPerPhase()).isEqualTo(3);
  }
}
