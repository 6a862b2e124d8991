package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.Problem;
import io.gatehouse.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's behaviour on a real store; one subclass per database. */
abstract class RegistryContract {
  final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
  TestDatabases.Throwaway store;
  Catalog catalog;
  Registry registry;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void openCatalog() {
    store = open();
    catalog = Catalog.open(store.database(), CatalogSettings.offline().withClock(clock));
    registry = catalog.registry();
  }

  @AfterEach
  void dropStore() {
    if (store != null) {
      store.close();
    }
  }

  Published publish(String name, String version) {
    clock.advance(Duration.ofSeconds(1));
    return registry.publish(Docs.server(name, version));
  }

  static void assertRefused(
      ThrowableAssert.ThrowingCallable call, io.gatehouse.core.ErrorKey error) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void publishes_a_version_and_reads_it_back_as_published() {
    Instant at = clock.advance(Duration.ofSeconds(1));
    ServerVersion v = registry.publish(Docs.server("io.github.user/weather", "1.0.2")).version();

    ServerVersion read = registry.version("io.github.user/weather", "1.0.2", false);
    assertThat(read).isEqualTo(v);
    assertThat(read.document()).isEqualTo(Docs.server("io.github.user/weather", "1.0.2"));
    assertThat(read.status()).isEqualTo(VersionStatus.ACTIVE);
    assertThat(read.latest()).isTrue();
    assertThat(read.publishedAt()).isEqualTo(at);
    assertThat(read.updatedAt()).isEqualTo(at);
  }

  @Test
  void refuses_duplicate_version_with_version_exists() {
    publish("com.acme/tool", "1.0.0");

    assertRefused(() -> publish("com.acme/tool", "1.0.0"), CatalogErrors.VERSION_EXISTS);
    assertThat(registry.versions("com.acme/tool", true)).hasSize(1);
  }

