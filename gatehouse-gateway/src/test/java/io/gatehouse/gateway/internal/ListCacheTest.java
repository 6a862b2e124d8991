package io.gatehouse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListCacheTest {
  private static final RouteDefinition ROUTE =
      RouteDefinition.of(
          "r", UpstreamDefinition.of(URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.AUTO));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(String body) {
    JsonRpcMessage m = EnvelopeScanner.scan(bytes(body));
    return ListCache.key(ROUTE, m, bytes(body));
  }

  @Test
  void keeps_a_public_first_page_and_answers_with_the_new_id() {
    ListCache cache = new ListCache();
    String k = key("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");
    cache.offer(
        k,
        bytes(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}}"));
    assertThat(new String(cache.answer(k, JsonRpcId.of("x")), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}}");
  }

  @Test
  void never_keeps_private_results_zero_ttls_later_pages_or_other_methods() {
    ListCache cache = new ListCache();
    String k = key("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    cache.offer(
        k,
        bytes(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ttlMs\":6000,\"cacheScope\":\"private\"}}"));
    cache.offer(
        k,
        bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ttlMs\":0,\"cacheScope\":\"public\"}}"));
    assertThat(cache.answer(k, JsonRpcId.of(2))).isNull();
    assertThat(
            key(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c2\"}}"))
        .isNull();
    assertThat(
            key(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}}"))
        .isNull();
  }

  @Test
  void forgets_a_route() {
    ListCache cache = new ListCache();
    String k = key("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}");
    cache.offer(
        k,
        bytes(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"prompts\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}}"));
    cache.forget("r");
    assertThat(cache.answer(k, JsonRpcId.of(2))).isNull();
  }
}
