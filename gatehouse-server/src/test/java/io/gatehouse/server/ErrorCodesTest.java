package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.ErrorKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every error key of every module (the {@code *Errors} classes on the server's class path) keeps
 * out of the JSON-RPC codes MCP 2026-07-28 reserves for the protocol, {@code -32020}..{@code
 * -32099}, unless it is the protocol's own code for that very failure.
 */
class ErrorCodesTest {
  private static final Set<Integer> PROTOCOL_CODES = Set.of(-32020, -32021, -32022, -32042);

  @Test
  void no_key_takes_a_code_the_protocol_reserves() throws Exception {
    List<ErrorKey> keys = new ArrayList<>();
    for (String name : errorClasses()) {
      for (Field f : Class.forName(name).getDeclaredFields()) {
        if (f.getType() == ErrorKey.class && Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          keys.add((ErrorKey) f.get(null));
        }
      }
    }

    assertThat(keys).as("keys found").hasSizeGreaterThan(60);
    assertThat(keys)
        .filteredOn(k -> k.rpcCode() <= -32020 && k.rpcCode() >= -32099)
        .allSatisfy(k -> assertThat(PROTOCOL_CODES).as(k.key()).contains(k.rpcCode()));
  }

  /**
   * The {@code io.gatehouse} classes named {@code *Errors} in the class path's jars and folders.
   */
  private static List<String> errorClasses() {
    List<String> names = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.walk(p)) {
          files
              .map(f -> p.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
              .forEach(f -> addIfErrors(f, names));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (p.getFileName().toString().startsWith("gatehouse-") && entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          jar.stream().forEach(e -> addIfErrors(e.getName(), names));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    assertThat(names).as("*Errors classes").contains("io.gatehouse.gateway.GatewayErrors");
    return names;
  }

  private static void addIfErrors(String path, List<String> names) {
    if (path.startsWith("io/gatehouse/") && path.endsWith("Errors.class")) {
      names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
    }
  }
}
