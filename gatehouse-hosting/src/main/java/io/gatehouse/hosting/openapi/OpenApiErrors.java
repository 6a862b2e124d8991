package io.gatehouse.hosting.openapi;

import io.gatehouse.core.ErrorKey;

/** The error keys of OpenAPI hosting. */
public final class OpenApiErrors {
  /** The OpenAPI document cannot be read, parsed or used. */
  public static final ErrorKey SPEC_INVALID =
      ErrorKey.of(
          "OPENAPI_SPEC_INVALID",
          400,
          -32602,
          "Check upstream.spec: a readable OpenAPI 3.0 or 3.1 document (JSON or YAML, a file path or"
              + " an http(s) URL) whose $refs point inside the document.");

  private OpenApiErrors() {}
}
