package io.gatehouse.catalog.http;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.ServerQuery;
import io.gatehouse.catalog.StatusChange;
import io.gatehouse.catalog.VersionStatus;
import io.gatehouse.core.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads the registry API's query parameters and request bodies, with the official registry's rules.
 */
final class RegistryRequests {
  private RegistryRequests() {}

  static ServerQuery listQuery(HttpExchange ex) {
    Instant since = instant(ex.param("updated_since"));
    Boolean includeDeleted = bool("include_deleted", ex.param("include_deleted"));
    if (since != null && Boolean.FALSE.equals(includeDeleted)) {
      throw bad(
          "include_deleted: false cannot be combined with updated_since (incremental sync must see deleted servers)");
    }
    String cursor = ex.param("cursor");
    return new ServerQuery(
        cursor == null || cursor.isEmpty() ? null : cursor.replace(' ', '+'),
        limit(ex.param("limit")),
        ex.param("search"),
        since,
        ex.param("version"),
        since != null || Boolean.TRUE.equals(includeDeleted));
  }

  /**
   * The page size: default 30; above 100 it is capped at 100, as clients may ask for more than a
   * registry serves.
   */
  static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return ServerQuery.DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Math.min(n, ServerQuery.MAX_LIMIT);
    } catch (NumberFormatException e) {
      throw bad(
          "limit: '"
              + value
              + "' (expected: a whole number from 1 to "
              + ServerQuery.MAX_LIMIT
              + ")");
    }
  }

  static Boolean bool(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name + ": '" + value + "' (expected: true or false)");
    };
  }

  static boolean includeDeleted(HttpExchange ex) {
    return Boolean.TRUE.equals(bool("include_deleted", ex.param("include_deleted")));
  }

  private static Instant instant(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim().toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw bad(
          "Invalid updated_since format: '"
              + value
              + "' (expected: an RFC 3339 time such as 2025-08-07T13:15:04.280Z)");
    }
  }

  /** A {@code StatusUpdateRequest}: {@code {"status": "deprecated", "statusMessage": "..."}}. */
  static StatusChange statusChange(JsonNode body) {
    JsonNode status = body.get("status");
    VersionStatus s =
        status == null || !status.isString() ? null : VersionStatus.parse(status.stringValue());
    if (s == null) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "Invalid status value: status: " + status + " (expected: active, deprecated or deleted)",
          List.of(
              new Problem(
                  "status", "invalid-value", "status: expected active, deprecated or deleted")));
    }
    JsonNode message = body.get("statusMessage");
    if (message != null && !message.isNull() && !message.isString()) {
      throw bad(
          "statusMessage: "
              + message
              + " (expected: a string of at most "
              + StatusChange.MAX_MESSAGE
              + " characters)");
    }
    return new StatusChange(s, message == null || message.isNull() ? null : message.stringValue());
  }

  static CatalogException bad(String message) {
    return new CatalogException(CatalogErrors.INVALID_REQUEST, message);
  }
}