  @Test
  void refuses_an_invalid_document_listing_every_problem_and_stores_nothing() {
    assertThatThrownBy(() -> registry.publish(Docs.server("nope", "latest", "d".repeat(101))))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.error()).isEqualTo(CatalogErrors.INVALID_SERVER_JSON);
              assertThat(e.details())
                  .extracting(Problem::field)
                  .containsExactlyInAnyOrder("name", "description", "version");
            });
    assertThat(registry.list(ServerQuery.firstPage()).items()).isEmpty();
  }

  @Test
  void marks_the_highest_semantic_version_latest() {
    publish("com.acme/tool", "1.0.0");
    publish("com.acme/tool", "2.0.0");
    publish("com.acme/tool", "1.5.0");
    publish("com.acme/tool", "2.0.0-rc.1");

    assertThat(registry.version("com.acme/tool", "latest", false).version()).isEqualTo("2.0.0");
    assertThat(registry.versions("com.acme/tool", false))
        .filteredOn(ServerVersion::latest)
        .hasSize(1);
  }

  @Test
  void a_non_semantic_version_published_last_is_latest() {
    publish("com.acme/tool", "2.0.0");
    publish("com.acme/tool", "nightly-2026-01-02");

    assertThat(registry.version("com.acme/tool", "latest", false).version())
        .isEqualTo("nightly-2026-01-02");
  }

  @Test
  void lists_versions_of_a_server_newest_first_and_refuses_unknown_servers() {
    publish("com.acme/tool", "1.0.0");
    publish("com.acme/tool", "1.1.0");

    assertThat(registry.versions("com.acme/tool", false))
        .extracting(ServerVersion::version)
        .containsExactly("1.1.0", "1.0.0");
    assertRefused(() -> registry.versions("com.acme/none", false), CatalogErrors.SERVER_NOT_FOUND);
    assertRefused(
        () -> registry.version("com.acme/tool", "9.9.9", false), CatalogErrors.VERSION_NOT_FOUND);
  }

  @Test
  void pages_through_every_version_exactly_once() {
    IntStream.range(0, 25).forEach(i -> publish("com.acme/tool-" + (char) ('a' + i), "1.0.0"));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Page<ServerVersion> page =
          registry.list(new ServerQuery(cursor, 10, null, null, null, false));
      page.items().forEach(v -> seen.add(v.name()));
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void a_page_cursor_stays_valid_while_versions_are_published() {
    IntStream.range(0, 6).forEach(i -> publish("com.acme/t" + i, "1.0.0"));
    Page<ServerVersion> first = registry.list(new ServerQuery(null, 3, null, null, null, false));

    publish("com.acme/a-first", "1.0.0");
    publish("com.acme/t1", "2.0.0");
    Page<ServerVersion> second =
        registry.list(new ServerQuery(first.nextCursor(), 10, null, null, null, false));

    assertThat(first.nextCursor()).isEqualTo("com.acme/t2:1.0.0");
    assertThat(second.items())
        .extracting(v -> v.name() + ":" + v.version())
        .containsExactly("com.acme/t3:1.0.0", "com.acme/t4:1.0.0", "com.acme/t5:1.0.0");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void filters_latest_versions_an_exact_version_and_search_on_name_or_description() {
    publish("com.acme/weather", "1.0.0");
    publish("com.acme/weather", "1.1.0");
    clock.advance(Duration.ofSeconds(1));
    registry.publish(Docs.server("com.acme/maps", "1.0.0", "Forecast overlays for MAPS"));

    assertThat(names(new ServerQuery(null, 30, null, null, "latest", false)))
        .containsExactly("com.acme/maps:1.0.0", "com.acme/weather:1.1.0");
    assertThat(names(new ServerQuery(null, 30, null, null, "1.0.0", false)))
        .containsExactly("com.acme/maps:1.0.0", "com.acme/weather:1.0.0");
    assertThat(names(new ServerQuery(null, 30, "FORECAST", null, "latest", false)))
        .containsExactly("com.acme/maps:1.0.0");
    assertThat(names(new ServerQuery(null, 30, "weath", null, null, false)))
        .containsExactly("com.acme/weather:1.0.0", "com.acme/weather:1.1.0");
    assertThat(names(new ServerQuery(null, 30, "%", null, null, false))).isEmpty();
    assertThat(names(new ServerQuery(null, 30, "_", null, null, false))).isEmpty();
  }

  @Test
  void lists_only_versions_updated_since_an_instant() {
    publish("com.acme/old", "1.0.0");
    Instant since = clock.advance(Duration.ofSeconds(1));
    publish("com.acme/new", "1.0.0");

    assertThat(names(new ServerQuery(null, 30, null, since, null, true)))
        .containsExactly("com.acme/new:1.0.0");
  }

  @Test
  void hides_a_deleted_version_unless_deleted_ones_are_asked_for() {
    publish("com.acme/tool", "1.0.0");
    publish("com.acme/tool", "2.0.0");
    clock.advance(Duration.ofSeconds(1));

    ServerVersion deleted =
        registry.setStatus(
            new VersionRef("com.acme/tool", "2.0.0"),
            new StatusChange(VersionStatus.DELETED, "Malware"));

    assertThat(deleted.status()).isEqualTo(VersionStatus.DELETED);
    assertThat(deleted.statusMessage()).isEqualTo("Malware");
    assertThat(deleted.statusChangedAt()).isEqualTo(clock.instant());
    assertThat(names(ServerQuery.firstPage())).containsExactly("com.acme/tool:1.0.0");
    assertThat(names(new ServerQuery(null, 30, null, null, null, true))).hasSize(2);
    assertRefused(
        () -> registry.version("com.acme/tool", "2.0.0", false), CatalogErrors.VERSION_NOT_FOUND);
    assertThat(registry.version("com.acme/tool", "2.0.0", true).status())
        .isEqualTo(VersionStatus.DELETED);
    assertThat(registry.version("com.acme/tool", "latest", false).version()).isEqualTo("1.0.0");
  }

  @Test
  void restoring_a_deleted_version_makes_it_latest_again() {
    publish("com.acme/tool", "1.0.0");
    publish("com.acme/tool", "2.0.0");
    VersionRef two = new VersionRef("com.acme/tool", "2.0.0");
    registry.setStatus(two, new StatusChange(VersionStatus.DELETED, null));

    registry.setStatus(two, new StatusChange(VersionStatus.ACTIVE, null));

    assertThat(registry.version("com.acme/tool", "latest", false).version()).isEqualTo("2.0.0");
  }

  @Test
  void deprecates_every_version_at_once_and_refuses_a_change_that_changes_nothing() {
    publish("com.acme/tool", "1.0.0");
    publish("com.acme/tool", "2.0.0");
    StatusChange deprecate = new StatusChange(VersionStatus.DEPRECATED, "Use com.acme/tool2");

    List<ServerVersion> all = registry.setStatusAll("com.acme/tool", deprecate);

    assertThat(all).extracting(ServerVersion::status).containsOnly(VersionStatus.DEPRECATED);
    assertThat(names(ServerQuery.firstPage())).hasSize(2);
    assertRefused(
        () -> registry.setStatus(new VersionRef("com.acme/tool", "1.0.0"), deprecate),
        CatalogErrors.NO_CHANGE);
    assertRefused(
        () -> registry.setStatusAll("com.acme/none", deprecate), CatalogErrors.SERVER_NOT_FOUND);
  }

  @Test
  void publishes_many_in_one_transaction_or_none() {
    publish("com.acme/taken", "1.0.0");

    assertRefused(
        () ->
            registry.publishAll(
                List.of(
                    Docs.server("com.acme/a", "1.0.0"), Docs.server("com.acme/taken", "1.0.0"))),
        CatalogErrors.VERSION_EXISTS);
    assertThat(names(ServerQuery.firstPage())).containsExactly("com.acme/taken:1.0.0");

    registry.publishAll(
        List.of(Docs.server("com.acme/a", "1.0.0"), Docs.server("com.acme/b", "1.0.0")));
    assertThat(names(ServerQuery.firstPage())).hasSize(3);
  }

  List<String> names(ServerQuery q) {
    return registry.list(q).items().stream().map(v -> v.name() + ":" + v.version()).toList();
  }
}
