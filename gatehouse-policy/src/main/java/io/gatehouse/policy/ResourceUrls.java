package io.gatehouse.policy;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The public URLs of routes as resources (RFC 9728): {@code <public-url>/mcp/<route>}, and where
 * each one's Protected Resource Metadata is served. The public URL may only be known once the
 * server listens (port 0), so it is read when needed.
 */
public final class ResourceUrls {
  private volatile Supplier<URI> base;

  public ResourceUrls(Supplier<URI> base) {
    this.base = base;
  }

  /** Points these URLs at {@code base}, once the server knows its public URL. */
  public void bind(Supplier<URI> base) {
    this.base = base;
  }

  /** The public URL itself, without a trailing slash: the audience of the server's own APIs. */
  public String root() {
    String b = base.get().toString();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /** The route's resource identifier: the URL MCP clients connect to. */
  public String resource(String route) {
    return root() + "/mcp/" + route;
  }

  /** Where the route's Protected Resource Metadata is. */
  public String metadata(String route) {
    return root() + "/.well-known/oauth-protected-resource/mcp/" + route;
  }
}
