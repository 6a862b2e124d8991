package io.gatehouse.protocol;

/** MCP method names the gateway treats specially. */
public final class McpMethods {
  public static final String INITIALIZE = "initialize";
  public static final String INITIALIZED = "notifications/initialized";
  public static final String PING = "ping";
  public static final String TOOLS_CALL = "tools/call";
  public static final String TOOLS_LIST = "tools/list";
  public static final String CANCELLED = "notifications/cancelled";
  public static final String PROGRESS = "notifications/progress";
  public static final String SERVER_DISCOVER = "server/discover";
  public static final String SUBSCRIPTIONS_LISTEN = "subscriptions/listen";
  public static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
  public static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";

  private McpMethods() {}
}
