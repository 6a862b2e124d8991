package io.gatehouse.catalog.http;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import java.util.List;

/**
 * The server name at the start of a registry path and what follows it. Clients send the name
 * URL-encoded ({@code com.example%2Fmy-server}, one segment); a client that leaves the {@code /} as
 * is sends two segments, which are joined, since a valid name always contains exactly one {@code
 * /}.
 */
record ServerPath(String name, List<String> rest) {
  static ServerPath parse(List<String> segments) {
    String first = segments.getFirst();
    if (first.contains("/")) {
      return new ServerPath(first, segments.subList(1, segments.size()));
    }
    if (segments.size() < 2) {
      throw new CatalogException(
          CatalogErrors.NOT_FOUND,
          "Server not found: '"
              + first
              + "' is not a server name (expected: namespace/name, URL-encoded as namespace%2Fname)");
    }
    return new ServerPath(first + "/" + segments.get(1), segments.subList(2, segments.size()));
  }
}
