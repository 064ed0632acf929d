package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DleNanniesTest {
    @BeforeAll
    static void fitNanny() {
        DleTopologyTest.fitNanny();
    }

    @Test
    void theBytesAreReadOnceAndTheLoadedNannyIsReused() throws Exception {
        DleNannies nannies = new DleNannies();
        AtomicInteger reads = new AtomicInteger();
        DleNannies.Nanny first = null;
        for (int i = 0; i < 1_000; i++) {
            DleNannies.Nanny n = nannies.get(DleTopologyTest.nannySha, () -> {
                reads.incrementAndGet();
                return DleTopologyTest.nannyBytes;
            });
            assertThat(n).isNotNull();
            first = first == null ? n : first;
            assertThat(n).isSameAs(first);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void missingBytesAreNoNannyAndAreAskedForAgain() throws Exception {
        DleNannies nannies = new DleNannies();
        AtomicInteger reads = new AtomicInteger();
        assertThat(nannies.get(DleTopologyTest.nannySha, () -> {
            reads.incrementAndGet();
            return null;
        })).isNull();
        assertThat(nannies.get(DleTopologyTest.nannySha, () -> {
            reads.incrementAndGet();
            return DleTopologyTest.nannyBytes;
        })).isNotNull();
        assertThat(reads).hasValue(2);
    }

    @Test
    void bytesThatDoNotLoadAreNotReadAgain() {
        DleNannies nannies = new DleNannies();
        AtomicInteger reads = new AtomicInteger();
        byte[] junk = {1, 2, 3};
        String sha = io.hindsight.contracts.model.Sha256.hex(junk);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> nannies.get(sha, () -> {
                reads.incrementAndGet();
                return junk;
            })).isInstanceOf(Exception.class);
        }
        assertThat(reads).hasValue(1);
    }
}
