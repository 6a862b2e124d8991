package io.gatehouse.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.store.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Projects, members, consumers and keys, run on each store. */
abstract class IdentityContract {
  abstract TestDatabases.Throwaway open();

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }

  TestDatabases.Throwaway db;
  TestClock clock;
  Identity identity;

  @BeforeEach
  void openIdentity() {
    db = open();
    clock = new TestClock();
    identity = Identity.open(db.database(), clock, Duration.ofMillis(50));
  }

  @AfterEach
  void closeIdentity() {
    identity.close();
    db.close();
  }

  static void assertKey(Runnable r, String key) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.error().key()).isEqualTo(key));
  }

  @Test
  void the_default_project_exists_and_projects_are_unique_and_well_named() {
    assertThat(identity.projects()).extracting(Project::name).containsExactly("default");
    identity.createProject("payments", "Payment tools");
    assertThat(identity.project("payments").description()).isEqualTo("Payment tools");
    assertKey(() -> identity.createProject("payments", ""), "PROJECT_EXISTS");
    assertKey(() -> identity.createProject("Bad Name", ""), "INVALID_IDENTITY");
    assertKey(() -> identity.project("nope"), "PROJECT_NOT_FOUND");
  }

  @Test
  void members_have_one_role_per_project() {
    identity.createProject("payments", "");
    identity.putMember("payments", "alice@example.com", Role.OWNER);
    identity.putMember("payments", "bob@example.com", Role.USER);
    identity.putMember("payments", "bob@example.com", Role.CONTRIBUTOR);
    assertThat(identity.members("payments"))
        .extracting(Member::subject, Member::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice@example.com", Role.OWNER),
            org.assertj.core.groups.Tuple.tuple("bob@example.com", Role.CONTRIBUTOR));
    identity.removeMember("payments", "bob@example.com");
    assertThat(identity.members("payments")).hasSize(1);
    assertKey(() -> identity.removeMember("payments", "bob@example.com"), "MEMBER_NOT_FOUND");
    assertKey(() -> identity.putMember("nope", "x", Role.USER), "PROJECT_NOT_FOUND");
  }

  @Test
  void an_operator_holds_the_highest_role_it_has_directly_or_through_a_group() {
    identity.createProject("payments", "");
    identity.createProject("search", "");
    identity.putMember("payments", "alice", Role.USER);
    identity.putMember("payments", "group:finance", Role.OWNER);
    identity.putMember("search", "alice", Role.CONTRIBUTOR);
    identity.putMember("default", "group:finance", Role.USER);

    io.gatehouse.core.Operator alice =
        identity.operator(
            new io.gatehouse.core.Principal(
                "alice",
                io.gatehouse.core.Principal.Kind.USER,
                "default",
                java.util.Set.of("finance"),
                java.util.Set.of(),
                "jwt"));
    assertThat(alice.roles())
        .containsEntry("payments", Role.OWNER)
        .containsEntry("search", Role.CONTRIBUTOR)
        .containsEntry("default", Role.USER);
    assertThat(alice.may("search", Role.OWNER)).isFalse();
    assertThat(alice.may("search", Role.USER)).isTrue();

    // a subject spelled like a group does not inherit that group's roles
    io.gatehouse.core.Operator spoof =
        identity.operator(
            new io.gatehouse.core.Principal(
                "group:finance",
                io.gatehouse.core.Principal.Kind.USER,
                "default",
                java.util.Set.of(),
                java.util.Set.of(),
                "jwt"));
    assertThat(spoof.roles()).isEmpty();
    assertThat(spoof.may("payments", Role.USER)).isFalse();
  }

  @Test
  void consumers_are_checked_before_anything_is_written() {
    identity.createConsumer("alice", Principal.Kind.USER, null, List.of("eng", "oncall"));
    assertThat(identity.consumer("alice").project()).isEqualTo("default");
    assertThat(identity.consumer("alice").groups()).containsExactly("eng", "oncall");
    assertKey(
        () -> identity.createConsumer("alice", Principal.Kind.USER, null, List.of()),
        "CONSUMER_EXISTS");
    assertKey(
        () -> identity.createConsumer("carol", Principal.Kind.USER, "nope", List.of()),
        "PROJECT_NOT_FOUND");
    assertKey(
        () -> identity.createConsumer("dave", Principal.Kind.USER, null, List.of("a,b")),
        "INVALID_IDENTITY");
    assertThat(identity.consumers()).extracting(Consumer::name).containsExactly("alice");
  }

  @Test
  void a_key_checks_out_until_it_is_revoked() {
    identity.createConsumer("alice", Principal.Kind.USER, null, List.of("eng"));
    IssuedKey k = identity.createKey("alice", List.of(), null);
    ApiKeys.Check c = identity.apiKeys().check(k.key().reveal(), "any-route");
    assertThat(c)
        .isInstanceOfSatisfying(
            ApiKeys.Valid.class,
            v -> {
              assertThat(v.principal().subject()).isEqualTo("alice");
              assertThat(v.principal().groups()).containsExactly("eng");
              assertThat(v.principal().id()).isEqualTo("api-key:alice");
            });
    assertThat(identity.keys("alice"))
        .extracting(ApiKey::prefix)
        .containsExactly(k.info().prefix());
    identity.revokeKey("alice", k.info().id());
    assertThat(identity.apiKeys().check(k.key().reveal(), "any-route"))
        .isInstanceOf(ApiKeys.Invalid.class);
    assertThat(identity.keys("alice").getFirst().revokedAt()).isNotNull();
    assertKey(() -> identity.revokeKey("alice", "no-such-id"), "KEY_NOT_FOUND");
  }

  @Test
  void scope_and_expiry_are_checked_on_every_use() {
    identity.createConsumer("bot", Principal.Kind.APPLICATION, null, List.of());
    IssuedKey k =
        identity.createKey("bot", List.of("weather"), clock.instant().plus(Duration.ofHours(1)));
    String key = k.key().reveal();
    assertThat(identity.apiKeys().check(key, "weather")).isInstanceOf(ApiKeys.Valid.class);
    assertThat(identity.apiKeys().check(key, "billing")).isInstanceOf(ApiKeys.OtherRoute.class);
    clock.advance(Duration.ofHours(1));
    assertThat(identity.apiKeys().check(key, "weather"))
        .isInstanceOfSatisfying(
            ApiKeys.Invalid.class, i -> assertThat(i.reason()).contains("expired"));
    assertKey(
        () -> identity.createKey("bot", List.of(), clock.instant().minusSeconds(1)),
        "INVALID_IDENTITY");
    assertKey(() -> identity.createKey("bot", List.of("Not A Route"), null), "INVALID_IDENTITY");
    assertKey(() -> identity.createKey("nobody", List.of(), null), "CONSUMER_NOT_FOUND");
  }

  @Test
  void rotation_keeps_the_old_key_for_the_overlap_only() {
    identity.createConsumer("bot", Principal.Kind.APPLICATION, null, List.of());
    IssuedKey old = identity.createKey("bot", List.of("weather"), null);
    IssuedKey fresh = identity.rotateKey("bot", old.info().id(), Duration.ofMinutes(10));
    assertThat(fresh.info().routes()).containsExactly("weather");
    assertThat(identity.apiKeys().check(old.key().reveal(), "weather"))
        .isInstanceOf(ApiKeys.Valid.class);
    assertThat(identity.apiKeys().check(fresh.key().reveal(), "weather"))
        .isInstanceOf(ApiKeys.Valid.class);
    assertKey(
        () -> identity.rotateKey("bot", fresh.info().id(), Duration.ofDays(31)),
        "INVALID_IDENTITY");
    assertThat(identity.keys("bot")).hasSize(2);
    clock.advance(Duration.ofMinutes(10));
    assertThat(identity.apiKeys().check(old.key().reveal(), "weather"))
        .isInstanceOf(ApiKeys.Invalid.class);
    assertThat(identity.apiKeys().check(fresh.key().reveal(), "weather"))
        .isInstanceOf(ApiKeys.Valid.class);
  }

  @Test
  void deleting_a_consumer_ends_its_keys() {
    identity.createConsumer("temp", Principal.Kind.USER, null, List.of());
    IssuedKey k = identity.createKey("temp", List.of(), null);
    identity.deleteConsumer("temp");
    assertThat(identity.apiKeys().check(k.key().reveal(), "r")).isInstanceOf(ApiKeys.Invalid.class);
    assertKey(() -> identity.consumer("temp"), "CONSUMER_NOT_FOUND");
    assertKey(() -> identity.deleteConsumer("temp"), "CONSUMER_NOT_FOUND");
  }

  @Test
  void another_instance_on_the_same_store_sees_a_revocation_by_polling() {
    try (Identity other = Identity.open(db.database(), clock, Duration.ofMillis(50))) {
      identity.createConsumer("alice", Principal.Kind.USER, null, List.of());
      IssuedKey k = identity.createKey("alice", List.of(), null);
      String key = k.key().reveal();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> other.apiKeys().check(key, "r") instanceof ApiKeys.Valid);
      identity.revokeKey("alice", k.info().id());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> other.apiKeys().check(key, "r") instanceof ApiKeys.Invalid);
    }
  }
}
