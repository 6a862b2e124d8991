package io.gatehouse.identity;

import io.gatehouse.core.ErrorKey;

/** The error keys of projects, consumers and API keys in the admin API. */
public final class IdentityErrors {
  private IdentityErrors() {}

  public static final ErrorKey PROJECT_NOT_FOUND =
      ErrorKey.of(
          "PROJECT_NOT_FOUND",
          404,
          -32602,
          "Create the project first (POST /admin/v1/projects) or name an existing one.");
  public static final ErrorKey PROJECT_EXISTS =
      ErrorKey.of("PROJECT_EXISTS", 409, -32602, "Choose another name; project names are unique.");
  public static final ErrorKey MEMBER_NOT_FOUND =
      ErrorKey.of(
          "MEMBER_NOT_FOUND",
          404,
          -32602,
          "GET /admin/v1/projects/{project}/members lists the project's members.");
  public static final ErrorKey CONSUMER_NOT_FOUND =
      ErrorKey.of(
          "CONSUMER_NOT_FOUND",
          404,
          -32602,
          "Create the consumer first (POST /admin/v1/consumers); GET /admin/v1/consumers lists them.");
  public static final ErrorKey CONSUMER_EXISTS =
      ErrorKey.of(
          "CONSUMER_EXISTS", 409, -32602, "Choose another name; consumer names are unique.");
  public static final ErrorKey KEY_NOT_FOUND =
      ErrorKey.of(
          "KEY_NOT_FOUND",
          404,
          -32602,
          "GET /admin/v1/consumers/{name}/keys lists the consumer's keys by id.");
  public static final ErrorKey INVALID_IDENTITY =
      ErrorKey.of(
          "INVALID_IDENTITY",
          400,
          -32602,
          "Fix the fields listed in details; docs/identity.md describes each one.");
}
