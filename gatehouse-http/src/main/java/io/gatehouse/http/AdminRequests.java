package io.gatehouse.http;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;

/** What every part of the admin API asks of a request: who sends it, and with which method. */
public final class AdminRequests {
  private AdminRequests() {}

  /**
   * The caller, from {@link HttpRequest#credential}: 401 {@code UNAUTHENTICATED} when there is no
   * credential or {@code operators} does not know it.
   */
  public static Operator operator(HttpRequest request, Operators operators) {
    String credential = request.credential();
    Operator op = credential == null ? null : operators.resolve(credential);
    if (op == null) {
      throw new GatehouseException(
          Errors.UNAUTHENTICATED,
          (credential == null ? "no" : "a wrong")
              + " credential: send the admin token or an API key as Authorization: Bearer");
    }
    return op;
  }

  /** The request's method if it is one of {@code allowed}; else 405 {@code METHOD_NOT_ALLOWED}. */
  public static String method(HttpRequest r, String... allowed) {
    for (String m : allowed) {
      if (m.equals(r.method())) {
        return m;
      }
    }
    throw new GatehouseException(
        Errors.METHOD_NOT_ALLOWED,
        r.method()
            + " is not allowed on "
            + r.path()
            + " (expected: "
            + String.join(" or ", allowed)
            + ")");
  }
}
