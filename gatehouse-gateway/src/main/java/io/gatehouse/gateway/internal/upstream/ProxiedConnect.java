package io.gatehouse.gateway.internal.upstream;

import io.gatehouse.gateway.UpstreamProxy;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * Opens a connection to an origin through its HTTP proxy. The target's name is first resolved
 * through the egress rules without connecting to it (a name that resolves to a refused address is
 * refused, {@code EGRESS_FORBIDDEN}, before anything is sent); the proxy's own address is resolved
 * and checked the same way. The channel then connects to the proxy and asks it to {@code CONNECT}
 * to the <em>unresolved</em> target, so the proxy resolves the name again: an answer that changed
 * between the two lookups is checked on Gatehouse's answer only. Everything is asynchronous, on the
 * caller's loop.
 */
final class ProxiedConnect {
  private ProxiedConnect() {}

  /**
   * @param bootstrap a bootstrap whose pipeline starts with an {@link HttpProxyHandler} to the
   *     given (resolved) proxy address
   */
  static Future<Channel> open(
      EventLoop loop,
      Origin origin,
      AddressResolver<InetSocketAddress> names,
      Function<InetSocketAddress, Bootstrap> bootstrap) {
    Promise<Channel> opened = loop.newPromise();
    UpstreamProxy proxy = origin.proxy();
    InetSocketAddress target = InetSocketAddress.createUnresolved(origin.host(), origin.port());
    names
        .resolve(target)
        .addListener(
            checked -> {
              if (!checked.isSuccess()) {
                opened.tryFailure(checked.cause());
                return;
              }
              names
                  .resolve(InetSocketAddress.createUnresolved(proxy.host(), proxy.port()))
                  .addListener(
                      (Future<InetSocketAddress> at) -> {
                        if (!at.isSuccess()) {
                          opened.tryFailure(at.cause());
                        } else {
                          tunnel(bootstrap.apply(at.getNow()).connect(target), opened);
                        }
                      });
            });
    return opened;
  }

  /** Completes {@code opened} once the proxy has answered the {@code CONNECT}. */
  private static void tunnel(ChannelFuture connected, Promise<Channel> opened) {
    connected.addListener(
        f -> {
          if (!f.isSuccess()) {
            opened.tryFailure(f.cause());
            return;
          }
          Channel ch = connected.channel();
          ch.pipeline()
              .get(HttpProxyHandler.class)
              .connectFuture()
              .addListener(
                  t -> {
                    if (t.isSuccess()) {
                      opened.trySuccess(ch);
                    } else {
                      ch.close();
                      opened.tryFailure(t.cause());
                    }
                  });
        });
  }
}
