package io.gatehouse.server.config;

import io.gatehouse.core.Secret;
import io.gatehouse.vault.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the vault's master keys come from.
 *
 * @param masterKey {@code GATEHOUSE_MASTER_KEY}, or null
 * @param keyFile the key file used when there is no {@code masterKey}
 * @param createKeyFile whether a missing key file is made (embedded store, or a file named
 *     explicitly)
 */
public record VaultSettings(Secret masterKey, Path keyFile, boolean createKeyFile) {
  public static final String MASTER_KEY_ENV = "GATEHOUSE_MASTER_KEY";

  /** The keys, or null when there are none to be had (the vault stays locked). */
  public Keyring keyring() {
    return keyring(false);
  }

  /**
   * The keys, or null when there are none to be had (the vault stays locked).
   *
   * @param storeHoldsKeys whether the store already holds data keys: then no key file is made up,
   *     since a new master key could not open them
   */
  public Keyring keyring(boolean storeHoldsKeys) {
    if (masterKey != null) {
      return Keyring.fromSpec(masterKey.reveal());
    }
    if (Files.exists(keyFile) || createKeyFile && !storeHoldsKeys) {
      return Keyring.fromFile(keyFile, createKeyFile);
    }
    return null;
  }
}
