package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading the heap in use from what {@code jcmd GC.heap_info} prints for each collector. */
class JvmHeapTest {
  @Test
  void sums_the_generations_of_the_serial_collector_the_gateway_runs_with() throws IOException {
    String serial =
        """
        20160:
        DefNew     total 9792K, used 3186K [0x0000000687400000, 0x0000000687ea0000)
         eden space 8704K,  24% used [0x0000000687400000, 0x000000068760ca60)
         from space 1088K, 100% used [0x0000000687d90000, 0x0000000687ea0000)
        Tenured    total 21888K, used 1826K [0x0000000704d50000, 0x00000007062b0000)
         the  space 21888K,   8% used [0x0000000704d50000, 0x0000000704f18530)
         Metaspace       used 1234K, committed 1408K, reserved 1114112K
        """;

    assertThat(JvmHeap.usedMiB(serial)).isEqualTo(5012 / 1024.0);
  }

  @Test
  void reads_g1s_single_heap_line_and_refuses_output_without_one() throws IOException {
    String g1 =
        """
        23984:
        garbage-first heap   total reserved 6172672K, committed 229376K, used 73028K [0x0000000687400000)
         region size 4096K, 14 young (57344K), 1 survivors (4096K)
        """;

    assertThat(JvmHeap.usedMiB(g1)).isEqualTo(73028 / 1024.0);
    assertThatThrownBy(() -> JvmHeap.usedMiB("23984:\nAttachNotSupportedException"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no heap in use");
  }
}
