package io.gatehouse.agent.model;

import io.gatehouse.core.ErrorKey;

/**
 * The error keys of model providers: what a model turn fails with ({@link ModelFailure}) and what
 * the models admin API refuses with. None of their messages ever carries a provider's key.
 */
public final class ModelErrors {
  private ModelErrors() {}

  public static final ErrorKey MODEL_UNAVAILABLE =
      ErrorKey.of(
          "MODEL_UNAVAILABLE",
          502,
          -32603,
          "The model provider could not be reached, or kept failing (5xx, 429) through its retries:"
              + " check its baseUrl and status, or raise its retries.");
  public static final ErrorKey MODEL_REFUSED =
      ErrorKey.of(
          "MODEL_REFUSED",
          502,
          -32603,
          "The model provider refused the call; its own message is quoted. A 401 or 403 means the"
              + " provider's apiKey is wrong or lacks access.");
  public static final ErrorKey MODEL_RATE_LIMITED =
      ErrorKey.of(
          "MODEL_RATE_LIMITED",
          429,
          -32603,
          "The model provider kept answering 429 through its retries: wait, lower the load, or ask"
              + " the provider for a higher limit.");
  public static final ErrorKey MODEL_NOT_FOUND =
      ErrorKey.of(
          "MODEL_NOT_FOUND",
          400,
          -32602,
          "Name a model a provider serves (GET /admin/v1/models lists them), or add it to a"
              + " provider's models.");
  public static final ErrorKey MODEL_TIMEOUT =
      ErrorKey.of(
          "MODEL_TIMEOUT",
          504,
          -32603,
          "The model provider did not answer within the provider's timeout: raise it, or ask for"
              + " fewer output tokens.");
  public static final ErrorKey MODEL_BAD_ANSWER =
      ErrorKey.of(
          "MODEL_BAD_ANSWER",
          502,
          -32603,
          "The model provider answered something that is not a Chat Completions response: check"
              + " that its baseUrl is an OpenAI-compatible API (ending in /v1 for most).");
  public static final ErrorKey MODEL_KEY_UNAVAILABLE =
      ErrorKey.of(
          "MODEL_KEY_UNAVAILABLE",
          503,
          -32603,
          "The provider's API key could not be read: set the vault secret its apiKey names (project"
              + " default), or check that the vault has its master key.");
  public static final ErrorKey INVALID_MODEL_PROVIDER =
      ErrorKey.of(
          "INVALID_MODEL_PROVIDER",
          400,
          -32602,
          "A provider has a name, an http(s) baseUrl, models (names or globs), and optionally"
              + " apiKey ({\"secret\": NAME} or {\"value\": ...}), timeout and retries; see"
              + " docs/models.md.");
  public static final ErrorKey MODEL_PROVIDER_NOT_FOUND =
      ErrorKey.of(
          "MODEL_PROVIDER_NOT_FOUND", 404, -32602, "GET /admin/v1/models lists the providers.");
  public static final ErrorKey MODEL_PROVIDER_EXISTS =
      ErrorKey.of(
          "MODEL_PROVIDER_EXISTS",
          409,
          -32602,
          "Pick another name, or change the existing provider with PUT /admin/v1/models/{name}.");
  public static final ErrorKey MODEL_PROVIDER_MANAGED_BY_CONFIG =
      ErrorKey.of(
          "MODEL_PROVIDER_MANAGED_BY_CONFIG",
          409,
          -32602,
          "This provider comes from the configuration file (models.providers): change it there and"
              + " reload.");
}
