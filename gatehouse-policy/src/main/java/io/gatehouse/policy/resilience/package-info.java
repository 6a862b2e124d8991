/**
 * Resilience per upstream ({@code resilience} of a route's policy set): a circuit breaker that
 * fails calls fast while the upstream is down, and a bulkhead that bounds the calls in flight to
 * it. The gateway never retries a {@code tools/call}.
 */
package io.gatehouse.policy.resilience;
