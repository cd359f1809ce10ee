package org.mfunet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Spark module keeps the package rules of docs/architecture.md too ({@link PackageRulesTest}, line "spark"). */
class SparkPackageRulesTest {
    @Test
    void everySparkSourceKeepsThePackageRules() {
        List<String> violations = PackageRulesTest.violations(Path.of("src/main/java/org/mfunet"));
        assertTrue(violations.isEmpty(), "package rules broken (docs/architecture.md):\n" + String.join("\n", violations));
    }
}
