package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top-level {@code cluster:}: this replica's peer port. */
class ClusterConfigTest {
  @TempDir Path dir;

  private ClusterSettings load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(env).load(file).cluster();
  }

  private ClusterSettings load(String yaml) throws Exception {
    return load(yaml, Map.of());
  }

  @Test
  void without_cluster_there_is_no_peer_port() throws Exception {
    ClusterSettings c = load("listen: {port: 0}\n");
    assertThat(c.enabled()).isFalse();
  }

  @Test
  void reads_peer_listen_peer_url_and_peer_expiry() throws Exception {
    ClusterSettings c =
        load(
            "cluster: {peer-listen: '0.0.0.0:7070', peer-url: 'http://10.0.0.5:7070/',"
                + " peer-expiry: 30s}\n");
    assertThat(c.enabled()).isTrue();
    assertThat(c.peerHost()).isEqualTo("0.0.0.0");
    assertThat(c.peerPort()).isEqualTo(7070);
    assertThat(c.peerUrl()).isEqualTo(URI.create("http://10.0.0.5:7070"));
    assertThat(c.peerExpiry()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_loopback_or_named_address_needs_no_peer_url_and_expiry_defaults_to_15s() throws Exception {
    ClusterSettings c = load("cluster: {peer-listen: '[::1]:0'}\n");
    assertThat(c.peerHost()).isEqualTo("::1");
    assertThat(c.peerPort()).isZero();
    assertThat(c.peerUrl()).isNull();
    assertThat(c.peerExpiry()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void an_environment_variable_sets_the_peer_port() throws Exception {
    ClusterSettings c =
        load("listen: {port: 0}\n", Map.of("GATEHOUSE_CLUSTER_PEER_LISTEN", "127.0.0.1:7171"));
    assertThat(c.peerHost()).isEqualTo("127.0.0.1");
    assertThat(c.peerPort()).isEqualTo(7171);
  }

  @Test
  void refuses_what_other_replicas_could_not_use() {
    assertThatThrownBy(() -> load("cluster: {peer-listen: '7070'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.peer-listen: '7070' (expected: host:port");
    assertThatThrownBy(() -> load("cluster: {peer-listen: 'x:99999'}\n"))
        .hasMessageContaining("cluster.peer-listen: '99999' (expected: a port");
    assertThatThrownBy(() -> load("cluster: {peer-listen: '0.0.0.0:7070'}\n"))
        .hasMessageContaining("cluster.peer-url: required");
    assertThatThrownBy(
            () -> load("cluster: {peer-listen: '127.0.0.1:0', peer-url: 'http://h:1/peer'}\n"))
        .hasMessageContaining("cluster.peer-url: 'http://h:1/peer' (expected: an http or https");
    assertThatThrownBy(() -> load("cluster: {peer-url: 'http://h:1'}\n"))
        .hasMessageContaining("cluster.peer-url: set, but cluster.peer-listen is not");
    assertThatThrownBy(() -> load("cluster: {peer-listen: '127.0.0.1:0', peer-expiry: 500ms}\n"))
        .hasMessageContaining("cluster.peer-expiry: '500ms' (expected: at least 1s");
  }
}
