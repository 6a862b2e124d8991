package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.VersionRef;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Read-side joins the APIs render with: a page's extras and the environments, in one read. */
public final class CatalogReads {
  private final CatalogContext ctx;

  public CatalogReads(CatalogContext ctx) {
    this.ctx = ctx;
  }

  /** What a page of versions needs besides the versions themselves. */
  public record Views(
      Map<VersionRef, VersionExtras> extras, Map<String, Environment> environments) {
    public VersionExtras of(VersionRef ref) {
      return extras.getOrDefault(ref, VersionExtras.NONE);
    }
  }

  public Views views(Collection<VersionRef> refs) {
    return ctx.db()
        .read(
            tx ->
                new Views(
                    ExtrasRows.load(tx, refs),
                    EnvironmentRows.all(tx).stream()
                        .collect(Collectors.toMap(Environment::name, Function.identity()))));
  }
}
