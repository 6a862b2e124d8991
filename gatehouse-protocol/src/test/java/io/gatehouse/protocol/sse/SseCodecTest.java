package io.gatehouse.protocol.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseCodecTest {

  private static List<SseEvent> readAll(InputStream in) throws IOException {
    SseReader reader = new SseReader(in, 7);
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent e = reader.next(); e != null; e = reader.next()) {
      events.add(e);
    }
    return events;
  }

  private static List<SseEvent> readAll(String text) throws IOException {
    return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void reads_priming_and_message_events_with_any_line_ending() throws IOException {
    List<SseEvent> events =
        readAll(
            "id: p1\r\nretry: 500\r\ndata:\r\n\r\n: comment\n\nevent: message\rid: 2\rdata: {\"a\":1}\r\r");

    assertThat(events).hasSize(2);
    assertThat(events.get(0).id()).isEqualTo("p1");
    assertThat(events.get(0).retryMillis()).isEqualTo(500);
    assertThat(events.get(0).hasData()).isFalse();
    assertThat(events.get(1).isMessage()).isTrue();
    assertThat(events.get(1).dataAsString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void joins_multi_line_data_and_keeps_an_id_only_block() throws IOException {
    List<SseEvent> events = readAll("data: a\ndata:b\n\nid: only\n\n");

    assertThat(events.get(0).dataAsString()).isEqualTo("a\nb");
    assertThat(events.get(1).id()).isEqualTo("only");
  }

  @Test
  void returns_the_last_event_when_the_stream_ends_without_a_blank_line() throws IOException {
    assertThat(readAll("event: endpoint\ndata: /messages?sessionId=1"))
        .singleElement()
        .satisfies(e -> assertThat(e.event()).isEqualTo("endpoint"))
        .satisfies(e -> assertThat(e.dataAsString()).isEqualTo("/messages?sessionId=1"));
  }

  @Test
  void encoding_then_reading_round_trips_unicode_and_large_payloads() throws IOException {
    char[] big = new char[300_000];
    Arrays.fill(big, 'x');
    String payload = "{\"text\":\"héllo ✓ 😀 " + new String(big) + "\"}";
    byte[] encoded =
        SseEncoder.encode(SseEvent.message("e-1", payload.getBytes(StandardCharsets.UTF_8)));

    SseEvent back = readAll(new ByteArrayInputStream(encoded)).getFirst();
    assertThat(back.id()).isEqualTo("e-1");
    assertThat(back.dataAsString()).isEqualTo(payload);
  }

  @Test
  void encodes_priming_events_and_splits_data_on_line_breaks() {
    assertThat(new String(SseEncoder.encode(SseEvent.priming("g-0", 3000)), StandardCharsets.UTF_8))
        .isEqualTo("id: g-0\nretry: 3000\ndata:\n\n");
    assertThat(
            new String(
                SseEncoder.encode(
                    new SseEvent(
                        null, "endpoint", "a\r\nb\nc".getBytes(StandardCharsets.UTF_8), -1)),
                StandardCharsets.UTF_8))
        .isEqualTo("event: endpoint\ndata: a\ndata: b\ndata: c\n\n");
  }

  @Test
  void
      the_push_decoder_gives_the_same_events_fed_one_byte_at_a_time_with_crlf_split_across_pieces() {
    byte[] text =
        "id: 1\r\ndata: {\"a\":\r\ndata: 2}\r\n\r\n: c\r\n\r\ndata: last"
            .getBytes(StandardCharsets.UTF_8);
    SseDecoder decoder = new SseDecoder(1024);
    List<SseEvent> events = new ArrayList<>();
    for (byte b : text) {
      decoder.feed(java.nio.ByteBuffer.wrap(new byte[] {b}), events::add);
    }
    decoder.finish(events::add);

    assertThat(events).extracting(SseEvent::dataAsString).containsExactly("{\"a\":\n2}", "last");
    assertThat(events.getFirst().id()).isEqualTo("1");
  }

  @Test
  void the_push_decoder_refuses_an_event_over_its_limit() {
    SseDecoder decoder = new SseDecoder(16);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                decoder.feed(
                    java.nio.ByteBuffer.wrap(
                        "data: 0123456789abcdefghij\n\n".getBytes(StandardCharsets.UTF_8)),
                    e -> {}))
        .isInstanceOf(SseDecoder.TooLarge.class);
  }
}
