package io.ppml.dp;

import io.ppml.refusal.Refusal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.ppml.budget.Charge;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.dp.DpDtos.Privacy;
import io.ppml.dp.DpDtos.Receipt;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.Statistic;
import io.ppml.tenant.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Receipts of releases: what was released (the noisy answer only), by which mechanism, at what cost. */
@Component
class DpReceipts {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    DpReceipts(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    UUID store(Caller caller, String operation, @Nullable Statistic statistic, @Nullable String resource,
            MechanismKind mechanism, double scale, double sensitivity, Object released, PrivacyCost cost,
            Charge charge) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into dp_receipts (id, tenant_id, created_at, key_id, operation, statistic, resource, mechanism,
                    scale, sensitivity, epsilon, delta, rho, ledger_entry_id, ledger_sequence, released)
                values (:id, :tenant, :now, :key, :operation, :statistic, :resource, :mechanism, :scale, :sensitivity,
                    :epsilon, :delta, :rho, :entry, :sequence, :released)""")
                .param("id", id).param("tenant", caller.tenantId())
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("key", caller.keyId())
                .param("operation", operation).param("statistic", statistic == null ? null : statistic.name())
                .param("resource", resource).param("mechanism", mechanism.name())
                .param("scale", scale).param("sensitivity", sensitivity)
                .param("epsilon", cost.epsilon()).param("delta", cost.delta()).param("rho", cost.rho())
                .param("entry", charge.entryId()).param("sequence", charge.sequence())
                .param("released", json.writeValueAsString(released)).update();
        return id;
    }

    @Transactional(readOnly = true)
    Receipt find(UUID tenantId, UUID id) {
        return jdbc.sql("""
                select r.id, r.created_at, r.key_id, r.operation, r.statistic, r.resource, r.mechanism, r.scale,
                    r.sensitivity, r.epsilon, r.delta, r.rho, r.ledger_entry_id, r.ledger_sequence, r.released,
                    l.epsilon_spent, l.delta_spent
                from dp_receipts r join budget_ledger l on l.id = r.ledger_entry_id
                where r.id = :id and r.tenant_id = :tenant""")
                .param("id", id).param("tenant", tenantId)
                .query((rs, n) -> new Receipt(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5) == null ? null : Statistic.valueOf(rs.getString(5)),
                        rs.getString(6), MechanismKind.valueOf(rs.getString(7)), rs.getDouble(8), rs.getDouble(9),
                        new Privacy(rs.getBigDecimal(10).doubleValue(), rs.getBigDecimal(11).doubleValue(),
                                rs.getBigDecimal(12).doubleValue(), MechanismKind.valueOf(rs.getString(7))),
                        json.readValue(rs.getString(15), Object.class),
                        new Receipt.Ledger(rs.getObject(13, UUID.class), rs.getLong(14),
                                number(rs.getBigDecimal(16)), number(rs.getBigDecimal(17)))))
                .optional()
                .orElseThrow(() -> Refusal.notFound("There is no receipt " + id + "."));
    }

    private static double number(BigDecimal value) {
        return value.doubleValue();
    }
}
