package io.gatehouse.catalog.http;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The governed URLs the catalog advertises: {@code <public-url>/mcp/<route>}, never an upstream's
 * own URL.
 */
final class GatewayUrls {
  private final Supplier<URI> publicUrl;

  GatewayUrls(Supplier<URI> publicUrl) {
    this.publicUrl = publicUrl;
  }

  String streamable(String route) {
    return base() + "/mcp/" + route;
  }

  String sse(String route) {
    return streamable(route) + "/sse";
  }

  private String base() {
    return publicUrl.get().toString().replaceAll("/+$", "");
  }
}
