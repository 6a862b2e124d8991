package io.gatehouse.gateway;

import io.gatehouse.protocol.JsonRpcMessage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy pipeline: runs each hook of the bound policies in {@link Phase#ORDER} (responses in
 * reverse). Request hooks run on the caller's event loop; a {@link Verdict.Blocking} decision runs
 * on a virtual thread, an {@link Verdict.Async} one waits for its stage without a thread, and the
 * pipeline continues on the loop afterwards. A hook that throws is a refusal with {@code
 * INTERNAL_ERROR} under an incident id, logged. Hooks no policy overrides are not called at all.
 * The gateway runs one per process; tests of a policy can drive one without a socket.
 */
public final class PolicyPipeline {
  private static final Logger log = LoggerFactory.getLogger(PolicyPipeline.class);
  private static final Executor BLOCKING =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gatehouse-policy-", 0).factory());

  private final Map<Phase, List<McpPolicy>> byPhase;
  private final boolean routesAddTheirs;
  private final List<McpPolicy> onRequest;
  private final List<McpPolicy> onMessage;
  private final List<McpPolicy> onUpstream;
  private final List<McpPolicy> onResponse;
  private final List<McpPolicy> onComplete;
  private final List<McpPolicy> onRenew;

  /**
   * The pipeline of {@code byPhase}'s policies, within a phase in list order; each route's own
   * {@link RoutePolicies} run after them, phase by phase.
   */
  public PolicyPipeline(Map<Phase, List<McpPolicy>> byPhase) {
    this(byPhase, true);
  }

  static PolicyPipeline forOneRoute(Map<Phase, List<McpPolicy>> byPhase) {
    return new PolicyPipeline(byPhase, false);
  }

  private PolicyPipeline(Map<Phase, List<McpPolicy>> byPhase, boolean routesAddTheirs) {
    this.routesAddTheirs = routesAddTheirs;
    List<McpPolicy> ordered = new ArrayList<>();
    Map<Phase, List<McpPolicy>> copy = new EnumMap<>(Phase.class);
    byPhase.forEach((phase, policies) -> copy.put(phase, List.copyOf(policies)));
    this.byPhase = copy;
    for (Phase p : Phase.ORDER) {
      ordered.addAll(copy.getOrDefault(p, List.of()));
    }
    this.onRequest = overriding(ordered, "onRequest", McpExchange.class);
    this.onMessage = overriding(ordered, "onMessage", McpExchange.class);
    this.onUpstream =
        overriding(ordered, "onUpstreamRequest", McpExchange.class, UpstreamCall.class);
    this.onResponse =
        overriding(ordered, "onResponse", McpExchange.class, JsonRpcMessage.class, byte[].class)
            .reversed()
            .stream()
            .toList(); // a list of its own: a reversed view allocates an iterator per walk
    this.onComplete = overriding(ordered, "onComplete", McpExchange.class, McpOutcome.class);
    this.onRenew = overriding(ordered, "renewCredential", McpExchange.class);
  }

  List<McpPolicy> policiesIn(Phase phase) {
    return byPhase.getOrDefault(phase, List.of());
  }

  /** The pipeline for {@code ex}'s route: this one, or this one with the route's own policies. */
  private PolicyPipeline at(McpExchange ex) {
    if (!routesAddTheirs) {
      return this;
    }
    RoutePolicies own = ex.route().policies();
    return own.isEmpty() ? this : own.over(this);
  }

