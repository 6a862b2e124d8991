package io.gatehouse.server;

import io.gatehouse.core.Principal;
import io.gatehouse.identity.ApiKey;
import io.gatehouse.identity.Consumer;
import io.gatehouse.identity.Identity;
import io.gatehouse.identity.IssuedKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code gatehouse consumers create} and {@code gatehouse keys create|list|revoke}: the same
 * operations as the admin API, against the store named by the configuration. Running servers on
 * that store see a new or revoked key within a second.
 */
final class KeysCommand {
  private static final Cli.Option ROUTES =
      new Cli.Option("routes", null, "A,B", "routes the key may be used on (default: all)");
  private static final Cli.Option EXPIRES =
      new Cli.Option(
          "expires-at", null, "INSTANT", "when the key stops working, e.g. 2027-01-31T00:00:00Z");
  private static final Cli.Option KIND =
      new Cli.Option(
          "kind", null, "user|group|application", "what the consumer is (default: user)");
  private static final Cli.Option PROJECT =
      new Cli.Option("project", null, "NAME", "the consumer's project (default: default)");
  private static final Cli.Option GROUPS =
      new Cli.Option("groups", null, "A,B", "groups the consumer is in");

  private KeysCommand() {}

  static Cli.Command consumers() {
    return Cli.Command.group(
        "consumers",
        "Consumers: the users, groups and applications that call routes.",
        List.of(
            Cli.Command.of(
                "create",
                "Create a consumer.",
                List.of(Main.CONFIG, KIND, PROJECT, GROUPS),
                "NAME",
                1,
                KeysCommand::createConsumer)));
  }

  static Cli.Command keys() {
    return Cli.Command.group(
        "keys",
        "API keys of consumers: create (the key is printed once), list (prefixes), revoke.",
        List.of(
            Cli.Command.of(
                "create",
                "Create an API key for CONSUMER and print it; it is not shown again.",
                List.of(Main.CONFIG, ROUTES, EXPIRES),
                "CONSUMER",
                1,
                KeysCommand::createKey),
            Cli.Command.of(
                "list",
                "List CONSUMER's keys by id and prefix.",
                List.of(Main.CONFIG),
                "CONSUMER",
                1,
                KeysCommand::listKeys),
            Cli.Command.of(
                "revoke",
                "Revoke key ID of CONSUMER; every server on the store refuses it within a second.",
                List.of(Main.CONFIG),
                "CONSUMER ID",
                2,
                KeysCommand::revokeKey)));
  }

  @FunctionalInterface
  private interface Work {
    void run(Identity identity);
  }

  private static int withIdentity(Cli.Args a, PrintWriter err, Work work) {
    String file = a.get("config");
    return StoreCommand.run(
        file == null ? null : Path.of(file),
        err,
        (config, db) -> {
          try (Identity identity = Identity.open(db, Clock.systemUTC(), Duration.ofMinutes(1))) {
            work.run(identity);
          }
        });
  }

  private static int createConsumer(Cli.Args a, PrintWriter out, PrintWriter err) {
    return withIdentity(
        a,
        err,
        identity -> {
          Principal.Kind kind =
              a.get("kind") == null ? Principal.Kind.USER : Principal.Kind.fromWire(a.get("kind"));
          Consumer c =
              identity.createConsumer(
                  a.operands().getFirst(), kind, a.get("project"), list(a.get("groups")));
          out.println(
              "consumer "
                  + c.name()
                  + " ("
                  + c.kind().wireName()
                  + ", project "
                  + c.project()
                  + ")");
        });
  }

  private static int createKey(Cli.Args a, PrintWriter out, PrintWriter err) {
    return withIdentity(
        a,
        err,
        identity -> {
          Instant expires = a.get("expires-at") == null ? null : Instant.parse(a.get("expires-at"));
          IssuedKey k = identity.createKey(a.operands().getFirst(), list(a.get("routes")), expires);
          out.println("id:     " + k.info().id());
          out.println("prefix: " + k.info().prefix());
          out.println(
              "key:    " + k.key().reveal() + "   (shown once; it is stored only as a hash)");
        });
  }

  private static int listKeys(Cli.Args a, PrintWriter out, PrintWriter err) {
    return withIdentity(
        a,
        err,
        identity -> {
          for (ApiKey k : identity.keys(a.operands().getFirst())) {
            out.println(
                k.id()
                    + "  "
                    + k.prefix()
                    + "  routes="
                    + (k.routes().isEmpty() ? "*" : String.join(",", k.routes()))
                    + (k.expiresAt() == null ? "" : "  expires=" + k.expiresAt())
                    + (k.revokedAt() == null ? "" : "  revoked=" + k.revokedAt()));
          }
        });
  }

  private static int revokeKey(Cli.Args a, PrintWriter out, PrintWriter err) {
    return withIdentity(
        a,
        err,
        identity -> {
          ApiKey k = identity.revokeKey(a.operands().get(0), a.operands().get(1));
          out.println("revoked " + k.id() + " (" + k.prefix() + ")");
        });
  }

  private static List<String> list(String csv) {
    return csv == null || csv.isBlank()
        ? List.of()
        : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
