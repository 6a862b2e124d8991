package io.gatehouse.catalog.http;

import static io.gatehouse.catalog.http.AdminApi.method;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.internal.Fields;
import io.gatehouse.catalog.internal.Shapes;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Auth schemes and access rules of the admin API: both attach to one version, named by server and
 * version.
 */
final class AttachmentRoutes {
  private final Catalog catalog;

  AttachmentRoutes(Catalog catalog) {
    this.catalog = catalog;
  }

  void route(HttpExchange ex, List<String> s) {
    boolean auth = s.getFirst().equals("auth-schemes");
    if (s.size() == 1) {
      method(ex, "GET", "POST");
      if (ex.method().equals("GET")) {
        VersionRef ref = versionParams(ex);
        ex.json(
            200,
            auth
                ? AdminJson.list(
                    "authSchemes",
                    catalog.authSchemes().of(ref).stream()
                        .map(AdminJson::attachedAuthScheme)
                        .toList())
                : AdminJson.list(
                    "accessRules",
                    catalog.accessRules().of(ref).stream().map(AdminJson::accessRule).toList()));
      } else {
        Fields f = Fields.of(ex.json(), "");
        ex.json(201, auth ? createAuthScheme(f) : createAccessRule(f));
      }
    } else if (s.size() == 2) {
      method(ex, "GET", "DELETE");
      String id = s.get(1);
      if (ex.method().equals("GET")) {
        ex.json(
            200,
            auth
                ? AdminJson.attachedAuthScheme(catalog.authSchemes().get(id))
                : AdminJson.accessRule(catalog.accessRules().get(id)));
        return;
      }
      if (auth) {
        catalog.authSchemes().detach(id);
      } else {
        catalog.accessRules().remove(id);
      }
      ex.empty(204);
    } else {
      throw AdminApi.notFound(ex);
    }
  }

  private ObjectNode createAuthScheme(Fields f) {
    VersionRef ref = version(f);
    AuthScheme scheme = Shapes.authScheme(f, "server", "version");
    f.check(CatalogErrors.INVALID_REQUEST, "auth scheme");
    return AdminJson.attachedAuthScheme(catalog.authSchemes().attach(ref, scheme));
  }

  private ObjectNode createAccessRule(Fields f) {
    f.allowOnly("server", "version", "principal", "actions");
    VersionRef ref = version(f);
    String principal = f.text("principal", true);
    Set<AccessRule.Action> actions = Shapes.actions(f);
    f.check(CatalogErrors.INVALID_REQUEST, "access rule");
    return AdminJson.accessRule(catalog.accessRules().add(ref, principal, actions));
  }

  private static VersionRef version(Fields f) {
    String server = f.text("server", true);
    String version = f.text("version", true);
    return server == null || version == null ? null : new VersionRef(server, version);
  }

  private static VersionRef versionParams(HttpExchange ex) {
    String server = ex.param("server");
    String version = ex.param("version");
    if (server == null || version == null) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "server and version query parameters are required,"
              + " such as ?server=io.github.user/weather&version=1.0.2");
    }
    return new VersionRef(server, version);
  }
}
