package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The policy pipeline without a socket: order, refusals, blocking decisions, failing policies,
 * response hooks.
 */
class PolicyPipelineTest {
  static final Executor SAME_THREAD = Runnable::run;
  static final ErrorKey NOPE = ErrorKey.of("NOPE", 403, -32003, "Do not.");
  static final byte[] CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}"
          .getBytes(StandardCharsets.UTF_8);

  final List<String> seen = new ArrayList<>();

  McpExchange exchange() {
    RouteDefinition route =
        RouteDefinition.of(
            "r",
            UpstreamDefinition.of(URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.AUTO));
    JsonRpcMessage m = EnvelopeScanner.scan(CALL);
    return McpExchange.builder(route, McpExchange.Entry.MESSAGE).message(m, CALL).build();
  }

  McpPolicy recording(String name, Verdict verdict) {
    return new McpPolicy() {
      @Override
      public Verdict onMessage(McpExchange exchange) {
        seen.add(name);
        return verdict;
      }

      @Override
      public byte[] onResponse(McpExchange exchange, JsonRpcMessage message, byte[] body) {
        seen.add(name + "<");
        return (new String(body, StandardCharsets.UTF_8) + name).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  static PolicyPipeline pipeline(Map<Phase, McpPolicy> byPhase) {
    Map<Phase, List<McpPolicy>> m = new EnumMap<>(Phase.class);
    byPhase.forEach((p, policy) -> m.put(p, List.of(policy)));
    return new PolicyPipeline(m);
  }

  @Test
  void runs_request_hooks_in_phase_order_and_response_hooks_in_reverse() {
    PolicyPipeline p =
        pipeline(
            Map.of(
                Phase.RATE_LIMIT,
                recording("limit", Verdict.PROCEED),
                Phase.AUTHENTICATE,
                recording("auth", Verdict.PROCEED),
                Phase.VALIDATE,
                recording("validate", Verdict.PROCEED)));
    McpExchange ex = exchange();
    boolean[] proceeded = {false};

    p.message(
        ex,
        SAME_THREAD,
        r -> {
          throw new AssertionError("refused: " + r.key());
        },
        () -> proceeded[0] = true);
    byte[] answer = p.response(ex, ex.message(), "x".getBytes(StandardCharsets.UTF_8));

    assertThat(proceeded[0]).isTrue();
    assertThat(seen).containsExactly("auth", "validate", "limit", "limit<", "validate<", "auth<");
    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("xlimitvalidateauth");
  }

  @Test
  void a_refusal_stops_the_pipeline_and_the_message_never_proceeds() {
    PolicyPipeline p =
        pipeline(
            Map.of(
                Phase.AUTHENTICATE,
                recording("auth", Verdict.refuse(NOPE, "no")),
                Phase.VALIDATE,
                recording("validate", Verdict.PROCEED)));
    List<Verdict.Refuse> refused = new ArrayList<>();

    p.message(exchange(), SAME_THREAD, refused::add, () -> seen.add("proceeded"));

    assertThat(refused).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(NOPE));
    assertThat(seen).containsExactly("auth");
  }

  @Test
  void a_blocking_decision_runs_off_the_calling_thread_and_the_pipeline_continues_on_the_loop()
      throws Exception {
    Thread caller = Thread.currentThread();
    Thread[] decidedOn = new Thread[1];
    PolicyPipeline p =
        pipeline(
            Map.of(
                Phase.AUTHENTICATE,
                recording(
                    "auth",
                    Verdict.blocking(
                        () -> {
                          decidedOn[0] = Thread.currentThread();
                          return Verdict.PROCEED;
                        })),
                Phase.VALIDATE,
                recording("validate", Verdict.PROCEED)));
    CompletableFuture<String> done = new CompletableFuture<>();
    Executor loop = r -> new Thread(r, "loop").start();

    p.message(
        exchange(),
        loop,
        r -> done.complete("refused"),
        () -> done.complete(Thread.currentThread().getName()));

    assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo("loop");
    assertThat(decidedOn[0]).isNotSameAs(caller);
    assertThat(decidedOn[0].isVirtual()).isTrue();
    assertThat(seen).containsExactly("auth", "validate");
  }

  @Test
  void an_async_decision_holds_no_thread_and_the_pipeline_continues_on_the_loop_once_it_completes()
      throws Exception {
    CompletableFuture<Verdict> reply = new CompletableFuture<>();
    PolicyPipeline p =
        pipeline(
            Map.of(
                Phase.RATE_LIMIT,
                recording("limit", Verdict.async(reply)),
                Phase.APPROVAL,
                recording("approval", Verdict.PROCEED)));
    CompletableFuture<String> done = new CompletableFuture<>();
    Executor loop = r -> new Thread(r, "loop").start();

    p.message(
        exchange(),
        loop,
        r -> done.complete("refused"),
        () -> done.complete(Thread.currentThread().getName()));

    assertThat(seen).containsExactly("limit");
    assertThat(done).isNotDone();
    reply.complete(Verdict.PROCEED);
    assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo("loop");
    assertThat(seen).containsExactly("limit", "approval");
  }

  @Test
  void an_async_refusal_refuses_and_a_failed_stage_is_an_internal_error() {
    List<Verdict.Refuse> refused = new ArrayList<>();
    pipeline(
            Map.of(
                Phase.RATE_LIMIT,
                recording(
                    "limit",
                    Verdict.async(
                        CompletableFuture.completedFuture(Verdict.refuse(NOPE, "no room"))))))
        .message(exchange(), SAME_THREAD, refused::add, () -> seen.add("proceeded"));
    pipeline(
            Map.of(
                Phase.RATE_LIMIT,
                recording(
                    "limit",
                    Verdict.async(
                        CompletableFuture.failedFuture(
                            new IllegalStateException("redis internals"))))))
        .message(exchange(), SAME_THREAD, refused::add, () -> seen.add("proceeded"));

    assertThat(refused).extracting(r -> r.key().key()).containsExactly("NOPE", "INTERNAL_ERROR");
    assertThat(refused.get(1).message()).doesNotContain("redis internals");
    assertThat(seen).doesNotContain("proceeded");
  }

  @Test
  void a_policy_that_throws_refuses_with_internal_error_and_an_incident_id() {
    McpPolicy broken =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange exchange) {
            throw new IllegalStateException("the policy's secret internals");
          }
        };
    List<Verdict.Refuse> refused = new ArrayList<>();

    pipeline(Map.of(Phase.AUTHORIZE, broken))
        .message(exchange(), SAME_THREAD, refused::add, () -> seen.add("proceeded"));

    assertThat(refused)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo(GatewayErrors.INTERNAL_ERROR);
              assertThat(r.message())
                  .startsWith("internal error, incident ")
                  .doesNotContain("secret");
            });
    assertThat(seen).isEmpty();
  }

  @Test
  void hooks_no_policy_overrides_are_not_called_and_an_empty_pipeline_just_proceeds() {
    PolicyPipeline p = new PolicyPipeline(Map.of(Phase.AUDIT, List.of(new McpPolicy() {})));
    boolean[] proceeded = {false};

    p.request(
        exchange(),
        SAME_THREAD,
        r -> {
          throw new AssertionError();
        },
        () -> proceeded[0] = true);

    assertThat(proceeded[0]).isTrue();
    assertThat(p.hasResponseHooks(exchange())).isFalse();
  }

  @Test
  void
      a_routes_own_policies_run_after_the_gateway_wide_ones_of_each_phase_and_only_on_that_route() {
    PolicyPipeline p =
        pipeline(
            Map.of(
                Phase.AUTHENTICATE, recording("auth", Verdict.PROCEED),
                Phase.RATE_LIMIT, recording("limit", Verdict.PROCEED)));
    RoutePolicies own =
        RoutePolicies.of(
            Map.of(
                Phase.AUTHENTICATE, List.of(recording("route-auth", Verdict.PROCEED)),
                Phase.AUTHORIZE, List.of(recording("route-acl", Verdict.PROCEED))));
    McpExchange plain = exchange();
    McpExchange guarded =
        McpExchange.builder(plain.route().withPolicies(own), McpExchange.Entry.MESSAGE)
            .message(plain.message(), CALL)
            .build();

    p.message(guarded, SAME_THREAD, r -> seen.add("refused"), () -> seen.add("relayed"));
    byte[] answer = p.response(guarded, plain.message(), "x".getBytes(StandardCharsets.UTF_8));
    p.message(plain, SAME_THREAD, r -> seen.add("refused"), () -> seen.add("relayed"));

    assertThat(seen)
        .containsExactly(
            "auth",
            "route-auth",
            "route-acl",
            "limit",
            "relayed",
            "limit<",
            "route-acl<",
            "route-auth<",
            "auth<",
            "auth",
            "limit",
            "relayed");
    assertThat(new String(answer, StandardCharsets.UTF_8))
        .isEqualTo("xlimitroute-aclroute-authauth");
    assertThat(RoutePolicies.of(Map.of(Phase.AUTHORIZE, own.in(Phase.AUTHORIZE))))
        .as("same policies, same set: a reload that changes nothing changes no route")
        .isEqualTo(RoutePolicies.of(Phase.AUTHORIZE, own.in(Phase.AUTHORIZE).getFirst()))
        .isNotEqualTo(own);
  }

  @Test
  void a_route_policy_that_refuses_stops_the_exchange_on_that_route_only() {
    PolicyPipeline p = pipeline(Map.of(Phase.AUDIT, recording("audit", Verdict.PROCEED)));
    McpExchange plain = exchange();
    McpExchange guarded =
        McpExchange.builder(
                plain
                    .route()
                    .withPolicies(
                        RoutePolicies.of(
                            Phase.AUTHORIZE, recording("deny", Verdict.refuse(NOPE, "no")))),
                McpExchange.Entry.MESSAGE)
            .message(plain.message(), CALL)
            .build();
    List<String> refusals = new ArrayList<>();

    p.message(guarded, SAME_THREAD, r -> refusals.add(r.key().key()), () -> seen.add("relayed"));
    p.message(plain, SAME_THREAD, r -> refusals.add(r.key().key()), () -> seen.add("relayed"));

    assertThat(refusals).containsExactly("NOPE");
    assertThat(seen).containsExactly("audit", "deny", "audit", "relayed");
  }
}
