package io.gatehouse.gateway.mrtr;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A 2026-07-28 request as the policies that ask its caller for input see it: whether the client
 * takes URL elicitation (declared in its request's {@code _meta} client capabilities, as 2026-07-28
 * has no session to remember it), and, on a retry, the answers it gives to what Gatehouse asked and
 * the sealed state that came back with them. The gateway attaches one to every 2026-07-28 exchange
 * ({@link #of}); session-era exchanges have none. The body is read only when a policy asks.
 *
 * <p>A retry may also continue a call the gateway already holds upstream (the forward bridge's
 * {@code input_required} rounds): {@link #continuesHeldCall} says so, and one-shot policies (the
 * approval hold, consent, quotas) let such a round through without asking or counting again, since
 * it answers the upstream's question and never starts the call anew.
 */
public final class InputRetry {
  /** Where the gateway puts it on an exchange. */
  public static final AttributeKey<InputRetry> KEY =
      AttributeKey.of("gatehouse.input-retry", InputRetry.class);

  /**
   * The purpose of the states the gateway gives for a call it holds upstream while the caller
   * answers the upstream's own input requests (the forward bridge's MRTR rounds).
   */
  public static final String HELD_CALL = "bridge";

  private final McpExchange exchange;
  private final RequestStateSealer sealer;
  private final LongSupplier nowMillis;
  private final Map<String, RequestState> opened = new HashMap<>();
  private RetryParts parts;
  private byte[] digest;
  private String continuesFor;

  /** For the gateway: the view of {@code exchange}'s 2026-07-28 request. */
  public InputRetry(McpExchange exchange, RequestStateSealer sealer, LongSupplier nowMillis) {
    this.exchange = requireNonNull(exchange, "exchange");
    this.sealer = requireNonNull(sealer, "sealer");
    this.nowMillis = requireNonNull(nowMillis, "nowMillis");
  }

  /** The view of {@code exchange}, or null for a session-era exchange. */
  public static InputRetry of(McpExchange exchange) {
    return exchange.attr(KEY);
  }

  /**
   * Whether {@code exchange} continues a call the gateway holds: false for a session-era exchange,
   * else {@link #continuesHeldCall()}.
   */
  public static boolean continuesHeldCall(McpExchange exchange) {
    InputRetry retry = of(exchange);
    return retry != null && retry.continuesHeldCall();
  }

  /**
   * Whether this request continues a call the gateway holds upstream, already let through by the
   * route's policies at its first round: its {@code requestState} opens as one the gateway sealed
   * for a held call ({@link #HELD_CALL}) of this caller, route and request, and has not expired.
   * Nothing else a client sends makes it true: a forged, altered, expired, another caller's or
   * another request's state is no continuation (the round is then a call like any other, and the
   * bridge refuses its state). Ask only once the caller is authenticated.
   */
  public boolean continuesHeldCall() {
    String principal = exchange.principalId() == null ? "" : exchange.principalId();
    if (principal.equals(continuesFor)) {
      return true;
    }
    if (!BodyScan.mayHold(exchange.body(), RequestStateSealer.PREFIX)) {
      return false; // no state of ours: the body is not parsed for one
    }
    String state = parts().requestState();
    if (state == null) {
      return false;
    }
    try {
      sealer.open(
          state, HELD_CALL, principal, exchange.route().name(), digest(), nowMillis.getAsLong());
    } catch (GatewayException e) {
      return false;
    }
    continuesFor = principal;
    return true;
  }

  /** Whether the client declared {@code elicitation.url} in this request's capabilities. */
  public boolean urlElicitation() {
    return parts().urlElicitation();
  }

  /** Whether this request answers what Gatehouse asked for {@code purpose}. */
  public boolean answers(String purpose) {
    return parts().actions().containsKey(purpose);
  }

  /** The purposes of Gatehouse's own input requests this request answers. */
  public List<String> answered() {
    return List.copyOf(parts().actions().keySet());
  }

  /**
   * The state Gatehouse sealed for {@code purpose}, once the retry's {@code requestState} opens for
   * this caller, route and request and the user accepted the elicitation (opened the page).
   *
   * @throws GatewayException the sealer's {@code REQUEST_STATE_INVALID} or {@code
   *     REQUEST_STATE_EXPIRED}, or {@code INPUT_DECLINED} when the user declined or cancelled
   */
  public RequestState accepted(String purpose) {
    RequestState known = opened.get(purpose);
    if (known != null) {
      return known;
    }
    RequestState s =
        sealer.open(
            parts().requestState(),
            purpose,
            exchange.principalId(),
            exchange.route().name(),
            digest(),
            nowMillis.getAsLong());
    String action = parts().actions().getOrDefault(purpose, "");
    if (!"accept".equals(action)) {
      throw new GatewayException(
          GatewayErrors.INPUT_DECLINED,
          "the "
              + purpose
              + " page was not opened: the elicitation was answered '"
              + action
              + "' (expected: accept)");
    }
    opened.put(purpose, s);
    return s;
  }

  /** Seals what the retry of this request gets back for {@code ask}. */
  public String seal(InputRequest ask) {
    return sealer.seal(
        new RequestState(
            ask.purpose(),
            exchange.principalId(),
            exchange.route().name(),
            digest(),
            ask.expiresAt().toEpochMilli(),
            "",
            ask.payload()));
  }

  private byte[] digest() {
    if (digest == null) {
      digest = RequestDigest.of(exchange.body());
    }
    return digest;
  }

  private RetryParts parts() {
    if (parts == null) {
      parts = RetryParts.read(exchange.body());
    }
    return parts;
  }
}
