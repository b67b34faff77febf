package io.ppml.fl;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.ppml.budget.BudgetService;
import io.ppml.budget.Charge;
import io.ppml.budget.ChargeAttempt;
import io.ppml.budget.ChargeRequest;
import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.budget.core.RdpCurve;
import io.ppml.fl.FlDtos.CreateTaskRequest;
import io.ppml.fl.FlDtos.DpView;
import io.ppml.fl.FlDtos.TaskView;
import io.ppml.fl.FlDtos.UpdateAccepted;
import io.ppml.fl.core.Aggregation;
import io.ppml.fl.core.AggregationSettings;
import io.ppml.fl.core.ClientUpdate;
import io.ppml.fl.core.DpFedAvg;
import io.ppml.fl.core.DpSettings;
import io.ppml.fl.core.FedAvg;
import io.ppml.fl.core.Float32Codec;
import io.ppml.fl.core.GaussianVectorNoise;
import io.ppml.fl.core.RobustAggregation;
import io.ppml.fl.core.Vectors;
import io.ppml.persistence.Idempotency;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every federated learning endpoint, and the transaction of each.
 *
 * <p>A task's rounds advance under the task's row lock: each update takes it, so racing updates — from any thread,
 * or any instance sharing the database — are decided one after the other, and the update that brings a round to
 * {@code minClients} aggregates it, in its own transaction, exactly once. A round aggregates the round's deltas by the
 * task's rule and adds the result to the current model, which becomes the next version.
 *
 * <p>A DP round follows the charged-request flow of DESIGN §2: the exact aggregate is computed (clipped updates
 * summed over {@code expectedClients}), the round's cost is charged to the tenant's budget in the same transaction,
 * and only then is the noise drawn and the model stored — a crash before the commit releases nothing, and the commit
 * waits until the charge is durable. A cost that does not fit stops the task with {@code BUDGET_EXHAUSTED}: the
 * refusal changes nothing in the ledger and the previous model stays current. Whether a round is charged or refused
 * depends only on the task's public settings and the tenant's budget, never on the updates.
 *
 * <p>A round that reaches its deadline with fewer than {@code minClients} updates is retried — its updates dropped,
 * its clock restarted — by the next update that finds it so, or by the sweeper ({@link #retryTimedOutRounds}).
 */
@Service
class FlService {

    private static final Logger log = LoggerFactory.getLogger(FlService.class);

    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofDays(30);
    private static final Cursor<Cursor.Created> CURSOR = Cursor.byCreation("fl-tasks");
    private static final int SWEEP_BATCH = 100;

    private final FlTaskRepository tasks;
    private final FlModelRepository models;
    private final FlUpdateRepository updates;
    private final UpdateSeal seal;
    private final BudgetService budget;
    private final GaussianVectorNoise noise;
    private final Idempotency idempotency;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final FlMetrics metrics;

    FlService(FlTaskRepository tasks, FlModelRepository models, FlUpdateRepository updates, UpdateSeal seal,
            BudgetService budget, GaussianVectorNoise noise, Idempotency idempotency,
            PlatformTransactionManager transactions, Clock clock, FlMetrics metrics) {
        this.tasks = tasks;
        this.models = models;
        this.updates = updates;
        this.seal = seal;
        this.budget = budget;
        this.noise = noise;
        this.idempotency = idempotency;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.metrics = metrics;
    }

    // ---- tasks ----

    Idempotency.Outcome<TaskView> create(Caller caller, CreateTaskRequest request, @Nullable String idempotencyKey) {
        AggregationSettings settings = settings(request);
        Duration timeout = timeout(request.roundTimeout());
        float[] initial = request.initialModel();
        if (initial != null) {
            if (initial.length != request.dimension()) {
                throw Refusal.invalid("initialModel", "has " + initial.length + " values; dimension is "
                        + request.dimension());
            }
            Vectors.requireFinite(initial, "initialModel");
        }
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey, "POST /v1/fl/tasks",
                request), TaskView.class, () -> {
                    if (tasks.existsByTenantIdAndName(caller.tenantId(), request.name())) {
                        throw Refusal.conflict("A task named '" + request.name() + "' exists; choose another name.");
                    }
                    Instant now = clock.instant();
                    FlTask task = new FlTask(UUID.randomUUID(), caller.tenantId(), request.name(),
                            request.dimension(), request.rounds(), request.minClients(), timeout, settings.rule(),
                            settings.rule() == Aggregation.TRIMMED_MEAN ? settings.trimFraction() : null,
                            settings.dp(), now);
                    try {
                        tasks.saveAndFlush(task);
                    } catch (DataIntegrityViolationException raced) {
                        throw Refusal.conflict("A task named '" + request.name() + "' was created concurrently; "
                                + "choose another name.");
                    }
                    float[] weights = initial == null ? new float[request.dimension()] : initial;
                    models.save(new FlModel(task.getId(), 0, 0, Float32Codec.encode(weights), now));
                    return view(task);
                });
    }

    private static AggregationSettings settings(CreateTaskRequest request) {
        FlDtos.DpRequest dp = request.dp();
        DpSettings dpSettings = dp == null ? null : new DpSettings(dp.clipNorm(), dp.noiseMultiplier(),
                dp.expectedClients(), dp.population(), dp.delta());
        double trim = request.trimFraction() == null ? 0 : request.trimFraction();
        return new AggregationSettings(request.aggregation(), trim, dpSettings);
    }

    private static Duration timeout(String text) {
        Duration timeout;
        try {
            timeout = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("roundTimeout", "must be an ISO-8601 duration such as PT10M");
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw Refusal.invalid("roundTimeout", "must be between PT1S and P30D");
        }
        return timeout;
    }

    @Transactional(readOnly = true)
    TaskView get(UUID tenantId, UUID taskId) {
        return view(require(tasks.findByIdAndTenantId(taskId, tenantId), taskId));
    }

    /** One page of the tenant's tasks, newest first. */
    @Transactional(readOnly = true)
    Items<TaskView> list(UUID tenantId, Paging paging) {
        return paging.page(CURSOR, (after, limit) -> after == null
                ? tasks.findByTenantIdOrderByCreatedAtDescIdDesc(tenantId, limit)
                : tasks.findByTenantIdBefore(tenantId, after.at(), after.id(), limit),
                task -> new Cursor.Created(task.createdAt(), task.getId()), this::view);
    }

    // ---- models ----

    /** The current model's version, without loading the model: for {@code If-None-Match}. */
    @Transactional(readOnly = true)
    int modelVersion(UUID tenantId, UUID taskId) {
        return require(tasks.findByIdAndTenantId(taskId, tenantId), taskId).modelVersion();
    }

    /** The current model, as stored (little-endian float32). */
    record Model(UUID taskId, int version, int round, byte[] float32) {
    }

    @Transactional(readOnly = true)
    Model model(UUID tenantId, UUID taskId) {
        FlTask task = require(tasks.findByIdAndTenantId(taskId, tenantId), taskId);
        FlModel model = models.find(taskId, task.modelVersion())
                .orElseThrow(() -> new IllegalStateException("task " + taskId + " has no model v"
                        + task.modelVersion()));
        return new Model(taskId, model.version(), model.round(), model.weights());
    }

    // ---- updates ----

    /** The task's dimension, to read an octet-stream update of exactly that many float32 values. */
    @Transactional(readOnly = true)
    int dimension(UUID tenantId, UUID taskId) {
        return require(tasks.findByIdAndTenantId(taskId, tenantId), taskId).dimension();
    }

    /**
     * Accepts one client's update to the task's current round, and aggregates the round if it brings it to
     * {@code minClients}. The same update again (same client, round, numExamples and values) is a retry: accepted
     * once, answered again; a different one from the same client in the same round is a 409.
     */
    UpdateAccepted submit(Caller caller, UUID taskId, String clientId, int round, long numExamples, float[] delta) {
        return transaction.execute(tx -> {
            FlTask task = require(tasks.findLockedByIdAndTenantId(taskId, caller.tenantId()), taskId);
            ClientUpdate.of(delta, numExamples, task.dimension()); // 400 before any 409
            Instant now = clock.instant();
            retryIfTimedOut(task, now);
            byte[] float32 = Float32Codec.encode(delta);
            String digest = digest(numExamples, float32);
            Optional<FlUpdate> earlier = updates.findByTaskIdAndRoundAndClientId(taskId, round, clientId);
            if (earlier.isPresent() && round == task.currentRound()) {
                if (!MessageDigest.isEqual(earlier.get().digest().getBytes(), digest.getBytes())) {
                    throw Refusal.conflict("Client '" + clientId + "' already sent a different update for round "
                            + round + "; a client sends one update per round.");
                }
                return accepted(task, clientId, round, true, false);
            }
            if (!task.isOpen()) {
                throw Refusal.conflict("Task '" + task.name() + "' is " + task.status() + "; it takes no updates.");
            }
            if (round != task.currentRound()) {
                throw Refusal.conflict("Round " + round + " is not the task's current round " + task.currentRound()
                        + "; fetch the model and train on it for round " + task.currentRound() + ".");
            }
            updates.save(new FlUpdate(UUID.randomUUID(), taskId, round, clientId, caller.keyId(), numExamples,
                    digest, seal.seal(caller.tenantId(), taskId, round, clientId, float32), now));
            task.accepted(now);
            metrics.updateAccepted();
            boolean aggregated = false;
            if (task.updatesInRound() >= task.minClients()) {
                aggregate(task, caller.keyId(), now);
                aggregated = true;
            }
            return accepted(task, clientId, round, false, aggregated);
        });
    }

    private static UpdateAccepted accepted(FlTask task, String clientId, int round, boolean replayed,
            boolean aggregated) {
        return new UpdateAccepted(task.getId(), clientId, round, replayed, aggregated, task.status().name(),
                task.currentRound(), task.updatesInRound(), task.modelVersion());
    }

    /**
     * Aggregates the task's current round — whose updates are all stored — into the next
     * model version, charging a DP round first. Runs under the task's row lock.
     */
    private void aggregate(FlTask task, UUID keyId, Instant now) {
        int round = task.currentRound();
        List<ClientUpdate> roundUpdates = new ArrayList<>();
        for (FlUpdate stored : updates.findByTaskIdAndRoundOrderByCreatedAtAscIdAsc(task.getId(), round)) {
            float[] delta = Float32Codec.decode(seal.unseal(task.tenantId(), stored), task.dimension(), "delta");
            roundUpdates.add(ClientUpdate.of(delta, stored.numExamples(), task.dimension()));
        }
        float[] aggregate;
        DpSettings settings = task.dp();
        if (settings != null) {
            DpFedAvg exact = new DpFedAvg(settings, task.dimension());
            roundUpdates.forEach(exact::add);
            boolean withDelta = task.chargesDelta(now);
            ChargeAttempt attempt = budget.attempt(new ChargeRequest(task.tenantId(), keyId, "fl.round",
                    task.getId() + "/" + round, "GAUSSIAN", roundCost(settings, withDelta), null));
            Charge charge = attempt.charge();
            if (charge == null) {
                task.budgetExhausted(String.valueOf(attempt.refusal()), now);
                updates.deleteRound(task.getId(), round);
                log.info("FL task {} stopped at round {}: its charge did not fit the budget", task.getId(), round);
                metrics.roundEnded(task, "budget-exhausted");
                return;
            }
            task.charged(withDelta, charge.budget().window().resetsAt());
            aggregate = exact.release(noise);
        } else {
            aggregate = switch (task.aggregation()) {
                case FEDAVG -> FedAvg.aggregate(task.dimension(), roundUpdates);
                case MEDIAN -> RobustAggregation.median(task.dimension(), roundUpdates);
                case TRIMMED_MEAN -> RobustAggregation.trimmedMean(task.dimension(), roundUpdates,
                        task.trimFraction() == null ? 0 : task.trimFraction());
            };
        }
        FlModel current = models.find(task.getId(), task.modelVersion())
                .orElseThrow(() -> new IllegalStateException("task " + task.getId() + " lost its model"));
        float[] model = Float32Codec.decode(current.weights(), task.dimension(), "model");
        for (int i = 0; i < model.length; i++) {
            // every value is finite, but their sum can overflow float: the model saturates at the largest float
            // (post-processing of the released aggregate, so it depends on nothing the release did not show)
            model[i] = Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, model[i] + aggregate[i]));
        }
        int version = task.modelVersion() + 1;
        models.save(new FlModel(task.getId(), version, round, Float32Codec.encode(model), now));
        models.deleteOlder(task.getId(), version);
        updates.deleteRound(task.getId(), round);
        task.released(version, now);
        metrics.roundEnded(task, "released");
    }

    /**
     * One DP-FedAvg round's cost: ρ = 1/(2z²) zCDP for q = 1 (every client in every round); for q &lt; 1 the Rényi-DP
     * curve of the Poisson-subsampled Gaussian (Mironov, Talwar &amp; Zhang 2019), with the same ρ as a zCDP bound. The
     * task's δ is charged with its first round (and again with the first round of each new budget window): the
     * task's rounds compose into one (ε, δ) guarantee at that δ. The ε recorded with the charge is for information:
     * the round's own ε at the task's δ.
     */
    static PrivacyCost roundCost(DpSettings dp, boolean withDelta) {
        double q = dp.samplingRate();
        double epsilon = RdpCurve.subsampledGaussian(q, dp.noiseMultiplier()).epsilon(dp.delta());
        return PrivacyCost.subsampledGaussian(q, dp.noiseMultiplier(), withDelta ? dp.delta() : 0, epsilon);
    }

    /** The task's own ε at its δ over its charged rounds; null without DP. */
    private static @Nullable Double epsilonSpent(FlTask task) {
        DpSettings settings = task.dp();
        if (settings == null) {
            return null;
        }
        if (task.roundsCharged() == 0) {
            return 0.0;
        }
        Spend spend = Spend.NONE.plus(roundCost(settings, true)).plus(roundCost(settings, false),
                task.roundsCharged() - 1L);
        return spend.epsilon().doubleValue();
    }

    private void retryIfTimedOut(FlTask task, Instant now) {
        if (task.isOpen() && !now.isBefore(task.roundDeadline()) && task.updatesInRound() < task.minClients()) {
            int dropped = updates.deleteRound(task.getId(), task.currentRound());
            task.retryRound(now);
            metrics.roundEnded(task, "timed-out");
            log.info("FL task {} round {} timed out with {} of {} updates; retrying", task.getId(),
                    task.currentRound(), dropped, task.minClients());
        }
    }

    /**
     * Retries the rounds that timed out short of {@code minClients}, each in its own transaction under its task's
     * lock (which re-checks: an update may have completed the round meanwhile). Clients need not wait for this —
     * the next update to a timed-out round retries it first — but the task's status shows the new attempt sooner.
     */
    @Scheduled(fixedDelayString = "${ppml.fl.sweep-interval:PT5S}", initialDelayString = "${ppml.fl.sweep-interval:PT5S}")
    void retryTimedOutRounds() {
        List<FlTask> due;
        do {
            Instant now = clock.instant();
            due = transaction.execute(tx -> tasks.findByStatusAndRoundDeadlineLessThanEqualOrderByRoundDeadline(
                    FlTask.Status.WAITING_FOR_UPDATES, now, Limit.of(SWEEP_BATCH)));
            for (FlTask open : due) {
                transaction.executeWithoutResult(tx -> tasks.findLockedByIdAndTenantId(open.getId(),
                        open.tenantId()).ifPresent(task -> retryIfTimedOut(task, clock.instant())));
            }
        } while (due.size() == SWEEP_BATCH);
    }

    private TaskView view(FlTask task) {
        DpSettings dp = task.dp();
        DpView dpView = dp == null ? null : new DpView(dp.clipNorm(), dp.noiseMultiplier(), dp.expectedClients(),
                dp.population(), dp.delta(), dp.samplingRate());
        return new TaskView(task.getId(), task.name(), task.status().name(), task.statusDetail(), task.dimension(),
                task.rounds(), task.currentRound(), task.roundAttempt(), task.roundDeadline(),
                task.updatesInRound(), task.minClients(), task.roundTimeout().toString(), task.aggregation(),
                task.trimFraction(), dpView, task.modelVersion(), task.roundsCharged(), epsilonSpent(task),
                task.createdAt(), task.updatedAt());
    }

    private static FlTask require(Optional<FlTask> task, UUID taskId) {
        return task.orElseThrow(() -> Refusal.notFound("There is no task " + taskId + "."));
    }

    /** Refuses a client id the JSON form's pattern would refuse too (for the header of the octet-stream form). */
    static void requireClientId(String clientId, String field) {
        if (!clientId.matches(FlDtos.ID_PATTERN)) {
            throw Refusal.invalid(field, "must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }

    private static String digest(long numExamples, byte[] float32) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(numExamples).array());
            sha.update(float32);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
