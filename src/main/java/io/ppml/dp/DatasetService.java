package io.ppml.dp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.dp.DatasetDtos.Column;
import io.ppml.dp.DatasetDtos.ColumnType;
import io.ppml.dp.DatasetDtos.CreateDatasetRequest;
import io.ppml.dp.DatasetDtos.CsvUpload;
import io.ppml.dp.DatasetDtos.DatasetView;
import io.ppml.dp.DatasetRepository.Summary;
import io.ppml.persistence.DurableJournal;
import io.ppml.persistence.Idempotency;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored datasets, and the one owner of the dataset endpoints' transactions and idempotency: the schema is kept in
 * the clear (it is public to the tenant's analysts), the rows sealed with AES-256-GCM under a key derived from the
 * master key and bound to tenant and dataset id. No endpoint ever returns rows, and an analyst sees a dataset's
 * exact size only when its owner declared it public ({@link DatasetView#visibleTo}).
 */
@Service
class DatasetService {

    private static final Cursor<Cursor.Created> CURSOR = Cursor.byCreation("dp-datasets");
    private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() { };
    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() { };
    private static final String CAP_SPENT = "dp.dataset-cap";

    private final DatasetRepository datasets;
    private final Idempotency idempotency;
    private final DpValidation validation;
    private final JsonMapper json;
    private final Aead seal;
    private final Clock clock;
    private final DpProperties properties;
    private final DurableJournal journal;

    DatasetService(DatasetRepository datasets, Idempotency idempotency, DpValidation validation, JsonMapper json,
            MasterKey masterKey, Clock clock, DpProperties properties, DurableJournal journal) {
        this.datasets = datasets;
        this.idempotency = idempotency;
        this.validation = validation;
        this.json = json;
        this.seal = masterKey.aead("dp-dataset-rows");
        this.clock = clock;
        this.properties = properties;
        this.journal = journal;
        journal.register(CAP_SPENT, this::replayCapSpent);
    }

    /**
     * A loaded and locked dataset with its rows, for a query in the current transaction.
     *
     * @param maxRows the row limit the dataset was uploaded under: public, and what its queries size their error
     *                bounds and refusals by (never the current setting, which may have been lowered since)
     */
    record Loaded(DatasetView view, List<List<Object>> rows, int maxRows) {

        Column column(String name, String field) {
            return view.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> Refusal.invalid(field, "is not a column of dataset '"
                            + view.name() + "'"));
        }

        int index(String name) {
            for (int i = 0; i < view.columns().size(); i++) {
                if (view.columns().get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Uploads a dataset, once per Idempotency-Key. */
    Idempotency.Outcome<DatasetView> create(Caller caller, CreateDatasetRequest request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/dp/datasets", request), DatasetView.class, () -> insert(caller.tenantId(), request));
    }

    /**
     * Uploads a dataset sent as CSV: read into the request a JSON upload sends and validated like one, so that the
     * same dataset under the same Idempotency-Key is the same request whichever way it came.
     */
    Idempotency.Outcome<DatasetView> create(Caller caller, CsvUpload upload, @Nullable String idempotencyKey) {
        CreateDatasetRequest request = DatasetCsv.parse(upload);
        validation.validate(request);
        return create(caller, request, idempotencyKey);
    }

    /** One page of the tenant's datasets, in creation order, as {@code caller} may see them. */
    @Transactional(readOnly = true)
    Items<DatasetView> list(Caller caller, Paging paging) {
        UUID tenantId = caller.tenantId();
        return paging.page(CURSOR, (after, limit) -> after == null
                ? datasets.findByTenantIdOrderByCreatedAtAscIdAsc(tenantId, limit)
                : datasets.findByTenantIdAfter(tenantId, after.at(), after.id(), limit),
                s -> new Cursor.Created(s.createdAt(), s.id()), s -> view(s).visibleTo(caller.role()));
    }

    /** One dataset as {@code caller} may see it. */
    @Transactional(readOnly = true)
    DatasetView view(Caller caller, UUID id) {
        return datasets.findSummaryByIdAndTenantId(id, caller.tenantId()).map(this::view)
                .orElseThrow(() -> notFound(id)).visibleTo(caller.role());
    }

    @Transactional
    void delete(Caller caller, UUID id) {
        if (datasets.deleteByIdAndTenantId(id, caller.tenantId()) == 0) {
            throw notFound(id);
        }
    }

    /** Loads and locks the dataset, in the caller's transaction: its ε cap is charged in the same one. */
    @Transactional(propagation = Propagation.MANDATORY)
    Loaded loadForQuery(UUID tenantId, UUID id) {
        Dataset dataset = datasets.lockByIdAndTenantId(id, tenantId).orElseThrow(() -> notFound(id));
        byte[] rows = seal.decrypt(Base64.getDecoder().decode(dataset.sealedRows()), associatedData(tenantId, id));
        return new Loaded(view(summary(dataset)), json.readValue(rows, ROWS), dataset.maxRows());
    }

    /**
     * Adds {@code epsilon} to the dataset's spend, refusing (403) beyond its cap. Call in the transaction of
     * {@link #loadForQuery}, which holds the row lock (the dataset found here is the very instance it loaded).
     * Like a charge to the tenant's budget, the new spend is durable before the answer it pays for leaves: it is
     * journaled ({@link DurableJournal}) and written with the transaction's next flush — before the release's
     * savepoint, which {@code DpService} takes only after flushing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void chargeCap(Loaded loaded, BigDecimal epsilon) {
        UUID id = loaded.view().id();
        Dataset dataset = datasets.findById(id).orElseThrow(() -> notFound(id));
        BigDecimal after = dataset.chargeCap(epsilon);
        journal.append(CAP_SPENT, new CapSpent(id.toString(), after.toPlainString()));
    }

    /** A dataset's cap spend after a query, as journaled. */
    record CapSpent(String dataset, String epsilonSpent) {
    }

    /** Restores a journaled cap spend the database lost; never lowers a stored one (the journal's replay at start). */
    boolean replayCapSpent(JsonNode record) {
        return datasets.raiseEpsilonSpent(UUID.fromString(record.get("dataset").asString()),
                new BigDecimal(record.get("epsilonSpent").asString())) > 0;
    }

    private DatasetView insert(UUID tenantId, CreateDatasetRequest request) {
        validateSchema(request);
        validateRows(request.columns(), request.rows());
        UUID id = UUID.randomUUID();
        String sealed = Base64.getEncoder().encodeToString(seal.encrypt(json.writeValueAsBytes(request.rows()),
                associatedData(tenantId, id)));
        String name = request.name().strip();
        // TIMESTAMP WITH TIME ZONE keeps microseconds: the upload's answer shows what every later read shows
        Dataset dataset = new Dataset(id, tenantId, name, json.writeValueAsString(request.columns()),
                request.privacyUnit(), request.maxContributions() == null ? 1 : request.maxContributions(),
                request.epsilonCap(), request.rows().size(), Boolean.TRUE.equals(request.rowCountPublic()),
                properties.maxValues(), sealed, clock.instant().truncatedTo(ChronoUnit.MICROS));
        try {
            datasets.saveAndFlush(dataset);
        } catch (DataIntegrityViolationException e) {
            // SQLSTATE 23505, a unique violation: the one unique key besides the fresh id is (tenant, name)
            if (e.getMostSpecificCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw Refusal.conflict("A dataset named '" + name + "' already exists.");
            }
            throw e;
        }
        return view(summary(dataset));
    }

    private static Summary summary(Dataset d) {
        return new Summary(d.id(), d.name(), d.columnsJson(), d.privacyUnit(), d.maxContributions(), d.epsilonCap(),
                d.epsilonSpent(), d.rowCount(), d.rowCountPublic(), d.createdAt());
    }

    private DatasetView view(Summary s) {
        BigDecimal cap = s.epsilonCap();
        return new DatasetView(s.id(), s.name(), json.readValue(s.columnsJson(), COLUMNS), s.privacyUnit(),
                s.maxContributions(), cap == null ? null : cap.doubleValue(), s.epsilonSpent().doubleValue(),
                s.rowCount(), s.rowCountPublic(), s.createdAt());
    }

    private void validateSchema(CreateDatasetRequest request) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < request.columns().size(); i++) {
            Column column = request.columns().get(i);
            String field = "columns[" + i + "]";
            if (!names.add(column.name())) {
                throw Refusal.invalid(field + ".name", "must be unique; '" + column.name()
                        + "' appears twice");
            }
            if (column.type() == ColumnType.NUMERIC) {
                if (column.categories() != null) {
                    throw Refusal.invalid(field + ".categories", "only CATEGORICAL columns have categories");
                }
                if ((column.lower() == null) != (column.upper() == null)) {
                    throw Refusal.invalid(field, "give both lower and upper, or neither");
                }
                if (column.lower() != null && !(Double.isFinite(column.lower()) && Double.isFinite(column.upper())
                        && column.lower() <= column.upper())) {
                    throw Refusal.invalid(field + ".lower", "must be finite and not above upper");
                }
            } else {
                if (column.categories() != null && column.categories().isEmpty()) {
                    throw Refusal.invalid(field + ".categories", "must not be empty; leave it out for "
                            + "free-form values such as a privacy unit's identifiers");
                }
                if (column.categories() != null
                        && new HashSet<>(column.categories()).size() != column.categories().size()) {
                    throw Refusal.invalid(field + ".categories", "must be unique");
                }
                if (column.lower() != null || column.upper() != null) {
                    throw Refusal.invalid(field, "only NUMERIC columns have bounds");
                }
            }
        }
        if (request.privacyUnit() != null && !names.contains(request.privacyUnit())) {
            throw Refusal.invalid("privacyUnit", "must name one of the columns");
        }
        if (request.privacyUnit() == null && request.maxContributions() != null && request.maxContributions() != 1) {
            throw Refusal.invalid("maxContributions", "needs a privacyUnit: without one each row is "
                    + "one person");
        }
    }

    private void validateRows(List<Column> columns, List<List<Object>> rows) {
        if (rows.size() > properties.maxValues()) {
            throw Refusal.invalid("rows", "must hold at most " + properties.maxValues() + " rows");
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            if (row.size() != columns.size()) {
                throw Refusal.invalid("rows[" + r + "]", "must have " + columns.size()
                        + " cells, one per column");
            }
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                Object cell = row.get(c);
                String field = "rows[" + r + "][" + c + "]";
                if (cell == null) {
                    throw Refusal.invalid(field, "must not be null");
                }
                if (column.type() == ColumnType.NUMERIC) {
                    if (!(cell instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                        throw Refusal.invalid(field, "must be a finite number (column '"
                                + column.name() + "')");
                    }
                    row.set(c, number.doubleValue());
                } else {
                    String value = String.valueOf(cell);
                    if (column.categories() != null && !column.categories().contains(value)) {
                        throw Refusal.invalid(field, "must be one of the declared categories of column '"
                                + column.name() + "'");
                    }
                    row.set(c, value);
                }
            }
        }
    }

    private static Refusal notFound(UUID id) {
        return Refusal.notFound("There is no dataset " + id + ".");
    }

    private static byte[] associatedData(UUID tenantId, UUID id) {
        return ("dp-dataset\0" + tenantId + "\0" + id).getBytes(StandardCharsets.UTF_8);
    }

    static @Nullable Double bound(@Nullable Double requested, @Nullable Double declared) {
        return requested != null ? requested : declared;
    }
}
