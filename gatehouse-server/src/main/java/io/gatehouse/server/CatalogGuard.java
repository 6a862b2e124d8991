package io.gatehouse.server;

import io.gatehouse.catalog.CatalogAccess;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.policy.ApiKeyFormat;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.policy.AuthMethod;
import io.gatehouse.policy.CallerRules;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.JwtVerifier;
import io.gatehouse.policy.ResourceUrls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The catalog's access rules, decided with Gatehouse's identities. A deployment whose version has
 * rules gets a guarded route: the caller authenticates with an API key (or a token of the top-level
 * {@code auth.jwt}), then only the principals a {@code use} rule names get through. Tool discovery
 * reaches guarded routes with a key that exists only in this process's memory and is accepted only
 * on catalog routes. The same credentials, outside any route, name the callers of the registry and
 * the admin API, whose roles come from the identity store.
 */
final class CatalogGuard implements CatalogAccess {
  private static final String HINT =
      "an admin grants use with POST /admin/v1/access-rules (see docs/catalog.md)";

  private final ApiKeys keys;
  private final JwtVerifier jwt;
  private final ResourceUrls resources;
  private final Function<Principal, Operator> roles;
  private final Secret discoveryKey = Secret.of(ApiKeyFormat.generate().key());
  private final byte[] expectedDiscoveryKey =
      discoveryKey.reveal().getBytes(StandardCharsets.UTF_8);

  /**
   * The callers of requests the self server makes in process, each under a random one-call ticket
   * that never leaves the process (see {@link SelfPart}).
   */
  private final Map<String, Principal> tickets = new ConcurrentHashMap<>();

  /** Per project, so that equal deployments get equal (value-compared) policies. */
  private final Map<String, ApiKeys> withDiscovery = new ConcurrentHashMap<>();

  /**
   * @param jwt the top-level {@code auth.jwt} verifier, or null
   * @param roles a principal's roles in the projects (the identity store)
   */
  CatalogGuard(
      ApiKeys keys, JwtVerifier jwt, ResourceUrls resources, Function<Principal, Operator> roles) {
    this.keys = keys;
    this.jwt = jwt;
    this.resources = resources;
    this.roles = roles;
  }

  /** The keys of a project's catalog routes: the stored ones, and tool discovery's. */
  private ApiKeys withDiscovery(String project) {
    return withDiscovery.computeIfAbsent(
        project,
        p -> {
          Principal discovery =
              new Principal(
                  "gatehouse-catalog",
                  Principal.Kind.APPLICATION,
                  p,
                  Set.of(),
                  Set.of(),
                  "internal");
          return (key, route) ->
              MessageDigest.isEqual(expectedDiscoveryKey, key.getBytes(StandardCharsets.UTF_8))
                  ? new ApiKeys.Valid(discovery)
                  : keys.check(key, route);
        });
  }

  @Override
  public RoutePolicies guard(Deployment deployment, Set<String> users) {
    Set<AuthMethod> methods =
        jwt == null
            ? EnumSet.of(AuthMethod.API_KEY)
            : EnumSet.of(AuthMethod.API_KEY, AuthMethod.JWT);
    return RoutePolicies.of(
        Map.<Phase, List<McpPolicy>>of(
            Phase.AUTHENTICATE,
            List.of(
                new InboundAuth(
                    methods,
                    withDiscovery(deployment.project()),
                    jwt,
                    resources,
                    deployment.project())),
            Phase.AUTHORIZE,
            List.of(new CallerRules(users, HINT))));
  }

  @Override
  public Map<String, String> discoveryHeaders() {
    return Map.of("Authorization", "Bearer " + discoveryKey.reveal());
  }

  @Override
  public Viewer viewer(String credential) {
    Principal p = principal(credential);
    return p == null ? null : Viewer.of(p.subject(), p.groups());
  }

  @Override
  public Operator operator(String credential) {
    Principal p = principal(credential);
    return p == null || p.method().equals("internal") ? null : roles.apply(p);
  }

  /**
   * Who an API key or token names, outside any route (the registry and admin APIs); null when it is
   * not valid. A route-scoped key still names its consumer here.
   */
  Principal principal(String credential) {
    if (credential == null || credential.isBlank()) {
      return null;
    }
    Principal ticketed = tickets.get(credential);
    if (ticketed != null) {
      return ticketed;
    }
    if (ApiKeys.looksLikeKey(credential)) {
      // No route has an empty name: a route-scoped key answers OtherRoute, with its consumer.
      return switch (keys.check(credential, "")) {
        case ApiKeys.Valid v -> v.principal();
        case ApiKeys.OtherRoute o -> o.principal();
        case ApiKeys.Invalid i -> null;
        case ApiKeys.Unavailable u -> null;
      };
    }
    if (jwt == null) {
      return null;
    }
    String audience =
        jwt.settings().audience() != null ? jwt.settings().audience() : resources.root();
    JwtVerifier.Result r = jwt.verify(credential, audience);
    if (r instanceof JwtVerifier.NeedsKeys) {
      jwt.fetchKeys(); // the registry and admin APIs run on virtual threads: a blocking fetch is
      // fine
      r = jwt.verify(credential, audience);
    }
    return r instanceof JwtVerifier.Valid v ? v.principal() : null;
  }

  /**
   * A credential naming {@code caller} until {@link #forget}: for an admin API request the self
   * server makes in process as the caller the gateway authenticated. It is never sent anywhere.
   */
  String ticket(Principal caller) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String t = "ghs_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    tickets.put(t, caller);
    return t;
  }

  void forget(String ticket) {
    tickets.remove(ticket);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
}
