package io.gatehouse.connect.consent;

import io.gatehouse.core.ErrorKey;

/** The error keys of per-user consent. */
public final class ConsentErrors {
  private ConsentErrors() {}

  /** The URL elicitation error of MCP 2025-11-25: the client shows the link to its user. */
  public static final int URL_ELICITATION_REQUIRED = -32042;

  public static final ErrorKey CONSENT_REQUIRED =
      ErrorKey.of(
          "CONSENT_REQUIRED",
          403,
          URL_ELICITATION_REQUIRED,
          "Open the link in error.data.elicitations[0].url, sign in and allow access; then try"
              + " again.");
  public static final ErrorKey CONSENT_REFRESH_FAILED =
      ErrorKey.of(
          "CONSENT_REFRESH_FAILED",
          502,
          -31037,
          "The authorization server did not renew your token: check the connection's refreshUrl"
              + " and that the server is up; if it persists, revoke your consent (DELETE"
              + " /admin/v1/me/consents/...) and consent again.");
  public static final ErrorKey CONSENT_DECLINED =
      ErrorKey.of(
          "CONSENT_DECLINED",
          400,
          -32602,
          "Access was not granted at the authorization server: the next call offers the link"
              + " again.");
  public static final ErrorKey CONSENT_NOT_FOUND =
      ErrorKey.of(
          "CONSENT_NOT_FOUND",
          404,
          -32602,
          "The consent link is unknown, expired or already used: call the tool again for a new"
              + " one.");
  public static final ErrorKey CONSENT_WRONG_USER =
      ErrorKey.of(
          "CONSENT_WRONG_USER",
          403,
          -32602,
          "This consent link was issued to another user: only the user who got it may use it.");
  public static final ErrorKey CONSENT_WRONG_BROWSER =
      ErrorKey.of(
          "CONSENT_WRONG_BROWSER",
          403,
          -32602,
          "A consent is finished in the browser that started it: open your consent link again"
              + " in the browser you sign in with.");
  public static final ErrorKey USER_IDENTITY_REQUIRED =
      ErrorKey.of(
          "USER_IDENTITY_REQUIRED",
          401,
          -32001,
          "A per-user connection sends each caller's own token, so the route must authenticate"
              + " its callers: give it auth: [api-key] or [jwt].");
}
