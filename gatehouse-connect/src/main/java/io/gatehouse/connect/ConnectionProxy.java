package io.gatehouse.connect;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * The HTTP proxy every connection Gatehouse makes for one connection goes through.
 *
 * @param url {@code http://HOST:PORT}
 * @param credential the vault secret holding {@code user:password} for {@code Proxy-Authorization:
 *     Basic}, or null when the proxy needs none
 */
public record ConnectionProxy(URI url, String credential) {
  public ConnectionProxy {
    requireNonNull(url, "url");
  }
}
