package io.gatehouse.identity;

import io.gatehouse.core.Role;
import java.time.Instant;

/** A subject's role in a project. */
public record Member(String project, String subject, Role role, Instant createdAt) {}
