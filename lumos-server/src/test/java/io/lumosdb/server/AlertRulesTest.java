package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the Alertmanager example of {@code ops/}, checked by Prometheus' own tools:
 * {@code promtool check rules}, {@code promtool test rules} (a unit test of each alert, firing and silent),
 * {@code amtool check-config}.
 */
class AlertRulesTest {
    @Test
    void promtool_checksTheRules() throws Exception {
        Path rules = OpsTools.ops().resolve("prometheus");
        OpsTools.Run run = OpsTools.run(rules, OpsTools.tool("promtool", "prometheus").toString(), "check", "rules", "lumos-alerts.yml");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("SUCCESS: 7 rules found"), run.output());
    }

    @Test
    void promtool_unitTestsEveryAlert() throws Exception {
        Path rules = OpsTools.ops().resolve("prometheus");
        OpsTools.Run run = OpsTools.run(rules, OpsTools.tool("promtool", "prometheus").toString(), "test", "rules", "lumos-alerts.test.yml");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("SUCCESS"), run.output());
        String tests = java.nio.file.Files.readString(rules.resolve("lumos-alerts.test.yml"));
        for (String alert : new String[] {"LumosDown", "LumosNotReady", "LumosReplicaLagHigh", "LumosApplyStalled", "LumosReplicaFailing",
                "LumosErrorRateHigh", "LumosDiskNearlyFull"}) {
            assertTrue(tests.contains("alertname: " + alert), alert + " has a unit test");
        }
    }

    @Test
    void amtool_checksTheAlertmanagerExample() throws Exception {
        Path dir = OpsTools.ops().resolve("alertmanager");
        OpsTools.Run run = OpsTools.run(dir, OpsTools.tool("amtool", "prometheus-alertmanager").toString(), "check-config",
                "alertmanager.yml");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("SUCCESS"), run.output());
        assertTrue(run.output().contains("3 receivers"), run.output());
    }
}
