package io.gatehouse.interop;

import java.util.List;

/**
 * The scenarios of the era matrix ({@link EraMatrixInteropTest}), by the names {@code
 * src/test/node/era-matrix-scenarios.mjs} reports them under, in the order they run.
 */
final class EraScenarios {
  /** The negotiated protocol version is the client's era, and serverInfo names the upstream. */
  static final String CONNECTED = "connected-in-era";

  static final String TOOLS = "tools-list-and-call";
  static final String RESOURCES = "resources-list-and-read";
  static final String PROMPTS = "prompts-list-and-get";

  /** Every progress notification of a call reaches the client before its result. */
  static final String PROGRESS = "progress-before-result";

  /** The upstream asks for a form during a call; the client's elicitation handler answers it. */
  static final String ELICITATION = "elicitation-answered-by-client";

  /** The upstream asks for a completion during a call; the client's sampling handler answers. */
  static final String SAMPLING = "sampling-answered-by-client";

  /** A 256 KiB argument comes back with the same SHA-256. */
  static final String LARGE_ECHO = "echo-256-kib-byte-exact";

  /** The client subscribes to a resource and receives its notifications/resources/updated. */
  static final String SUBSCRIPTION = "resource-subscription-update";

  static final List<String> ALL =
      List.of(
          CONNECTED,
          TOOLS,
          RESOURCES,
          PROMPTS,
          PROGRESS,
          ELICITATION,
          SAMPLING,
          LARGE_ECHO,
          SUBSCRIPTION);

  private EraScenarios() {}
}
