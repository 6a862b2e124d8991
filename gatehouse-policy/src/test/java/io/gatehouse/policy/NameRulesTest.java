package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameRulesTest {
  static Principal user(String name, String... groups) {
    return new Principal(name, Principal.Kind.USER, null, Set.of(groups), Set.of(), "api-key");
  }

  static NameRules.Lists allow(String... globs) {
    return new NameRules.Lists(List.of(globs).stream().map(Glob::new).toList(), List.of());
  }

  static NameRules.Lists deny(String... globs) {
    return new NameRules.Lists(List.of(), List.of(globs).stream().map(Glob::new).toList());
  }

  @Test
  void once_anything_is_allowed_the_rest_is_denied_by_default() {
    NameRules r = NameRules.of(allow("get-*"), Map.of(), Map.of());
    assertThat(r.defaultAllow()).isFalse();
    assertThat(r.permits(null, "get-weather")).isTrue();
    assertThat(r.permits(user("alice"), "delete-all")).isFalse();
  }

  @Test
  void deny_only_rules_leave_everything_else_visible() {
    NameRules r = NameRules.of(deny("*-admin"), Map.of(), Map.of());
    assertThat(r.permits(null, "get-weather")).isTrue();
    assertThat(r.permits(null, "db-admin")).isFalse();
  }

  @Test
  void a_consumer_or_group_list_adds_to_the_route_list_and_deny_wins_everywhere() {
    NameRules r =
        NameRules.of(
            allow("get-*"),
            Map.of("ops", allow("restart-*")),
            Map.of("eng", allow("deploy-*"), "contractors", deny("get-secrets")));
    assertThat(r.permits(user("ops"), "restart-db")).isTrue();
    assertThat(r.permits(user("alice"), "restart-db")).isFalse();
    assertThat(r.permits(user("alice", "eng"), "deploy-app")).isTrue();
    assertThat(r.permits(user("alice", "eng", "contractors"), "get-secrets")).isFalse();
    assertThat(r.permits(user("alice", "eng"), "get-secrets")).isTrue();
    assertThat(r.permits(null, "deploy-app")).isFalse();
  }

  @Test
  void a_consumer_list_makes_the_default_deny_for_everyone_else() {
    NameRules r = NameRules.of(NameRules.Lists.EMPTY, Map.of("alice", allow("echo")), Map.of());
    assertThat(r.permits(user("alice"), "echo")).isTrue();
    assertThat(r.permits(user("bob"), "echo")).isFalse();
  }

  @Test
  void consumer_lists_name_api_key_consumers_not_token_subjects_of_the_same_name() {
    NameRules r = NameRules.of(NameRules.Lists.EMPTY, Map.of("alice", allow("echo")), Map.of());
    Principal token = new Principal("alice", Principal.Kind.USER, null, Set.of(), Set.of(), "jwt");
    assertThat(r.permits(user("alice"), "echo")).isTrue();
    assertThat(r.permits(token, "echo")).isFalse();
  }

  @Test
  void open_rules_permit_everything_and_say_so() {
    assertThat(NameRules.OPEN.isOpen()).isTrue();
    assertThat(NameRules.OPEN.permits(null, "anything")).isTrue();
    assertThat(NameRules.of(deny("x"), Map.of(), Map.of()).isOpen()).isFalse();
  }
}
