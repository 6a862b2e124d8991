package io.gatehouse.vault;

import java.time.Instant;

/**
 * What may be shown of a secret: never its value.
 *
 * @param mask {@code ****} and, for values of 16 characters or more, their last four
 * @param fingerprint a keyed hash of the value ({@code hmac-sha256:} and 16 hex digits): equal
 *     values have equal fingerprints in one vault, and it cannot be reversed or guessed from
 *     outside
 */
public record SecretInfo(
    String project,
    String name,
    long version,
    String mask,
    String fingerprint,
    Instant createdAt) {}
