package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Problem;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The model providers, from the configuration file ({@code managedBy: config}) and the admin API
 * ({@code managedBy: api}), kept in the store; and the {@link ModelClient} that sends each call to
 * the provider serving its model. A key given as a value goes into the vault as {@link
 * ModelProvider#storedKeyName} (project {@code default}) and is never shown again.
 *
 * <p>Calls read an immutable snapshot of the providers, their clients and their keys, rebuilt after
 * each change here and at most {@link #REFRESH} after a change elsewhere (another replica, a vault
 * secret set through the vault's API).
 */
public final class ModelProviders implements ModelClient, AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ModelProviders.class);

  /** The Flyway location of the agent module's tables. */
  public static final String MIGRATIONS = "classpath:db/agent";

  /** How old a snapshot may get before a call rebuilds it from the store and the vault. */
  public static final Duration REFRESH = Duration.ofSeconds(1);

  private final Database db;
  private final Supplier<Vault> vault;
  private final Egress egress;
  private final Clock clock;
  private final HttpClient http = ChatCompletions.httpClient();
  private volatile Routing routing;

  private ModelProviders(Database db, Supplier<Vault> vault, Egress egress, Clock clock) {
    this.db = db;
    this.vault = vault;
    this.egress = egress;
    this.clock = clock;
  }

  /**
   * Runs the agent module's migrations and opens the providers.
   *
   * @param vault the vault, or a supplier of null while it is locked
   */
  public static ModelProviders open(
      Database db, Supplier<Vault> vault, Egress egress, Clock clock) {
    requireNonNull(db, "db").migrate("agent", MIGRATIONS);
    return new ModelProviders(
        db,
        requireNonNull(vault, "vault"),
        requireNonNull(egress, "egress"),
        requireNonNull(clock, "clock"));
  }

  /**
   * What is wrong with a provider's JSON (the admin API's form), each naming its field; empty when
   * nothing is. The configuration loader checks the file's providers with it.
   */
  public static List<String> problems(JsonNode body, Egress egress) {
    List<String> problems = new ArrayList<>();
    ProviderJson.parse(body, null, egress, problems);
    return problems;
  }

  /** The admin API's JSON of a provider: never its key, only where the key is. */
  public static JsonNode json(ModelProvider p) {
    return ProviderJson.json(p);
  }

  public List<ModelProvider> list() {
    return db.read(ProviderRows::all);
  }

  public Optional<ModelProvider> find(String name) {
    return db.read(tx -> ProviderRows.find(tx, name));
  }

  public ModelProvider get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new GatehouseException(
                    ModelErrors.MODEL_PROVIDER_NOT_FOUND,
                    "there is no model provider '" + name + "'"));
  }

  /** Creates a provider from its JSON, managed by the admin API. */
  public ModelProvider create(JsonNode body) {
    ProviderJson.Parsed p = parse(body, null);
    if (find(p.name()).isPresent()) {
      throw new GatehouseException(
          ModelErrors.MODEL_PROVIDER_EXISTS, "there is a model provider '" + p.name() + "'");
    }
    return write(p, null, ModelProvider.BY_API);
  }

  /**
   * Replaces a provider the admin API manages.
   *
   * @throws GatehouseException {@code MODEL_PROVIDER_MANAGED_BY_CONFIG} for one from the file
   */
  public ModelProvider replace(String name, JsonNode body) {
    ModelProvider before = get(name);
    refuseConfig(before, "changed");
    return write(parse(body, name), before, ModelProvider.BY_API);
  }

  /** Deletes a provider the admin API manages, and the key stored for it. */
  public void delete(String name) {
    ModelProvider before = get(name);
    refuseConfig(before, "deleted");
    remove(before);
  }

  /**
   * Makes the providers of the configuration file exactly {@code bodies}: each is created or
   * replaced (and managed by the file from now on), and a provider the file managed before but no
   * longer lists is deleted. Run at start and on reload; the bodies were checked by {@link
   * #problems} when the file was loaded.
   */
  public void syncConfig(List<JsonNode> bodies) {
    Set<String> named = new HashSet<>();
    for (JsonNode body : bodies) {
      ProviderJson.Parsed p = parse(body, null);
      named.add(p.name());
      write(p, find(p.name()).orElse(null), ModelProvider.BY_CONFIG);
    }
    for (ModelProvider p : list()) {
      if (p.managedBy().equals(ModelProvider.BY_CONFIG) && !named.contains(p.name())) {
        remove(p);
      }
    }
  }

  /** Drops the snapshot, so the next call reads the providers and their keys again. */
  public void refresh() {
    routing = null;
  }

  @Override
  public ModelReply complete(ModelCall call) throws ModelFailure {
    return routing().complete(requireNonNull(call, "call"));
  }

  /** The models served, each as {@code model (provider)}, in the order calls are matched. */
  public List<String> served() {
    return routing().served();
  }

  private Routing routing() {
    Routing r = routing;
    if (r == null || clock.millis() - r.builtAt() >= REFRESH.toMillis()) {
      synchronized (this) {
        r = routing;
        if (r == null || clock.millis() - r.builtAt() >= REFRESH.toMillis()) {
          r = rebuilt(r);
          routing = r;
        }
      }
    }
    return r;
  }

  /**
   * A new snapshot; while the store fails, the last one goes on serving (a provider changed
   * meanwhile is seen once the store answers again).
   */
  private Routing rebuilt(Routing last) {
    try {
      return build();
    } catch (StoreException e) {
      if (last == null) {
        throw new ModelFailure(
            Errors.STORE_UNAVAILABLE, "the model providers cannot be read: " + e.code(), e);
      }
      log.warn("model providers: the store failed ({}); serving the last snapshot", e.code());
      return new Routing(clock.millis(), last.routes());
    }
  }

  private Routing build() {
    List<Routing.Route> routes = new ArrayList<>();
    for (ModelProvider p : list()) {
      routes.add(new Routing.Route(p, client(p)));
    }
    return new Routing(clock.millis(), routes);
  }

  /** The provider's client, or one that fails naming why its key cannot be read. */
  private ModelClient client(ModelProvider p) {
    Secret key;
    String where =
        switch (p.apiKey()) {
          case ModelProvider.ApiKey.None n -> null;
          case ModelProvider.ApiKey.VaultSecret s -> s.name();
          case ModelProvider.ApiKey.Stored s -> ModelProvider.storedKeyName(p.name());
        };
    try {
      key = where == null ? null : vault(p.name()).get(Principal.DEFAULT_PROJECT, where);
    } catch (GatehouseException e) {
      String why =
          "model provider '"
              + p.name()
              + "': its API key (vault secret '"
              + where
              + "' of project default) cannot be read: "
              + e.getMessage();
      return call -> {
        throw new ModelFailure(ModelErrors.MODEL_KEY_UNAVAILABLE, why);
      };
    }
    ChatCompletions.Settings s =
        new ChatCompletions.Settings(p.name(), p.baseUrl(), key, p.timeout(), p.retries());
    return switch (p.api()) {
      case CHAT_COMPLETIONS -> new ChatCompletions(s, egress, http);
      case RESPONSES -> new ResponsesApi(s, egress, http);
    };
  }

  private ProviderJson.Parsed parse(JsonNode body, String name) {
    List<String> problems = new ArrayList<>();
    ProviderJson.Parsed p = ProviderJson.parse(body, name, egress, problems);
    if (!problems.isEmpty()) {
      throw new GatehouseException(
          ModelErrors.INVALID_MODEL_PROVIDER,
          String.join("; ", problems),
          problems.stream().map(m -> new Problem(field(m), "invalid", m)).toList());
    }
    return p;
  }

  private static String field(String problem) {
    int colon = problem.indexOf(':');
    return colon > 0 && !problem.substring(0, colon).contains(" ")
        ? problem.substring(0, colon)
        : "";
  }

  private ModelProvider write(ProviderJson.Parsed p, ModelProvider before, String managedBy) {
    boolean hadStored = before != null && before.apiKey() instanceof ModelProvider.ApiKey.Stored;
    if (p.keepStored() && !hadStored) {
      throw new GatehouseException(
          ModelErrors.INVALID_MODEL_PROVIDER,
          "apiKey: {\"stored\": true} keeps a stored key, and provider '"
              + p.name()
              + "' has none (expected: {\"value\": KEY} or {\"secret\": NAME})");
    }
    if (p.value() != null && !(hadStored && p.value().equals(storedKey(p.name())))) {
      // a new version only for a new value: the file's key is given again at every start
      vault(p.name())
          .put(Principal.DEFAULT_PROJECT, ModelProvider.storedKeyName(p.name()), p.value());
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    ModelProvider row =
        new ModelProvider(
            p.name(),
            p.baseUrl(),
            p.api(),
            p.apiKey(),
            p.models(),
            p.timeout(),
            p.retries(),
            managedBy,
            before == null ? now : before.createdAt(),
            now);
    try {
      db.write(
          tx -> {
            if (before == null) {
              ProviderRows.insert(tx, row);
            } else if (!ProviderRows.update(tx, row)) {
              throw new GatehouseException(
                  ModelErrors.MODEL_PROVIDER_NOT_FOUND,
                  "model provider '" + p.name() + "' was deleted meanwhile");
            }
            return null;
          });
    } catch (StoreException e) {
      if (StoreException.CONFLICT.equals(e.code())) {
        throw new GatehouseException(
            ModelErrors.MODEL_PROVIDER_EXISTS, "there is a model provider '" + p.name() + "'");
      }
      throw e;
    }
    if (hadStored && !(p.apiKey() instanceof ModelProvider.ApiKey.Stored)) {
      forgetStoredKey(p.name());
    }
    refresh();
    return row;
  }

  private void remove(ModelProvider p) {
    if (!db.write(tx -> ProviderRows.delete(tx, p.name()))) {
      throw new GatehouseException(
          ModelErrors.MODEL_PROVIDER_NOT_FOUND, "there is no model provider '" + p.name() + "'");
    }
    if (p.apiKey() instanceof ModelProvider.ApiKey.Stored) {
      forgetStoredKey(p.name());
    }
    refresh();
  }

  /** The key stored for {@code provider}, or null when it cannot be read. */
  private Secret storedKey(String provider) {
    try {
      return vault(provider).get(Principal.DEFAULT_PROJECT, ModelProvider.storedKeyName(provider));
    } catch (GatehouseException e) {
      return null;
    }
  }

  private void forgetStoredKey(String provider) {
    Vault v = vault.get();
    if (v == null) {
      return;
    }
    try {
      v.delete(Principal.DEFAULT_PROJECT, ModelProvider.storedKeyName(provider));
    } catch (VaultException e) {
      if (e.error() != VaultErrors.SECRET_NOT_FOUND) {
        throw e;
      }
    }
  }

  private Vault vault(String provider) {
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(
          VaultErrors.VAULT_LOCKED,
          "the vault has no master key, so it cannot keep or read model provider '"
              + provider
              + "''s API key");
    }
    return v;
  }

  private static void refuseConfig(ModelProvider p, String doing) {
    if (p.managedBy().equals(ModelProvider.BY_CONFIG)) {
      throw new GatehouseException(
          ModelErrors.MODEL_PROVIDER_MANAGED_BY_CONFIG,
          "model provider '"
              + p.name()
              + "' comes from the configuration file (models.providers), so it is "
              + doing
              + " there, not through the admin API");
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
