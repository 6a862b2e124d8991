package io.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Ports on the loopback interface for tests that start a program needing a fixed port (nginx,
 * tinyproxy, redis-server) or that need an address where nothing listens.
 */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A port the kernel just gave out on 127.0.0.1 and took back: free now, so a program told to
   * listen on it will most likely get it (callers that can, retry on a bind failure).
   */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port} (within 200 ms). */
  public static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
