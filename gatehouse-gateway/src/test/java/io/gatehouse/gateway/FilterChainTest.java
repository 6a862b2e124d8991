package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chain without a socket: phase order, refusals, and the filter contract. */
class FilterChainTest {
  private static final byte[] BODY =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}".getBytes(StandardCharsets.UTF_8);
  private static final JsonRpcMessage CALL = EnvelopeScanner.scan(BODY);
  private static final RouteDefinition ROUTE =
      RouteDefinition.of("r", UpstreamDefinition.of(URI.create("http://127.0.0.1:1/mcp"), UpstreamTransport.AUTO));

  private static McpExchange exchange() {
    return McpExchange.of(ROUTE, CALL, BODY, null, null, name -> null);
  }

  private static McpFilter recording(List<String> seen, String name) {
    return (ex, m, next) -> {
      seen.add(name);
      return next.handle(ex, m);
    };
  }

  @Test
  void runs_filters_in_phase_order_whatever_the_order_they_were_added_in() throws Exception {
    List<String> seen = new ArrayList<>();
    Map<Phase, List<McpFilter>> filters = new EnumMap<>(Phase.class);
    filters.put(Phase.RATE_LIMIT, List.of(recording(seen, "rate-limit")));
    filters.put(Phase.AUTHENTICATE, List.of(recording(seen, "authenticate-1"), recording(seen, "authenticate-2")));
    filters.put(Phase.AUDIT, List.of(recording(seen, "audit")));

    McpOutcome outcome = FilterChain.build(filters, (ex, m) -> {
      seen.add("relay");
      return new McpOutcome.Accepted();
    }).handle(exchange(), CALL);

    assertThat(outcome).isInstanceOf(McpOutcome.Accepted.class);
    assertThat(seen).containsExactly("audit", "authenticate-1", "authenticate-2", "rate-limit", "relay");
  }

  @Test
  void a_filter_that_refuses_skips_the_rest_but_the_audit_still_sees_it() throws Exception {
    List<McpOutcome> audited = new ArrayList<>();
    Map<Phase, List<McpFilter>> filters = new EnumMap<>(Phase.class);
    filters.put(Phase.AUDIT, List.of((ex, m, next) -> {
      McpOutcome o = next.handle(ex, m);
      audited.add(o);
      return o;
    }));
    filters.put(Phase.AUTHORIZE, List.of((ex, m, next) -> new McpOutcome.Reply(403, new byte[0], "TOOL_FORBIDDEN", Map.of())));

    FilterChain.build(filters, (ex, m) -> {
      throw new AssertionError("the relay must not run");
    }).handle(exchange(), CALL);

    assertThat(audited).singleElement().extracting(McpOutcome::errorKey).isEqualTo("TOOL_FORBIDDEN");
  }

  @Test
  void a_filter_may_not_call_next_twice_or_return_nothing() {
    Map<Phase, List<McpFilter>> twice = Map.of(Phase.VALIDATE, List.of((ex, m, next) -> {
      next.handle(ex, m);
      return next.handle(ex, m);
    }));
    Map<Phase, List<McpFilter>> nothing = Map.of(Phase.VALIDATE, List.of((ex, m, next) -> null));
    McpHandler relay = (ex, m) -> new McpOutcome.Accepted();

    assertThatThrownBy(() -> FilterChain.build(twice, relay).handle(exchange(), CALL)).hasMessage("a VALIDATE filter called next twice");
    assertThatThrownBy(() -> FilterChain.build(nothing, relay).handle(exchange(), CALL)).hasMessage("a VALIDATE filter returned no outcome");
  }

  @Test
  void attributes_are_typed_and_keys_never_collide() {
    AttributeKey<String> a = AttributeKey.of("principal", String.class);
    AttributeKey<String> b = AttributeKey.of("principal", String.class);
    McpExchange ex = exchange();
    ex.attr(a, "alice");

    assertThat(ex.attr(a)).isEqualTo("alice");
    assertThat(ex.attr(b)).isNull();
  }
}
