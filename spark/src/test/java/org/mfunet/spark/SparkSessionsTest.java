package org.mfunet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mfunet.MfunetException;

class SparkSessionsTest {
    @Test
    void localMastersRetryATaskAsAClusterDoesAndOthersPassAsGiven() {
        String[][] table = {
            {"local", "local[1,4]"},
            {"local[2]", "local[2,4]"},
            {"local[*]", "local[*,4]"},
            {" local[16] ", "local[16,4]"},
            {"local[2,1]", "local[2,1]"},
            {"spark://head:7077", "spark://head:7077"},
            {"yarn", "yarn"},
            {"k8s://https://api:6443", "k8s://https://api:6443"},
        };
        for (String[] row : table) {
            assertEquals(row[1], SparkSessions.master(row[0]), row[0]);
        }
    }

    @Test
    void refusesMalformedLocalMastersInOneLine() {
        for (String bad : new String[] {"", "local[0]", "local[two]", "locale", "local[2,0]"}) {
            MfunetException e = assertThrows(MfunetException.class, () -> SparkSessions.master(bad), bad);
            assertEquals("--spark: '" + bad + "' is not a Spark master (local, local[N], local[*], local[N,F],"
                    + " spark://HOST:PORT, yarn or k8s://...)", e.getMessage());
        }
    }
}
