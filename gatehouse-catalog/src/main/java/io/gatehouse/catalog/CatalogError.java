package io.gatehouse.catalog;

/** The stable keys of catalog errors and the HTTP status each maps to at the edge. */
public enum CatalogError {
  INVALID_REQUEST(400),
  INVALID_JSON(400),
  UNAUTHORIZED(401),
  NOT_FOUND(404),
  SERVER_NOT_FOUND(404),
  VERSION_NOT_FOUND(404),
  ENVIRONMENT_NOT_FOUND(404),
  DEPLOYMENT_NOT_FOUND(404),
  AUTH_SCHEME_NOT_FOUND(404),
  ACCESS_RULE_NOT_FOUND(404),
  NO_CHANGE(400),
  METHOD_NOT_ALLOWED(405),
  VERSION_EXISTS(409),
  VERSION_DELETED(409),
  ENVIRONMENT_EXISTS(409),
  ENVIRONMENT_IN_USE(409),
  DEPLOYMENT_EXISTS(409),
  ROUTE_TAKEN(409),
  AUTH_SCHEME_EXISTS(409),
  ACCESS_RULE_EXISTS(409),
  BODY_TOO_LARGE(413),
  INVALID_SERVER_JSON(422),
  IMPORT_INVALID(422),
  NOT_SUPPORTED(501),
  STORE_UNAVAILABLE(503),
  INTERNAL(500);

  private final int httpStatus;

  CatalogError(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
