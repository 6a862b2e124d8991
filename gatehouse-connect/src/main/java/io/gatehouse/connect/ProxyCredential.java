package io.gatehouse.connect;

import io.gatehouse.gateway.UpstreamProxy;
import java.net.Authenticator;
import java.net.PasswordAuthentication;

/**
 * Answers a proxy's 407 with the connection's proxy credential (Basic), to that proxy only; never
 * to the upstream. The JDK client uses it for plain http as it is; to open an https tunnel it does
 * so only when the JVM runs with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (Basic is
 * disabled for tunnels by default), which Gatehouse does not change for the whole process.
 */
final class ProxyCredential extends Authenticator {
  private final UpstreamProxy proxy;

  ProxyCredential(UpstreamProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if (getRequestorType() != RequestorType.PROXY || getRequestingPort() != proxy.port()) {
      return null;
    }
    return new PasswordAuthentication(proxy.user(), proxy.password().toCharArray());
  }
}
