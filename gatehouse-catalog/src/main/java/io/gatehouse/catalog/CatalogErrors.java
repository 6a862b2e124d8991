package io.gatehouse.catalog;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;

/**
 * The error keys of the catalog's services and APIs, each with the HTTP status it answers with and
 * a hint.
 */
public final class CatalogErrors {
  public static final ErrorKey INVALID_REQUEST = Errors.INVALID_REQUEST;
  public static final ErrorKey INVALID_JSON = Errors.INVALID_JSON;
  public static final ErrorKey UNAUTHENTICATED =
      ErrorKey.of(
          "UNAUTHENTICATED",
          401,
          -32001,
          "Send Authorization: Bearer <admin token>; the token is admin.token in the configuration or "
              + "GATEHOUSE_ADMIN_TOKEN, or the one-time token printed at start.");
  public static final ErrorKey NOT_FOUND =
      ErrorKey.of(
          "NOT_FOUND",
          404,
          -32601,
          "Nothing is served at this path; docs/catalog.md lists the registry and admin APIs.");
  public static final ErrorKey SERVER_NOT_FOUND =
      notFound(
          "SERVER_NOT_FOUND",
          "Check the server name (URL-encode its '/'); GET /v0.1/servers?search= finds it.");
  public static final ErrorKey VERSION_NOT_FOUND =
      notFound(
          "VERSION_NOT_FOUND",
          "Check the version; deleted versions are listed only with include_deleted=true.");
  public static final ErrorKey ENVIRONMENT_NOT_FOUND =
      notFound(
          "ENVIRONMENT_NOT_FOUND",
          "Create the environment first (POST /admin/v1/environments), or check its name.");
  public static final ErrorKey DEPLOYMENT_NOT_FOUND =
      notFound(
          "DEPLOYMENT_NOT_FOUND", "Check the deployment id; GET /admin/v1/deployments lists them.");
  public static final ErrorKey AUTH_SCHEME_NOT_FOUND =
      notFound(
          "AUTH_SCHEME_NOT_FOUND",
          "Create the auth scheme first (POST /admin/v1/auth-schemes), or check its name.");
  public static final ErrorKey ACCESS_RULE_NOT_FOUND =
      notFound(
          "ACCESS_RULE_NOT_FOUND",
          "Check the access rule's id; GET /admin/v1/access-rules lists them.");
  public static final ErrorKey CONNECTION_NOT_FOUND =
      notFound(
          "CONNECTION_NOT_FOUND",
          "Create the connection in the deployment's project first (POST"
              + " /admin/v1/connections?project=NAME), or check its name; GET"
              + " /admin/v1/connections?project=NAME lists them.");
  public static final ErrorKey NO_CHANGE =
      ErrorKey.of(
          "NO_CHANGE",
          400,
          -32600,
          "The version already has that status and message; send a different one.");
  public static final ErrorKey METHOD_NOT_ALLOWED = Errors.METHOD_NOT_ALLOWED;
  public static final ErrorKey VERSION_EXISTS =
      conflict("VERSION_EXISTS", "Versions are immutable: publish a new version number.");
  public static final ErrorKey VERSION_DELETED =
      conflict(
          "VERSION_DELETED",
          "Restore the version (set its status to active), or deploy another one.");
  public static final ErrorKey ENVIRONMENT_EXISTS =
      conflict("ENVIRONMENT_EXISTS", "Update or delete the existing environment.");
  public static final ErrorKey ENVIRONMENT_IN_USE =
      conflict("ENVIRONMENT_IN_USE", "Delete the environment's deployments first.");
  public static final ErrorKey DEPLOYMENT_EXISTS =
      conflict("DEPLOYMENT_EXISTS", "Update or delete the existing deployment.");
  public static final ErrorKey ROUTE_TAKEN =
      conflict(
          "ROUTE_TAKEN",
          "Another deployment or the configuration file serves that route: pick another name.");
  public static final ErrorKey AUTH_SCHEME_EXISTS =
      conflict("AUTH_SCHEME_EXISTS", "Update or delete the existing auth scheme.");
  public static final ErrorKey ACCESS_RULE_EXISTS =
      conflict("ACCESS_RULE_EXISTS", "Update or delete the existing access rule.");
  public static final ErrorKey BODY_TOO_LARGE =
      ErrorKey.of(
          "BODY_TOO_LARGE",
          413,
          -32600,
          "Send at most 1 MiB; import larger catalogs with gatehouse catalog import.");
  public static final ErrorKey INVALID_SERVER_JSON =
      ErrorKey.of(
          "INVALID_SERVER_JSON",
          422,
          -32602,
          "Fix each field listed in details and publish again.");
  public static final ErrorKey IMPORT_INVALID =
      ErrorKey.of(
          "IMPORT_INVALID", 422, -32602, "Fix every listed file and field; nothing was written.");
  public static final ErrorKey NOT_SUPPORTED =
      ErrorKey.of(
          "NOT_SUPPORTED",
          501,
          -32601,
          "Versions are immutable: publish a new one or change its status.");
  public static final ErrorKey STORE_UNAVAILABLE = Errors.STORE_UNAVAILABLE;
  public static final ErrorKey INTERNAL_ERROR = Errors.INTERNAL_ERROR;

  private CatalogErrors() {}

  private static ErrorKey notFound(String key, String hint) {
    return ErrorKey.of(key, 404, -32602, hint);
  }

  private static ErrorKey conflict(String key, String hint) {
    return ErrorKey.of(key, 409, -32602, hint);
  }
}
