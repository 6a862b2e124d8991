package io.gatehouse.catalog.internal.serve;

/**
 * Tool discovery failed. {@link #code} is the stable key recorded on the deployment: the gateway's
 * own key when it answered with one (such as {@code UPSTREAM_UNAVAILABLE}), else {@code
 * DISCOVERY_FAILED}.
 */
final class DiscoveryFailure extends Exception {
  static final String DISCOVERY_FAILED = "DISCOVERY_FAILED";
  private final String code;

  DiscoveryFailure(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
