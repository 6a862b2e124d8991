package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.ErrorKey;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What a policy decides about a request or a message: let it through, refuse it with an error key,
 * or decide after work that blocks (a store lookup, a JWKS fetch, a Redis round trip), which then
 * runs on a virtual thread while the I/O thread serves others.
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

  /** Decides by running {@code work} off the I/O thread; it returns the verdict. */
  static Verdict blocking(Callable<Verdict> work) {
    return new Blocking(work);
  }

  record Proceed() implements Verdict {}

  record Refuse(ErrorKey key, String message, Map<String, String> headers) implements Verdict {
    public Refuse {
      requireNonNull(key, "key");
      requireNonNull(message, "message");
      headers = Map.copyOf(headers);
    }
  }

  record Blocking(Callable<Verdict> work) implements Verdict {
    public Blocking {
      requireNonNull(work, "work");
    }
  }
}
