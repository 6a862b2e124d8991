package io.gatehouse.policy;

import io.gatehouse.core.Principal;
import java.util.List;
import java.util.Map;

/**
 * Which names of one kind (tools, prompts or resources) a caller may see and use on a route: the
 * route's own allow/deny lists, plus lists for single consumers (by name, for API-key callers) and
 * for groups (a consumer's groups, or a token's group claim). Every list that applies to the caller
 * counts (the route's, the consumer's own, each of its groups'): a name any of them denies is
 * hidden (deny wins); otherwise a name any of them allows is visible; otherwise the default
 * decides. The default is {@code deny} as soon as any list of this kind allows something (once a
 * route says what is allowed, the rest is not), else {@code allow}; {@code default:} sets it
 * explicitly.
 */
public record NameRules(
    Lists route, Map<String, Lists> consumers, Map<String, Lists> groups, boolean defaultAllow) {

  /** One allow list and one deny list. */
  public record Lists(List<Glob> allow, List<Glob> deny) {
    public static final Lists EMPTY = new Lists(List.of(), List.of());

    public Lists {
      allow = List.copyOf(allow);
      deny = List.copyOf(deny);
    }

    static boolean any(List<Glob> globs, String name) {
      for (Glob g : globs) {
        if (g.matches(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** No rules: every name is visible to everyone. */
  public static final NameRules OPEN = new NameRules(Lists.EMPTY, Map.of(), Map.of(), true);

  public NameRules {
    consumers = Map.copyOf(consumers);
    groups = Map.copyOf(groups);
  }

  /**
   * The rules with the default left to the lists: {@code deny} when any of them allows something.
   */
  public static NameRules of(Lists route, Map<String, Lists> consumers, Map<String, Lists> groups) {
    boolean anyAllow =
        !route.allow().isEmpty()
            || consumers.values().stream().anyMatch(l -> !l.allow().isEmpty())
            || groups.values().stream().anyMatch(l -> !l.allow().isEmpty());
    return new NameRules(route, consumers, groups, !anyAllow);
  }

  public boolean isOpen() {
    return defaultAllow
        && route.allow().isEmpty()
        && route.deny().isEmpty()
        && consumers.isEmpty()
        && groups.isEmpty();
  }

  /** Whether {@code caller} (null when anonymous) may see and use {@code name}. */
  public boolean permits(Principal caller, String name) {
    boolean allowed = false;
    if (Lists.any(route.deny(), name)) {
      return false;
    }
    allowed = Lists.any(route.allow(), name);
    if (caller != null) {
      // Consumer lists name consumers (API keys); a token's subject of the same name is not one.
      Lists own = caller.method().equals("api-key") ? consumers.get(caller.subject()) : null;
      if (own != null) {
        if (Lists.any(own.deny(), name)) {
          return false;
        }
        allowed |= Lists.any(own.allow(), name);
      }
      if (!groups.isEmpty()) {
        for (String g : caller.groups()) {
          Lists l = groups.get(g);
          if (l != null) {
            if (Lists.any(l.deny(), name)) {
              return false;
            }
            allowed |= Lists.any(l.allow(), name);
          }
        }
      }
    }
    return allowed || defaultAllow;
  }
}
