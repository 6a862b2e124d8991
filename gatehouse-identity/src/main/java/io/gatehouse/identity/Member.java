package io.gatehouse.identity;

import java.time.Instant;

/** A subject's role in a project. */
public record Member(String project, String subject, Role role, Instant createdAt) {}
