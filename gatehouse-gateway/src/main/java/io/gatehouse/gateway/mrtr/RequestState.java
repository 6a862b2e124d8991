package io.gatehouse.gateway.mrtr;

import static java.util.Objects.requireNonNull;

/**
 * What a sealed {@code requestState} says (MCP 2026-07-28 multi round-trip requests). The client
 * only echoes it; {@link RequestStateSealer} authenticates every field and encrypts the whole, so a
 * state opens only for the caller, route, request and purpose it was made for.
 *
 * @param purpose what the state continues ({@code bridge}, {@code consent}, {@code approval}...): a
 *     state of one purpose never opens as another
 * @param principal the caller's principal id, {@code ""} for an anonymous caller
 * @param route the route's name
 * @param requestDigest {@link RequestDigest#of} the original request
 * @param expiresAtMillis when it stops opening, in epoch milliseconds
 * @param replica the id of the replica holding the request's upstream half, {@code ""} when none
 * @param payload text of the purpose's own: a pending call's id, an approval's id...
 */
public record RequestState(
    String purpose,
    String principal,
    String route,
    byte[] requestDigest,
    long expiresAtMillis,
    String replica,
    String payload) {

  public RequestState {
    requireNonNull(purpose, "purpose");
    requireNonNull(principal, "principal");
    requireNonNull(route, "route");
    requireNonNull(requestDigest, "requestDigest");
    requireNonNull(replica, "replica");
    requireNonNull(payload, "payload");
    requestDigest = requestDigest.clone();
  }

  @Override
  public byte[] requestDigest() {
    return requestDigest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestState s
        && purpose.equals(s.purpose)
        && principal.equals(s.principal)
        && route.equals(s.route)
        && java.util.Arrays.equals(requestDigest, s.requestDigest)
        && expiresAtMillis == s.expiresAtMillis
        && replica.equals(s.replica)
        && payload.equals(s.payload);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        purpose,
        principal,
        route,
        java.util.Arrays.hashCode(requestDigest),
        expiresAtMillis,
        replica,
        payload);
  }

  @Override
  public String toString() {
    // The payload may be an upstream's own state: it stays out of logs and exceptions.
    return "RequestState[" + purpose + " for " + principal + " on " + route + "]";
  }
}
