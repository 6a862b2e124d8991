package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.mrtr.InputRequest;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * What a policy decides about a request or a message: let it through, refuse it with an error key,
 * or decide after work that blocks (a store lookup, a JWKS fetch), which then runs on a virtual
 * thread while the I/O thread serves others, or once an asynchronous reply arrives (a Redis round
 * trip).
 */
public sealed interface Verdict {
  Verdict PROCEED = new Proceed();

  /**
   * Refuses with {@code key}; {@code message} reaches the caller, so it names values, never
   * secrets.
   */
  static Verdict refuse(ErrorKey key, String message) {
    return new Refuse(key, message, Map.of());
  }

  /**
   * Refuses with extra response headers, such as {@code WWW-Authenticate} or {@code Retry-After}.
   */
  static Verdict refuse(ErrorKey key, String message, Map<String, String> headers) {
    return new Refuse(key, message, headers);
  }

  /**
   * Refuses a message with the key's HTTP status on the request that carried it, rather than a
   * JSON-RPC error answer with 200: for refusals a client acts on at the HTTP level, such as a
   * scope step-up ({@code 403} with {@code WWW-Authenticate: Bearer error="insufficient_scope"}). A
   * legacy SSE caller, whose answers travel on its stream, still gets the JSON-RPC error there.
   */
  static Verdict refuseHttp(ErrorKey key, String message, Map<String, String> headers) {
    return new Refuse(key, message, headers, true);
  }

  /**
   * Refuses a message with a JSON-RPC error whose {@code error.data} carries more than the key and
   * hint: {@code data} maps member names to JSON text (such as the {@code elicitations} of the URL
   * elicitation error {@code -32042}, which MCP clients show to their user).
   */
  static Verdict refuseWithData(ErrorKey key, String message, Map<String, String> data) {
    return new Refuse(key, message, Map.of(), false, data);
  }

  /** Decides by running {@code work} off the I/O thread; it returns the verdict. */
  static Verdict blocking(Callable<Verdict> work) {
    return new Blocking(work);
  }

  /**
   * Decides when {@code stage} completes (a reply from Redis, say) without holding a thread while
   * it waits; the pipeline goes on on the exchange's event loop. A stage that fails refuses with
   * {@code INTERNAL_ERROR}, as a hook that throws does; one that completes with another {@code
   * Blocking} or {@code Async} verdict does too.
   */
  static Verdict async(CompletionStage<Verdict> stage) {
    return new Async(stage);
  }

  /**
   * The policy took the message itself and nothing is relayed: for a client's answer to a request
   * the gateway sent on its own (see {@link McpExchange#sendToCaller}), which the upstream never
   * asked. A notification or response is answered 202; a request, which would be left unanswered,
   * is refused {@code INTERNAL_ERROR}.
   */
  Verdict HANDLED = new Handled();

  record Proceed() implements Verdict {}

  record Handled() implements Verdict {}

  /**
   * @param httpLevel whether a message's refusal answers with the key's HTTP status ({@link
   *     #refuseHttp})
   * @param data members added to the JSON-RPC error's {@code data}, as JSON text ({@link
   *     #refuseWithData})
   * @param ask what a 2026-07-28 caller that takes URL elicitation is asked instead of being
   *     refused, or null ({@link #withInput})
   */
  record Refuse(
      ErrorKey key,
      String message,
      Map<String, String> headers,
      boolean httpLevel,
      Map<String, String> data,
      InputRequest ask)
      implements Verdict {
    public Refuse {
      requireNonNull(key, "key");
      requireNonNull(message, "message");
      headers = Map.copyOf(headers);
      data = Map.copyOf(data);
    }

    public Refuse(
        ErrorKey key,
        String message,
        Map<String, String> headers,
        boolean httpLevel,
        Map<String, String> data) {
      this(key, message, headers, httpLevel, data, null);
    }

    public Refuse(ErrorKey key, String message, Map<String, String> headers, boolean httpLevel) {
      this(key, message, headers, httpLevel, Map.of());
    }

    public Refuse(ErrorKey key, String message, Map<String, String> headers) {
      this(key, message, headers, false);
    }

    /**
     * This refusal, with what a 2026-07-28 caller that declared URL elicitation is asked instead
     * (an {@code input_required} result, MRTR): a request that needs its user to open a page goes
     * on once they have, on the retry. Session-era callers still get the refusal.
     */
    public Refuse withInput(InputRequest input) {
      return new Refuse(key, message, headers, httpLevel, data, requireNonNull(input, "input"));
    }
  }

  record Blocking(Callable<Verdict> work) implements Verdict {
    public Blocking {
      requireNonNull(work, "work");
    }
  }

  record Async(CompletionStage<Verdict> stage) implements Verdict {
    public Async {
      requireNonNull(stage, "stage");
    }
  }
}
