package io.gatehouse.gateway.mrtr;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a policy asks a 2026-07-28 caller to do before its request can go on: open a page (a
 * URL-mode elicitation, such as a consent link or an approval page). A 2026-07-28 client that
 * declared URL elicitation gets it as an {@code input_required} result whose sealed {@code
 * requestState} carries {@code purpose} and {@code payload} to the retry (MRTR, SEP-2322); the
 * session era, which has server-to-client requests, gets the refusal the policy gave with it
 * instead.
 *
 * @param purpose what the retry continues ({@code consent}, {@code approval}): the state opens only
 *     for it, and it names the entry in {@code inputRequests} ({@link #key})
 * @param url the page the user opens
 * @param message what the client shows its user, naming why
 * @param elicitationId the elicitation's id (2025-11-25 clients and SDKs still require one)
 * @param payload the purpose's own text the retry gets back (an approval id...)
 * @param expiresAt after this the retry's state no longer opens
 */
public record InputRequest(
    String purpose,
    String url,
    String message,
    String elicitationId,
    String payload,
    Instant expiresAt) {
  /** The prefix of the {@code inputRequests} keys Gatehouse itself asks under. */
  public static final String KEY_PREFIX = "gatehouse.";

  public InputRequest {
    requireNonNull(purpose, "purpose");
    requireNonNull(url, "url");
    requireNonNull(message, "message");
    requireNonNull(elicitationId, "elicitationId");
    requireNonNull(payload, "payload");
    requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * The key of this request in {@code inputRequests}, and of its answer in {@code inputResponses}.
   */
  public String key() {
    return key(purpose);
  }

  /** The {@code inputRequests} key of {@code purpose}. */
  public static String key(String purpose) {
    return KEY_PREFIX + purpose;
  }
}
