package io.gatehouse.gateway.internal.upstream;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.GatewayException;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves upstream hosts through the {@link Egress} rules, so a connection is refused with {@code
 * EGRESS_FORBIDDEN} before its first packet when the name (or literal) points at a refused address.
 * Like Netty's default resolver it looks names up on the calling loop; the connection it resolves
 * for is kept alive and pooled, so a lookup is rare.
 */
final class EgressResolver extends AddressResolverGroup<InetSocketAddress> {
  private final Egress egress;

  EgressResolver(Egress egress) {
    this.egress = egress;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetSocketAddressResolver(executor, new Names(executor, egress));
  }

  private static final class Names extends InetNameResolver {
    private final Egress egress;

    Names(EventExecutor executor, Egress egress) {
      super(executor);
      this.egress = egress;
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      try {
        promise.setSuccess(egress.resolve(host).getFirst());
      } catch (GatehouseException | UnknownHostException e) {
        promise.setFailure(failure(e));
      }
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      try {
        promise.setSuccess(egress.resolve(host));
      } catch (GatehouseException | UnknownHostException e) {
        promise.setFailure(failure(e));
      }
    }

    private static Throwable failure(Exception e) {
      return e instanceof GatehouseException g && !(g instanceof GatewayException)
          ? new GatewayException(g.error(), g.getMessage())
          : e;
    }
  }
}
