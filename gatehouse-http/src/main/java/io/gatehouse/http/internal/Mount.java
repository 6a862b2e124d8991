package io.gatehouse.http.internal;

import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpService;
import io.gatehouse.http.spi.ChannelEndpoint;

/**
 * What serves a path prefix: a blocking REST service, or an endpoint that works on the I/O thread.
 */
public sealed interface Mount {
  /**
   * {@code /v0.1/} serves {@code /v0.1/...} and {@code /v0.1}; {@code /healthz} serves that path
   * (and below it).
   */
  String prefix();

  int maxBodyBytes();

  ErrorShape errors();

  default boolean matches(String path) {
    String p = prefix();
    if (p.endsWith("/")) {
      return path.startsWith(p) || path.equals(p.substring(0, p.length() - 1));
    }
    return path.equals(p) || path.startsWith(p + "/");
  }

  record Rest(String prefix, HttpService service, ErrorShape errors, int maxBodyBytes)
      implements Mount {}

  record Native(String prefix, ChannelEndpoint endpoint) implements Mount {
    @Override
    public int maxBodyBytes() {
      return endpoint.maxBodyBytes();
    }

    @Override
    public ErrorShape errors() {
      return ErrorShape.REST;
    }
  }
}
