package io.gatehouse.identity;

import java.time.Instant;

/** A project: the scope routes' access rules and consumers belong to. */
public record Project(String name, String description, Instant createdAt) {}
