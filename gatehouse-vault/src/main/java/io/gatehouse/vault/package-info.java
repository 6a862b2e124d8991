/**
 * The vault: secrets encrypted at rest with envelope encryption. Each secret version is sealed
 * (AES-256-GCM) with its own random data key; data keys are wrapped by a master key that is never
 * stored ({@link io.gatehouse.vault.Keyring}: {@code GATEHOUSE_MASTER_KEY} or a key file). Values
 * leave the vault only as {@link io.gatehouse.core.Secret}, which prints {@code ***}.
 */
package io.gatehouse.vault;
