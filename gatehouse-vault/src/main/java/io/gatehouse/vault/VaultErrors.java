package io.gatehouse.vault;

import io.gatehouse.core.ErrorKey;

/** The vault's error keys. */
public final class VaultErrors {
  private VaultErrors() {}

  public static final ErrorKey INVALID_SECRET =
      ErrorKey.of(
          "INVALID_SECRET",
          400,
          -32602,
          "A secret has a name of letters, digits and . _ - (up to 128) and a value of 1 byte to 64 KiB.");
  public static final ErrorKey SECRET_NOT_FOUND =
      ErrorKey.of(
          "SECRET_NOT_FOUND",
          404,
          -32602,
          "Set it first (PUT /admin/v1/projects/{project}/secrets/{name}, or gatehouse secrets set);"
              + " GET .../secrets lists the project's secrets.");
  public static final ErrorKey VAULT_KEY_MISSING =
      ErrorKey.of(
          "VAULT_KEY_MISSING",
          503,
          -32603,
          "This process lacks the master key a secret was wrapped with: give every replica the same"
              + " GATEHOUSE_MASTER_KEY (or key file), with the new key first during a rotation.");
  public static final ErrorKey VAULT_TAMPERED =
      ErrorKey.of(
          "VAULT_TAMPERED",
          500,
          -32603,
          "A sealed value failed its integrity check: the store was changed outside Gatehouse, or the"
              + " master key with this id is not the one that wrapped it. Set the secret again.");
  public static final ErrorKey VAULT_LOCKED =
      ErrorKey.of(
          "VAULT_LOCKED",
          503,
          -32603,
          "The vault has no master key: set GATEHOUSE_MASTER_KEY (the same on every replica) or"
              + " vault.key-file, and restart.");
}
