package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * How Gatehouse runs a deployment of transport {@code stdio}: which npm package of the version's
 * server.json ({@code packages[]} with {@code registryType: npm} and {@code transport: {type:
 * stdio}}), the values of its environment variables, and the working directory. The command line
 * comes from the package itself ({@code npx -y identifier@version} and its arguments).
 *
 * @param identifier the package's {@code identifier}; null in a new deployment means "the version's
 *     only npm stdio package"
 * @param env variable values: for the package's {@code environmentVariables} and any others the
 *     process should get; a secret variable's value is a {@code ${secret:NAME}} reference, read
 *     from the vault of the deployment's project when a process starts, never a literal
 * @param cwd the process's working directory, or null for a fresh directory of the route's own
 */
public record HostedPackage(String identifier, Map<String, String> env, String cwd)
    implements HostedUpstream {
  public HostedPackage {
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** The same, running package {@code identifier}. */
  public HostedPackage withIdentifier(String identifier) {
    return new HostedPackage(requireNonNull(identifier, "identifier"), env, cwd);
  }
}
