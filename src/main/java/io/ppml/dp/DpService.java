package io.ppml.dp;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

import io.ppml.budget.BudgetService;
import io.ppml.budget.Charge;
import io.ppml.budget.ChargeRequest;
import io.ppml.budget.LedgerEntry;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.dp.DatasetDtos.Column;
import io.ppml.dp.DatasetDtos.ColumnType;
import io.ppml.dp.DatasetDtos.DatasetQuery;
import io.ppml.dp.DpDtos.BudgetLeft;
import io.ppml.dp.DpDtos.Interval;
import io.ppml.dp.DpDtos.NoiseRequest;
import io.ppml.dp.DpDtos.NoiseResponse;
import io.ppml.dp.DpDtos.PlanRequest;
import io.ppml.dp.DpDtos.PlanResponse;
import io.ppml.dp.DpDtos.Privacy;
import io.ppml.dp.DpDtos.StatisticsRequest;
import io.ppml.dp.DpDtos.StatisticsResponse;
import io.ppml.dp.core.DpPreconditions;
import io.ppml.dp.core.DpStatistics;
import io.ppml.dp.core.GroupedRelease;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.PreparedRelease;
import io.ppml.dp.core.PrivacyLoss;
import io.ppml.dp.core.Statistic;
import io.ppml.dp.core.StatisticQuery;
import io.ppml.dp.core.StatisticResult;
import io.ppml.persistence.Idempotency;
import io.ppml.persistence.KeptEffectsFailure;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Releases differentially private answers: validate, compute in memory, charge the budget, then add noise and keep
 * a receipt — all inside one transaction run by {@link Idempotency}, so that a retried request returns the very
 * same noisy answer and is charged once (which also defeats averaging attacks by replay). Every method is its own
 * transaction boundary: the releases through {@link Idempotency#run} (never inside an outer transaction, which would
 * roll back the charge that a {@link KeptEffectsFailure} commits), {@link #releaseNoise} only inside its caller's
 * and {@link #receipt} read-only.
 */
@Service
class DpService {

    private static final double DEFAULT_LEVEL = DpPreconditions.DEFAULT_CONFIDENCE_LEVEL;
    private static final Logger log = LoggerFactory.getLogger(DpService.class);

    private final BudgetService budget;
    private final ReceiptRepository receipts;
    private final DatasetService datasets;
    private final Idempotency idempotency;
    private final DpProperties properties;
    private final DataSource dataSource;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final Clock clock;
    private final DpPlanner planner;

    DpService(BudgetService budget, ReceiptRepository receipts, DatasetService datasets, Idempotency idempotency,
            DpProperties properties, DataSource dataSource, EntityManager entityManager, JsonMapper json,
            Clock clock) {
        this.budget = budget;
        this.receipts = receipts;
        this.datasets = datasets;
        this.idempotency = idempotency;
        this.properties = properties;
        this.dataSource = dataSource;
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
        this.planner = new DpPlanner(budget, properties);
    }

    /** What a release would cost and how accurate it would be, and whether the budget affords it; charges nothing. */
    @Transactional(readOnly = true)
    PlanResponse plan(Caller caller, PlanRequest request) {
        return planner.plan(caller, request);
    }

    Idempotency.Outcome<NoiseResponse> noise(Caller caller, NoiseRequest request, @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey, "POST /v1/dp/noise",
                request), NoiseResponse.class, () -> {
                    MechanismKind kind = kind(request.mechanism());
                    if (request.values().size() > properties.maxValues()) {
                        throw Refusal.invalid("values", "must hold at most " + properties.maxValues()
                                + " values");
                    }
                    double[] values = request.values().stream().mapToDouble(Double::doubleValue).toArray();
                    double delta = request.delta() == null ? 0 : request.delta();
                    PreparedRelease prepared = DpStatistics.noise(values, request.sensitivity(),
                            calibrationEpsilon(request.epsilon()), delta, kind, level(request.confidenceLevel()));
                    Released released = release(caller, idempotencyKey, "dp.noise", null, null, kind,
                            cost(kind, request.epsilon(), delta, prepared.totalLoss()), null, List.of(prepared));
                    StatisticResult result = released.results().get(0);
                    @SuppressWarnings("unchecked")
                    List<Double> noisy = (List<Double>) result.result();
                    return new NoiseResponse(noisy, result.scale(), interval(result), released.privacy(),
                            released.left(), released.receiptId());
                });
    }

    Idempotency.Outcome<StatisticsResponse> statistics(Caller caller, StatisticsRequest request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/dp/statistics", request), StatisticsResponse.class, () -> {
                    MechanismKind kind = kind(request.mechanism());
                    double delta = request.delta() == null ? 0 : request.delta();
                    StatisticQuery query = query(request, calibrationEpsilon(request.epsilon()), delta, kind);
                    PreparedRelease prepared = DpStatistics.prepare(query, properties.maxValues());
                    Released released = release(caller, idempotencyKey, "dp.statistics." + request.statistic(),
                            request.statistic(), null, kind,
                            cost(kind, request.epsilon(), delta, prepared.totalLoss()), null, List.of(prepared));
                    StatisticResult result = released.results().get(0);
                    return new StatisticsResponse(result.statistic(), result.result(), interval(result),
                            released.privacy(), released.left(), released.receiptId());
                });
    }

    /**
     * A statistic over a stored column: the rows are read here, bounded per privacy unit and split into the declared
     * groups of {@code groupBy} by the core ({@link GroupedRelease}, which says why one charge pays for all groups).
     */
    Idempotency.Outcome<StatisticsResponse> queryDataset(Caller caller, UUID datasetId, DatasetQuery request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/dp/datasets/" + datasetId + "/query", request), StatisticsResponse.class, () -> {
                    UnusedFields.of(request.statistic()).check("lower", request.lower())
                            .check("upper", request.upper()).check("quantiles", request.quantiles())
                            .check("bins", request.bins()).refuse();
                    DatasetService.Loaded dataset = datasets.loadForQuery(caller.tenantId(), datasetId);
                    MechanismKind kind = kind(request.mechanism());
                    double delta = request.delta() == null ? 0 : request.delta();
                    Column column = dataset.column(request.column(), "column");
                    @Nullable Column by = null;
                    if (request.groupBy() != null) {
                        by = dataset.column(request.groupBy(), "groupBy");
                        if (by.type() != ColumnType.CATEGORICAL || by.categories() == null) {
                            throw Refusal.invalid("groupBy", "must be a CATEGORICAL column with declared "
                                    + "categories: group keys come only from declared categories, never from the data");
                        }
                    }
                    int contributions = dataset.view().privacyUnit() == null ? 1 : dataset.view().maxContributions();
                    GroupedRelease grouped = GroupedRelease.prepare(datasetQuery(request, column,
                            calibrationEpsilon(request.epsilon()), delta, kind), rows(dataset, column, by),
                            contributions, by == null ? null : by.categories(), dataset.maxRows());
                    PrivacyCost cost = cost(kind, request.epsilon(), delta, grouped.totalLoss());
                    datasets.chargeCap(dataset, cost.epsilon());
                    Released released = release(caller, idempotencyKey, "dp.datasets.query." + request.statistic(),
                            request.statistic(), "dataset:" + datasetId, kind, cost, grouped.groups(),
                            grouped.parts());
                    if (request.groupBy() == null) {
                        StatisticResult result = released.results().get(0);
                        return new StatisticsResponse(result.statistic(), result.result(), interval(result),
                                released.privacy(), released.left(), released.receiptId());
                    }
                    Map<String, Object> byGroup = new LinkedHashMap<>();
                    double widest = 0;
                    int i = 0;
                    for (String group : grouped.groups()) {
                        StatisticResult result = released.results().get(i++);
                        byGroup.put(group, result.result());
                        widest = Math.max(widest, result.confidenceInterval().halfWidth());
                    }
                    double level = released.results().get(0).confidenceInterval().level();
                    return new StatisticsResponse(request.statistic(), byGroup, new Interval(null, null, widest, level),
                            released.privacy(), released.left(), released.receiptId());
                });
    }

    /** A vector release for another module ({@link DpReleases}), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Released releaseNoise(Caller caller, @Nullable String idempotencyKey, String operation, String resource,
            double epsilon, PreparedRelease prepared) {
        return release(caller, idempotencyKey, operation, null, resource, MechanismKind.LAPLACE,
                cost(MechanismKind.LAPLACE, epsilon, 0, prepared.totalLoss()), null, List.of(prepared));
    }

    /**
     * A receipt of the caller's tenant, with what the tenant had spent after the charge that paid for it (from the
     * budget's ledger, through its public service: the ledger is the budget module's).
     */
    @Transactional(readOnly = true)
    DpDtos.Receipt receipt(UUID tenantId, UUID id) {
        return view(tenantId, receipts.findByIdAndTenantId(id, tenantId)
                .orElseThrow(() -> Refusal.notFound("There is no receipt " + id + ".")));
    }

    /**
     * The receipt of the release a ledger entry paid for. Entries of FL rounds have none (the task shows them), nor
     * has a charge that was kept when its release failed.
     */
    @Transactional(readOnly = true)
    DpDtos.Receipt receiptOfLedgerEntry(UUID tenantId, UUID ledgerEntryId) {
        return view(tenantId, receipts.findByLedgerEntryIdAndTenantId(ledgerEntryId, tenantId)
                .orElseThrow(() -> Refusal.notFound("There is no receipt for ledger entry " + ledgerEntryId + ".")));
    }

    private DpDtos.Receipt view(UUID tenantId, Receipt receipt) {
        UUID id = receipt.id();
        LedgerEntry entry = budget.entry(tenantId, receipt.ledgerEntryId())
                .orElseThrow(() -> new IllegalStateException("the ledger entry of receipt " + id + " is missing"));
        return new DpDtos.Receipt(receipt.id(), receipt.createdAt(), receipt.keyId(), receipt.operation(),
                receipt.statistic(), receipt.resource(), receipt.mechanism(), receipt.scale(), receipt.sensitivity(),
                new Privacy(receipt.epsilon().doubleValue(), receipt.delta().doubleValue(),
                        receipt.rho().doubleValue(), receipt.mechanism()),
                json.readValue(receipt.released(), Object.class),
                new DpDtos.Receipt.Ledger(entry.id(), entry.sequence(), entry.epsilonSpent(), entry.deltaSpent()));
    }

    /** What a release did: its noisy results (one per part), its cost, the budget left and its receipt. */
    record Released(List<StatisticResult> results, Privacy privacy, BudgetLeft left, UUID receiptId) {
    }

    /**
     * Charges {@code cost}, then — only then — draws the noise of every part and stores the receipt. Runs inside the
     * caller's transaction, so a refused charge leaves nothing behind. Everything after the charge runs in a
     * savepoint: should it fail (it cannot fail because of the data — every check that could depend on the data is
     * made on public bounds before the charge), the noise and the receipt are rolled back, the charge is kept and
     * committed, and the caller gets a 500 that releases nothing ({@link KeptEffectsFailure}). Rolling the charge
     * back instead would make a failure a free answer about the data.
     */
    private Released release(Caller caller, @Nullable String idempotencyKey, String operation,
            @Nullable Statistic statistic, @Nullable String resource, MechanismKind kind, PrivacyCost cost,
            @Nullable List<String> groupNames, List<PreparedRelease> parts) {
        Charge charge = budget.charge(new ChargeRequest(caller.tenantId(), caller.keyId(), operation, resource,
                kind.name(), cost, idempotencyKey));
        try {
            return inSavepoint(() -> noiseAndReceipt(caller, operation, statistic, resource, kind, cost, groupNames,
                    parts, charge));
        } catch (RuntimeException | Error e) {
            // the message of a failure on this path could quote a value: log its type and where, never its text
            RuntimeException scrubbed = new RuntimeException(e.getClass().getName());
            scrubbed.setStackTrace(e.getStackTrace());
            log.error("A release failed after its charge (ledger entry {}); the charge is kept, nothing was released",
                    charge.entryId(), scrubbed);
            throw new KeptEffectsFailure("The release failed after its privacy cost was charged (ledger entry "
                    + charge.entryId() + "). The charge is kept and nothing was released; the failure was logged.");
        }
    }

    /**
     * Runs {@code work} inside a savepoint of the current transaction's JDBC connection, rolled back to if it
     * throws: the transaction stays usable (on PostgreSQL a failed statement would otherwise doom it) and what came
     * before — the charge — commits. JPA's transaction manager shares this connection with JdbcClient but does not
     * offer savepoints itself (Hibernate's dialect has none), hence the connection-level savepoint. What the JPA
     * session holds of the charges (the dataset's cap, the budget's) is flushed first, so that it lies before the
     * savepoint and a rollback to it cannot undo it; nothing inside uses the session (a failed flush would mark the
     * whole transaction rollback-only — see {@link ReceiptInsert}).
     */
    private <T> T inSavepoint(Supplier<T> work) {
        entityManager.flush();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set a savepoint after the charge", e);
        }
        try {
            T result = work.get();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (RuntimeException | Error | SQLException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("savepoint release failed", e);
        }
    }

    private Released noiseAndReceipt(Caller caller, String operation, @Nullable Statistic statistic,
            @Nullable String resource, MechanismKind kind, PrivacyCost cost, @Nullable List<String> groupNames,
            List<PreparedRelease> parts, Charge charge) {
        List<StatisticResult> results = parts.stream().map(PreparedRelease::release).toList();
        Object released;
        if (groupNames == null) {
            released = results.get(0).result();
        } else {
            Map<String, Object> byGroup = new LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                byGroup.put(groupNames.get(i), results.get(i).result());
            }
            released = groupNames.size() == 1 && groupNames.get(0).isEmpty() ? results.get(0).result() : byGroup;
        }
        StatisticResult first = results.get(0);
        Privacy privacy = new Privacy(cost.epsilon().doubleValue(), cost.delta().doubleValue(),
                cost.rho().doubleValue(), kind);
        UUID receiptId = UUID.randomUUID();
        receipts.insertNow(new Receipt(receiptId, caller.tenantId(), clock.instant(), caller.keyId(), operation,
                statistic, resource, kind, first.scale(), first.sensitivity(), cost.epsilon(), cost.delta(),
                cost.rho(), charge.entryId(), charge.sequence(), json.writeValueAsString(released)));
        BudgetLeft left = new BudgetLeft(charge.budget().epsilon().remaining(), charge.budget().delta().remaining());
        return new Released(results, privacy, left, receiptId);
    }

    /**
     * The cost the ledger records for a release the caller asked to cost {@code epsilon} (and δ): pure releases are
     * charged the decimal the caller wrote, Gaussian ones their zCDP ρ rounded up. The mechanisms were calibrated
     * with at most that ε ({@link #calibrationEpsilon}); this checks it, so what is charged always covers the loss.
     */
    static PrivacyCost cost(MechanismKind kind, double epsilon, double delta, PrivacyLoss loss) {
        PrivacyCost cost = kind == MechanismKind.LAPLACE ? PrivacyCost.pure(epsilon)
                : PrivacyCost.zcdp(loss.rho(), delta, epsilon);
        boolean covered = kind == MechanismKind.LAPLACE
                ? new BigDecimal(loss.epsilon()).compareTo(cost.epsilon()) <= 0
                : new BigDecimal(loss.rho()).compareTo(cost.rho()) <= 0;
        if (!covered) {
            throw new IllegalStateException("a mechanism was calibrated for more than its charge");
        }
        return cost;
    }

    /**
     * The ε a mechanism is calibrated with: never above the decimal the ledger records (0.1 is charged as exactly
     * 0.1, and the double 0.1 is a little larger), so that what is charged always covers what is spent.
     */
    static double calibrationEpsilon(double epsilon) {
        return Double.isFinite(epsilon) && epsilon > 0 ? PrivacyCost.pure(epsilon).mechanismEpsilon() : epsilon;
    }

    private static MechanismKind kind(@Nullable MechanismKind kind) {
        return kind == null ? MechanismKind.LAPLACE : kind;
    }

    private static StatisticQuery query(StatisticsRequest request, double epsilon, double delta, MechanismKind kind) {
        UnusedFields.of(request.statistic()).check("lower", request.lower()).check("upper", request.upper())
                .check("quantiles", request.quantiles()).check("categories", request.categories())
                .check("bins", request.bins()).refuse();
        boolean categorical = request.statistic() == Statistic.HISTOGRAM && request.categories() != null;
        List<String> categoricalValues = new ArrayList<>();
        double[] numeric = new double[categorical ? 0 : request.values().size()];
        for (int i = 0; i < request.values().size(); i++) {
            Object value = request.values().get(i);
            if (categorical) {
                categoricalValues.add(String.valueOf(value));
            } else if (value instanceof Number number) {
                numeric[i] = number.doubleValue();
            } else {
                throw Refusal.invalid("values[" + i + "]", "must be a number");
            }
        }
        return new StatisticQuery(request.statistic(), numeric, categoricalValues, request.lower(), request.upper(),
                toArray(request.quantiles(), "quantiles"), request.categories(), toArray(request.bins(), "bins"),
                epsilon, delta, kind, level(request.confidenceLevel()), 1);
    }

    /** The public part of a query over a stored column: the core adds each group's rows ({@link GroupedRelease}). */
    private static StatisticQuery datasetQuery(DatasetQuery request, Column column, double epsilon, double delta,
            MechanismKind kind) {
        boolean categorical = column.type() == ColumnType.CATEGORICAL;
        if (categorical && request.statistic() != Statistic.COUNT && request.statistic() != Statistic.HISTOGRAM) {
            throw Refusal.invalid("column", request.statistic() + " needs a NUMERIC column");
        }
        if (categorical && request.statistic() == Statistic.HISTOGRAM && column.categories() == null) {
            throw Refusal.invalid("column", "a HISTOGRAM over a CATEGORICAL column needs its declared "
                    + "categories");
        }
        return new StatisticQuery(request.statistic(), null, null,
                DatasetService.bound(request.lower(), column.lower()),
                DatasetService.bound(request.upper(), column.upper()),
                toArray(request.quantiles(), "quantiles"), categorical ? column.categories() : null,
                toArray(request.bins(), "bins"), epsilon, delta, kind, level(request.confidenceLevel()), 1);
    }

    /**
     * The stored rows as the core reads them: the privacy unit (when the dataset has one), the {@code by} group key,
     * and the column's value — a number for a NUMERIC column (COUNT counts rows, whatever the column holds), the
     * category for a CATEGORICAL one.
     */
    private static List<GroupedRelease.Row> rows(DatasetService.Loaded dataset, Column column, @Nullable Column by) {
        String unit = dataset.view().privacyUnit();
        int unitIndex = unit == null ? -1 : dataset.index(unit);
        int byIndex = by == null ? -1 : dataset.index(by.name());
        int index = dataset.index(column.name());
        boolean categorical = column.type() == ColumnType.CATEGORICAL;
        List<GroupedRelease.Row> rows = new ArrayList<>(dataset.rows().size());
        for (List<Object> row : dataset.rows()) {
            Object value = row.get(index);
            rows.add(new GroupedRelease.Row(unitIndex < 0 ? null : String.valueOf(row.get(unitIndex)),
                    byIndex < 0 ? null : String.valueOf(row.get(byIndex)),
                    categorical ? 0 : ((Number) value).doubleValue(), categorical ? String.valueOf(value) : null));
        }
        return rows;
    }

    private static Interval interval(StatisticResult result) {
        var ci = result.confidenceInterval();
        return result.result() instanceof Double ? new Interval(ci.lower(), ci.upper(), ci.halfWidth(), ci.level())
                : new Interval(null, null, ci.halfWidth(), ci.level());
    }

    private static double level(@Nullable Double level) {
        return level == null ? DEFAULT_LEVEL : level;
    }

    private static double @Nullable [] toArray(@Nullable List<Double> list, String field) {
        if (list == null) {
            return null;
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = list.get(i);
            if (v == null) {
                throw Refusal.invalid(field + "[" + i + "]", "must be a number");
            }
            out[i] = v;
        }
        return out;
    }
}
