package io.gatehouse.server;

import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.SecretInfo;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code gatehouse vault status|rotate|rewrap|retire}: the master keys, against the store the
 * configuration names. A rotation puts a new master key first in the key file and re-wraps every
 * data key under it in one transaction; running servers read the key file again when they meet the
 * new key id, so nothing stops. The old key stays until {@code retire} removes it, which it refuses
 * while anything is still wrapped by it.
 */
final class VaultCommand {
  private VaultCommand() {}

  static Cli.Command command() {
    return Cli.Command.group(
        "vault",
        "The vault's master keys: status, rotate, rewrap, retire.",
        List.of(
            Cli.Command.of(
                "status",
                "Show the master keys and how many data keys each wraps.",
                List.of(Main.CONFIG),
                null,
                0,
                VaultCommand::status),
            Cli.Command.of(
                "rotate",
                "Put a new master key first in the key file and re-wrap every data key under it.",
                List.of(Main.CONFIG),
                null,
                0,
                VaultCommand::rotate),
            Cli.Command.of(
                "rewrap",
                "Re-wrap every data key under the primary master key (after changing"
                    + " GATEHOUSE_MASTER_KEY).",
                List.of(Main.CONFIG),
                null,
                0,
                VaultCommand::rewrap),
            Cli.Command.of(
                "retire",
                "Remove master key ID from the key file once no data key is wrapped by it.",
                List.of(Main.CONFIG),
                "ID",
                1,
                VaultCommand::retire)));
  }

  private static final Cli.Option PROJECT =
      new Cli.Option(
          "project", "p", "NAME", "the project the secret belongs to (default: default)");
  private static final Cli.Option FROM_FILE =
      new Cli.Option(
          "from-file", null, "FILE", "read the value from FILE instead of standard input");

  /**
   * {@code gatehouse secrets set|list|delete}: a project's secrets, as the admin API manages them.
   * {@code set} reads the value from standard input (or a file), never from an argument, so it does
   * not land in the shell's history or the process list.
   */
  static Cli.Command secrets() {
    return Cli.Command.group(
        "secrets",
        "A project's secrets in the vault: set (value from standard input), list, delete.",
        List.of(
            Cli.Command.of(
                "set",
                "Store a new version of secret NAME, its value read from standard input.",
                List.of(Main.CONFIG, PROJECT, FROM_FILE),
                "NAME",
                1,
                VaultCommand::setSecret),
            Cli.Command.of(
                "list",
                "List the project's secrets: names, versions, masks and fingerprints.",
                List.of(Main.CONFIG, PROJECT),
                null,
                0,
                VaultCommand::listSecrets),
            Cli.Command.of(
                "delete",
                "Delete secret NAME and every version of it.",
                List.of(Main.CONFIG, PROJECT),
                "NAME",
                1,
                VaultCommand::deleteSecret)));
  }

  private static String project(Cli.Args a) {
    return a.get("project") == null ? "default" : a.get("project");
  }

  private static int setSecret(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) -> {
          byte[] raw =
              a.get("from-file") == null
                  ? System.in.readAllBytes()
                  : java.nio.file.Files.readAllBytes(Path.of(a.get("from-file")));
          String value = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
          // one trailing newline is the terminal's or the editor's, not the value's
          value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
          value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
          SecretInfo info =
              vault.put(project(a), a.operands().getFirst(), io.gatehouse.core.Secret.of(value));
          out.println(
              info.project()
                  + "/"
                  + info.name()
                  + " version "
                  + info.version()
                  + "  "
                  + info.mask()
                  + "  "
                  + info.fingerprint());
        });
  }

  private static int listSecrets(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) ->
            vault
                .list(project(a))
                .forEach(
                    i ->
                        out.println(
                            i.name()
                                + "  version "
                                + i.version()
                                + "  "
                                + i.mask()
                                + "  "
                                + i.fingerprint()
                                + "  "
                                + i.createdAt())));
  }

  private static int deleteSecret(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) -> {
          vault.delete(project(a), a.operands().getFirst());
          out.println("deleted " + project(a) + "/" + a.operands().getFirst());
        });
  }

  @FunctionalInterface
  private interface Work {
    void run(Keyring keys, Vault vault) throws java.io.IOException;
  }

  private static int with(Cli.Args a, PrintWriter err, Work work) {
    String file = a.get("config");
    return StoreCommand.run(
        file == null ? null : Path.of(file),
        err,
        (config, db) -> {
          Keyring keys = config.vault().keyring();
          if (keys == null) {
            throw new VaultException(
                VaultErrors.VAULT_LOCKED,
                "no master key: set GATEHOUSE_MASTER_KEY or vault.key-file in the configuration");
          }
          work.run(keys, Vault.open(db, keys, Clock.systemUTC()));
        });
  }

  private static int status(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) -> {
          Map<String, Long> wrapped = vault.dataKeysByMasterKey();
          out.println(
              "master keys ("
                  + (keys.file() == null ? "GATEHOUSE_MASTER_KEY" : keys.file())
                  + "):");
          for (String id : keys.ids()) {
            out.println(
                "  "
                    + id
                    + (id.equals(keys.primaryId()) ? "  primary" : "")
                    + "  wraps "
                    + wrapped.getOrDefault(id, 0L)
                    + " data key(s)");
          }
          wrapped.keySet().stream()
              .filter(id -> !keys.ids().contains(id))
              .forEach(
                  id ->
                      out.println(
                          "  " + id + "  MISSING: wraps " + wrapped.get(id) + " data key(s)"));
        });
  }

  private static int rotate(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) -> {
          String old = keys.primaryId();
          Keyring next = keys.rotate();
          int moved = vault.with(next).rewrap();
          out.println(
              "new primary master key "
                  + next.primaryId()
                  + "; re-wrapped "
                  + moved
                  + " data key(s). "
                  + old
                  + " stays in the key file until: gatehouse vault retire "
                  + old);
        });
  }

  private static int rewrap(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) ->
            out.println("re-wrapped " + vault.rewrap() + " data key(s) under " + keys.primaryId()));
  }

  private static int retire(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (keys, vault) -> {
          String id = a.operands().getFirst();
          long still = vault.dataKeysByMasterKey().getOrDefault(id, 0L);
          if (still > 0) {
            throw new VaultException(
                VaultErrors.VAULT_KEY_MISSING,
                id + " still wraps " + still + " data key(s): run gatehouse vault rewrap first");
          }
          keys.retire(id);
          out.println("retired master key " + id);
        });
  }
}
