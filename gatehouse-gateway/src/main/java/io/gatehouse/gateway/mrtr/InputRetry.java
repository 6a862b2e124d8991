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
 */
public final class InputRetry {
  /** Where the gateway puts it on an exchange. */
  public static final AttributeKey<InputRetry> KEY =
      AttributeKey.of("gatehouse.input-retry", InputRetry.class);

  private final McpExchange exchange;
  private final RequestStateSealer sealer;
  private final LongSupplier nowMillis;
  private final Map<String, RequestState> opened = new HashMap<>();
  private RetryParts parts;
  private byte[] digest;

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
