package io.gatehouse.server;

import io.gatehouse.connect.Connections;
import io.gatehouse.connect.credential.Credentials;
import io.gatehouse.connect.credential.WorkloadKeys;
import io.gatehouse.connect.credential.WorkloadTokens;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.server.config.SecretCache;
import io.gatehouse.store.Database;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultException;
import java.time.Clock;

/**
 * Connections for the command line: the same store, vault and credentials as a server, without
 * per-user consent (only a user can validate a per-user connection).
 */
final class ConnectionsFactory {
  private ConnectionsFactory() {}

  static Connections open(GatehouseConfig config, Database db, Vault vault) {
    SecretCache secrets = new SecretCache();
    if (vault != null) {
      secrets.bind(vault);
    }
    Credentials credentials =
        new Credentials(
            () -> vault,
            secrets,
            new WorkloadTokens(
                new WorkloadKeys(() -> vault, Clock.systemUTC()),
                config::publicUrl,
                Clock.systemUTC()),
            new TokenEndpoint(config.egress(), config.validateTimeout()),
            Clock.systemUTC());
    return Connections.open(
        db,
        () -> vault,
        config.egress(),
        Clock.systemUTC(),
        config.validateTimeout(),
        secrets::invalidate,
        credentials);
  }

  /** The vault, or null when there is no master key (connections that need it say so). */
  static Vault vault(GatehouseConfig config, Database db) {
    try {
      Keyring keys = config.vault().keyring(Vault.holdsKeys(db));
      return keys == null ? null : Vault.open(db, keys, Clock.systemUTC());
    } catch (VaultException e) {
      return null;
    }
  }
}
