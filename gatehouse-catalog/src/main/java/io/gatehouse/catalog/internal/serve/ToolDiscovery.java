package io.gatehouse.catalog.internal.serve;

import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.ToolLister;
import io.gatehouse.catalog.Tools;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.Fields;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.catalog.internal.Shapes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Discovers deployments' tools in the background, through the gateway's own route, and stores each
 * snapshot. A deployment is claimed (pending → discovering) before the work starts, so of several
 * replicas only one discovers it; a failure is recorded on the deployment with its key, never
 * dropped.
 */
public final class ToolDiscovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ToolDiscovery.class);

  private final CatalogContext ctx;
  private final Supplier<URI> gatewayUrl;
  private final Tools tools;
  private final ToolLister lister;
  private final Map<String, String> headers;
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("gatehouse-discovery-", 0).factory());

  /**
   * @param headers sent with discovery's requests, so that a guarded route admits them
   */
  public ToolDiscovery(
      CatalogContext ctx,
      Supplier<URI> gatewayUrl,
      ToolLister lister,
      Map<String, String> headers,
      Tools tools) {
    this.ctx = ctx;
    this.lister = lister;
    this.headers = Map.copyOf(headers);
    this.gatewayUrl = gatewayUrl;
    this.tools = tools;
  }

  /** Discovers the deployment's tools if it is pending and nobody claimed it yet. */
  public void discover(String deploymentId) {
    try {
      workers.submit(() -> run(deploymentId));
    } catch (RejectedExecutionException closing) {
      // shutting down: the deployment stays pending and is discovered at the next start
    }
  }

  /**
   * Discovers every pending deployment (after a start, or after another replica or the CLI changed
   * the catalog).
   */
  public void discoverPending() {
    try {
      ctx.db().read(DeploymentRows::pending).forEach(this::discover);
    } catch (RuntimeException e) {
      log.warn("listing deployments awaiting discovery failed: {}", e.toString());
    }
  }

  private void run(String id) {
    if (!ctx.db().write(tx -> DeploymentRows.claim(tx, id, ctx.now()))) {
      return;
    }
    Deployment d = ctx.db().read(tx -> DeploymentRows.find(tx, id)).orElse(null);
    if (d == null) {
      return;
    }
    URI endpoint =
        URI.create(gatewayUrl.get().toString().replaceAll("/+$", "") + "/mcp/" + d.route());
    try {
      List<Tool> found = tools(lister.list(endpoint, headers));
      tools.replace(id, found);
      log.info(
          "catalog: deployment {} ({} in {}) lists {} tools",
          id,
          d.version(),
          d.environment(),
          found.size());
    } catch (ToolLister.Failure e) {
      fail(d, e.key(), e.getMessage());
    } catch (DiscoveryFailure e) {
      fail(d, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("catalog: discovering the tools of deployment {} failed", id, e);
      fail(
          d,
          DiscoveryFailure.DISCOVERY_FAILED,
          "discovery failed unexpectedly; the server log has the details");
    }
  }

  /** The listed tools as the catalog keeps them; one that does not read fails the discovery. */
  private static List<Tool> tools(List<JsonNode> listed) throws DiscoveryFailure {
    ArrayNode all = Jsons.MAPPER.createArrayNode();
    listed.forEach(all::add);
    Fields f = Fields.of(Jsons.MAPPER.createObjectNode().set("tools", all), "");
    List<Tool> tools = f.objects("tools").stream().map(Shapes::tool).toList();
    if (!f.problems().isEmpty()) {
      throw new DiscoveryFailure(
          "UPSTREAM_PROTOCOL_ERROR",
          "tools/list returned an invalid tool: " + f.problems().getFirst().message());
    }
    return tools;
  }

  private void fail(Deployment d, String code, String message) {
    log.warn(
        "catalog: deployment {} ({} in {}): tool discovery failed: {} {}",
        d.id(),
        d.version(),
        d.environment(),
        code,
        message);
    try {
      ctx.db()
          .write(
              tx -> {
                DeploymentRows.status(
                    tx, d.id(), DeploymentStatus.FAILED, code, message, ctx.now());
                return null;
              });
    } catch (RuntimeException e) {
      log.error("catalog: recording the discovery failure of deployment {} failed", d.id(), e);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
