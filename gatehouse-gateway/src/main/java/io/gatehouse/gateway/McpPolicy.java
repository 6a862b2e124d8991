package io.gatehouse.gateway;

import io.gatehouse.protocol.JsonRpcMessage;

/**
 * One policy of the data plane. Each hook has a default that does nothing, and a policy overrides
 * those it needs; the gateway runs the policies in {@link Phase#ORDER} (responses in reverse), on
 * the I/O thread of the caller's connection, so a hook must not block: work that blocks is returned
 * as {@link Verdict#blocking}. A hook that throws refuses the exchange with {@code INTERNAL_ERROR},
 * logged with the status the caller saw.
 *
 * <p>Hooks see no I/O types: what the gateway runs on underneath can change without touching a
 * policy.
 */
public interface McpPolicy {

  /**
   * Every HTTP request to an MCP endpoint (POST, GET stream, DELETE, legacy /sse and /messages).
   */
  default Verdict onRequest(McpExchange exchange) {
    return Verdict.PROCEED;
  }

  /** Each message a client sends, after {@link #onRequest}; {@code exchange.message()} is set. */
  default Verdict onMessage(McpExchange exchange) {
    return Verdict.PROCEED;
  }

  /**
   * Each request the exchange makes upstream (including tool discovery and stream GETs): set
   * headers, query.
   */
  default void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {}

  /**
   * The upstream answered HTTP 401 to a POST this policy set a credential on: returns true once the
   * policy has renewed that credential (fetched a new token), so the gateway sends the request once
   * more, or false to let the 401 through. Runs off the I/O thread, so it may block. A POST refused
   * with 401 was not acted on, so sending it again is safe even for {@code tools/call}.
   */
  default boolean renewCredential(McpExchange exchange) {
    return false;
  }

  /**
   * Whether {@link #onResponse} wants what comes back for this exchange. Reading an answer costs a
   * scan of its bytes, so a policy that looks only at some answers (say, those of {@code
   * tools/list}) says so here, and the others are relayed untouched.
   */
  default boolean readsResponses(McpExchange exchange) {
    return true;
  }

  /**
   * Each message relayed back to the client, whether the answer or an event of a stream, for an
   * exchange {@link #readsResponses} accepted; returns the bytes to send in its place ({@code body}
   * itself to pass it on unchanged).
   */
  default byte[] onResponse(McpExchange exchange, JsonRpcMessage message, byte[] body) {
    return body;
  }

  /**
   * Once the exchange has ended, with what the caller saw; runs for every exchange, refused ones
   * too.
   */
  default void onComplete(McpExchange exchange, McpOutcome outcome) {}
}