  private static List<McpPolicy> overriding(
      List<McpPolicy> policies, String hook, Class<?>... params) {
    return policies.stream()
        .filter(
            p -> {
              try {
                return p.getClass().getMethod(hook, params).getDeclaringClass() != McpPolicy.class;
              } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** Runs the HTTP-level hooks, then {@code proceed} or {@code refused}, on {@code loop}. */
  public void request(
      McpExchange ex, Executor loop, Consumer<Verdict.Refuse> refused, Runnable proceed) {
    PolicyPipeline p = at(ex);
    p.run(p.onRequest, 0, ex, false, loop, refused, proceed, null);
  }

  /**
   * Runs the message hooks, then {@code proceed} or {@code refused}, on {@code loop}; a message a
   * policy took ({@link Verdict#HANDLED}) is refused {@code INTERNAL_ERROR} here, as the caller
   * cannot answer for it.
   */
  public void message(
      McpExchange ex, Executor loop, Consumer<Verdict.Refuse> refused, Runnable proceed) {
    PolicyPipeline p = at(ex);
    p.run(p.onMessage, 0, ex, true, loop, refused, proceed, null);
  }

  /**
   * Runs the message hooks, then {@code proceed}, {@code refused}, or {@code handled} when a policy
   * took the message itself ({@link Verdict#HANDLED}), on {@code loop}.
   */
  public void message(
      McpExchange ex,
      Executor loop,
      Consumer<Verdict.Refuse> refused,
      Runnable proceed,
      Runnable handled) {
    PolicyPipeline p = at(ex);
    p.run(p.onMessage, 0, ex, true, loop, refused, proceed, handled);
  }

  /**
   * A policy took the message itself: {@code handled} says what follows, or, where the caller has
   * no way to answer for it ({@code null}: request hooks, and messages of callers that cannot), the
   * exchange is refused {@code INTERNAL_ERROR}. No callback is made per call for the rare case.
   */
  private void took(Runnable handled, McpExchange ex, Consumer<Verdict.Refuse> refused) {
    if (handled != null) {
      handled.run();
    } else {
      refused.accept(
          (Verdict.Refuse)
              failed(
                  this, ex, new IllegalStateException("HANDLED where the caller cannot take it")));
    }
  }

  private void run(
      List<McpPolicy> hooks,
      int from,
      McpExchange ex,
      boolean message,
      Executor loop,
      Consumer<Verdict.Refuse> refused,
      Runnable proceed,
      Runnable handled) {
    for (int i = from; i < hooks.size(); i++) {
      Verdict v = decide(hooks.get(i), ex, message);
      switch (v) {
        case Verdict.Proceed p -> {
          continue;
        }
        case Verdict.Handled h -> {
          took(handled, ex, refused);
          return;
        }
        case Verdict.Refuse r -> {
          refused.accept(r);
          return;
        }
        case Verdict.Blocking b -> {
          int next = i + 1;
          BLOCKING.execute(
              () -> {
                Verdict decided = call(b, ex);
                loop.execute(
                    () -> {
                      if (decided instanceof Verdict.Refuse r) {
                        refused.accept(r);
                      } else if (decided instanceof Verdict.Handled) {
                        took(handled, ex, refused);
                      } else {
                        run(hooks, next, ex, message, loop, refused, proceed, handled);
                      }
                    });
              });
          return;
        }
        case Verdict.Async a -> {
          int next = i + 1;
          a.stage()
              .whenComplete(
                  (decided, error) ->
                      loop.execute(
                          () -> {
                            Verdict settled = settled(a, decided, error, ex);
                            if (settled instanceof Verdict.Refuse r) {
                              refused.accept(r);
                            } else if (settled instanceof Verdict.Handled) {
                              took(handled, ex, refused);
                            } else {
                              run(hooks, next, ex, message, loop, refused, proceed, handled);
                            }
                          }));
          return;
        }
      }
    }
    try {
      proceed.run();
    } catch (GatewayException e) {
      refused.accept(new Verdict.Refuse(e.error(), e.getMessage(), Map.of()));
    } catch (RuntimeException e) {
      refused.accept((Verdict.Refuse) failed(proceed, ex, e));
    }
  }

  private static Verdict decide(McpPolicy p, McpExchange ex, boolean message) {
    try {
      Verdict v = message ? p.onMessage(ex) : p.onRequest(ex);
      return v == null ? Verdict.PROCEED : v;
    } catch (RuntimeException e) {
      return failed(p, ex, e);
    }
  }

  private static Verdict call(Verdict.Blocking b, McpExchange ex) {
    try {
      Verdict v = b.work().call();
      return v instanceof Verdict.Blocking
          ? failed(b, ex, new IllegalStateException("a blocking verdict returned another"))
          : v == null ? Verdict.PROCEED : v;
    } catch (Exception e) {
      return failed(b, ex, e);
    }
  }

  /** What an {@link Verdict.Async} stage decided: its verdict, or a refusal if it failed. */
  private static Verdict settled(
      Verdict.Async a, Verdict decided, Throwable error, McpExchange ex) {
    if (error != null) {
      Throwable cause =
          error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      return failed(a, ex, cause instanceof Exception e ? e : new IllegalStateException(cause));
    }
    if (decided instanceof Verdict.Blocking || decided instanceof Verdict.Async) {
      return failed(a, ex, new IllegalStateException("an async verdict completed with another"));
    }
    return decided == null ? Verdict.PROCEED : decided;
  }

  private static Verdict failed(Object policy, McpExchange ex, Exception e) {
    String incident = UUID.randomUUID().toString().substring(0, 8);
    log.error(
        "incident {}: policy {} failed on route {}; the caller is answered 500 INTERNAL_ERROR",
        incident,
        policy.getClass().getName(),
        ex.route().name(),
        e);
    return Verdict.refuse(GatewayErrors.INTERNAL_ERROR, "internal error, incident " + incident);
  }

  public void upstream(McpExchange ex, UpstreamCall call) {
    for (McpPolicy p : at(ex).onUpstream) {
      p.onUpstreamRequest(ex, call);
    }
  }

  /** Whether a policy of {@code ex}'s route renews the credential it sets when refused with 401. */
  public boolean renewsCredentials(McpExchange ex) {
    return !at(ex).onRenew.isEmpty();
  }

  /**
   * Asks the policies that set credentials to renew them, off the I/O thread; then tells {@code
   * then}, on {@code loop}, whether any did (so the request may go once more).
   */
  public void renewCredentials(McpExchange ex, Executor loop, Consumer<Boolean> then) {
    List<McpPolicy> hooks = at(ex).onRenew;
    BLOCKING.execute(
        () -> {
          boolean renewed = false;
          for (McpPolicy p : hooks) {
            try {
              renewed |= p.renewCredential(ex);
            } catch (RuntimeException e) {
              failed(p, ex, e);
            }
          }
          boolean any = renewed;
          loop.execute(() -> then.accept(any));
        });
  }

  /** Whether any response hook runs for {@code ex}, so a relay can skip {@link #response}. */
  public boolean hasResponseHooks(McpExchange ex) {
    for (McpPolicy p : at(ex).onResponse) {
      if (p.readsResponses(ex)) {
        return true;
      }
    }
    return false;
  }

  /** The bytes to relay in place of {@code body}, after every response hook. */
  public byte[] response(McpExchange ex, JsonRpcMessage m, byte[] body) {
    byte[] out = body;
    for (McpPolicy p : at(ex).onResponse) {
      if (p.readsResponses(ex)) {
        out = p.onResponse(ex, m, out);
      }
    }
    return out;
  }

  public void complete(McpExchange ex, McpOutcome outcome) {
    for (McpPolicy p : at(ex).onComplete) {
      try {
        p.onComplete(ex, outcome);
      } catch (RuntimeException e) {
        log.warn(
            "policy {} failed after route {} answered {}",
            p.getClass().getName(),
            ex.route().name(),
            outcome.status(),
            e);
      }
    }
  }
}
