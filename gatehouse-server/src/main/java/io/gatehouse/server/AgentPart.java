package io.gatehouse.server;

import io.gatehouse.agent.approve.ApprovalStore;
import io.gatehouse.agent.define.AgentSync;
import io.gatehouse.agent.define.Agents;
import io.gatehouse.agent.http.AgentsAdminApi;
import io.gatehouse.agent.http.ModelsAdminApi;
import io.gatehouse.agent.http.ResponsesEndpoint;
import io.gatehouse.agent.model.ModelProviders;
import io.gatehouse.agent.model.StoredModelUsage;
import io.gatehouse.agent.run.Responses;
import io.gatehouse.agent.run.RunSettings;
import io.gatehouse.agent.run.SqlResponseStore;
import io.gatehouse.agent.tools.AgentCallPolicy;
import io.gatehouse.agent.tools.AgentCallSeal;
import io.gatehouse.agent.tools.AgentRoutes;
import io.gatehouse.agent.tools.ToolGateway;
import io.gatehouse.agent.tools.ToolRevisions;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.HttpService;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import io.gatehouse.vault.Vault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime in this process: the policy that lets its sealed tool calls through the gateway
 * as their user (bound when the gateway is built), the stored agents and model providers, and
 * {@code /v1/responses} once the store is open ({@code STARTING} until then).
 */
final class AgentPart implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentPart.class);

  private final AgentCallSeal seal = new AgentCallSeal();
  private final ToolRevisions revisions = new ToolRevisions();
  private final AgentCallPolicy policy = new AgentCallPolicy(seal, Clock.systemUTC());
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private final java.util.concurrent.ScheduledExecutorService purger =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("gatehouse-responses-purge").factory());
  private volatile ResponsesEndpoint endpoint;
  private volatile Agents agents;
  private volatile ModelProviders models;
  private volatile StoredModelUsage usage;

  /** The seal of calls through the gateway as a user (virtual routes use it too). */
  AgentCallSeal seal() {
    return seal;
  }

  /** The gateway-wide policy that opens the runtime's sealed calls, first in authentication. */
  AgentCallPolicy policy() {
    return policy;
  }

  /**
   * Opens the runtime on {@code db}; its tool calls go to this process's listener at {@code self}.
   */
  void open(
      Database db,
      RoutingTable routes,
      AgentRoutes.Binder binder,
      Supplier<URI> self,
      Supplier<URI> publicUrl,
      Supplier<Vault> vault,
      ApprovalStore approvals,
      GatehouseConfig config,
      Function<String, Principal> principals,
      Function<Principal, Operator> roles,
      BiPredicate<String, String> connectionExists) {
    this.agents = Agents.open(db, connectionExists, Clock.systemUTC());
    this.models = ModelProviders.open(db, vault, config.egress(), Clock.systemUTC());
    this.usage = StoredModelUsage.open(db, Clock.systemUTC());
    RunSettings settings = config.responses();
    ToolGateway tools =
        new ToolGateway(
            routes,
            new AgentRoutes(routes, binder),
            seal,
            self,
            () -> List.of(publicUrl.get(), self.get()),
            urlEgress(config.egress(), settings.privateUrls()),
            settings.toolCallTimeout().compareTo(settings.maxTime()) < 0
                ? settings.toolCallTimeout()
                : settings.maxTime(),
            settings.maxTime().plusMinutes(1),
            Clock.systemUTC());
    SqlResponseStore store = SqlResponseStore.open(db);
    purger.scheduleWithFixedDelay(
        () -> purge(store, approvals, settings.retention()),
        1,
        PURGE_EVERY.toMinutes(),
        java.util.concurrent.TimeUnit.MINUTES);
    Responses responses =
        new Responses(
            store, models, usage, tools, agents, approvals, settings, revisions, Clock.systemUTC());
    endpoint = new ResponsesEndpoint(responses, principals, roles);
  }

  /**
   * The addresses a request's {@code server_url} may name: the configured egress rules, without
   * loopback and private ranges unless {@code responses.allow-private-urls} lets them.
   */
  private static io.gatehouse.core.net.Egress urlEgress(
      io.gatehouse.core.net.Egress egress, boolean privateUrls) {
    return new io.gatehouse.core.net.Egress(
        egress.allow(),
        egress.deny(),
        privateUrls && egress.loopback(),
        privateUrls && egress.privateRanges(),
        egress.resolver());
  }

  /**
   * Deletes the stored responses past their retention, and the approvals that expired longer than
   * that ago; a failure waits for the next round.
   */
  private static void purge(SqlResponseStore store, ApprovalStore approvals, Duration retention) {
    try {
      java.time.Instant now = java.time.Instant.now();
      int n = store.purge(now);
      int a =
          approvals instanceof io.gatehouse.agent.approve.Approvals stored
              ? stored.purge(now.minus(retention))
              : 0;
      if (n + a > 0) {
        log.info("responses: deleted {} response(s) and {} approval(s) past their retention", n, a);
      }
    } catch (RuntimeException e) {
      log.warn("responses: purging expired responses failed: {}", e.toString());
    }
  }

  /** The admin APIs of agents and model providers (and model usage). */
  List<CatalogPart.OwnedApi> adminApis(Operators operators, Predicate<String> projectExists) {
    AgentsAdminApi agentsApi = new AgentsAdminApi(agents, operators, projectExists);
    ModelsAdminApi modelsApi = new ModelsAdminApi(models, usage, operators, Clock.systemUTC());
    return List.of(
        new CatalogPart.OwnedApi(modelsApi::owns, modelsApi),
        new CatalogPart.OwnedApi(agentsApi::owns, agentsApi));
  }

  /** The tools of {@code route} changed: response chains that listed them list them again. */
  void toolsChanged(String route) {
    revisions.bump(route);
  }

  /** The tools of a connection changed: so did those of the runtime's route to it. */
  void connectionToolsChanged(String project, String name) {
    revisions.bump(AgentRoutes.connectionRoute(project, name));
  }

  /** The stored agents, once {@link #open} has run. */
  Agents agents() {
    return agents;
  }

  /**
   * Makes the model providers and agents the configuration file defines match it (at start and on
   * every reload, after its connections): logs what changed and what could not be applied.
   */
  void apply(GatehouseConfig config) {
    Agents a = agents;
    if (a == null) {
      return;
    }
    models.syncConfig(config.models().bodies());
    AgentSync.Report r = AgentSync.apply(a, config.agents());
    log.info("config: {}", r.summary());
  }

  /** The service to mount at {@code /v1/}: {@code STARTING} until {@link #open}. */
  HttpService service() {
    return request -> {
      ResponsesEndpoint e = endpoint;
      if (e == null) {
        throw new GatehouseException(Errors.STARTING, "Gatehouse is starting");
      }
      return e.serve(request);
    };
  }

  @Override
  public void close() {
    purger.shutdownNow();
    ModelProviders m = models;
    if (m != null) {
      m.close();
    }
  }
}
