package io.gatehouse.identity;

import io.gatehouse.core.Secret;

/** A key just created: the only moment the key itself exists outside the caller's hands. */
public record IssuedKey(ApiKey info, Secret key) {}
