package io.gatehouse.server;

import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RoutingTable;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sessions of every route that names a connection that its tools changed: {@code
 * notifications/tools/list_changed} (MCP 2025-11-25, server/tools, "List Changed Notification") on
 * each server-to-client stream open on this replica. Sessions held by other replicas learn at their
 * next {@code tools/list}.
 */
final class ToolsChangedNotice {
  private static final Logger log = LoggerFactory.getLogger(ToolsChangedNotice.class);
  private static final byte[] LIST_CHANGED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final Gateway gateway;
  private final RoutingTable routes;
  private final ConnectionBinding binding;

  private final java.util.function.Consumer<String> alsoTell;

  /**
   * @param alsoTell told each route whose tools changed (the agent runtime's list caches)
   */
  ToolsChangedNotice(
      Gateway gateway,
      RoutingTable routes,
      ConnectionBinding binding,
      java.util.function.Consumer<String> alsoTell) {
    this.alsoTell = alsoTell;
    this.gateway = gateway;
    this.routes = routes;
    this.binding = binding;
  }

  /** The tools of connection {@code name} in {@code project} changed. */
  void send(String project, String name) {
    int told = 0;
    for (String route : binding.routesNaming(routes, project, name)) {
      told += gateway.notifySessions(route, LIST_CHANGED);
      alsoTell.accept(route);
    }
    log.info(
        "connections: tools of {}/{} changed; told {} open stream(s) here", project, name, told);
  }
}
