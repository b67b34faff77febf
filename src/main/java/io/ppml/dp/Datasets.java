package io.ppml.dp;

import io.ppml.refusal.Refusal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.dp.DatasetDtos.Column;
import io.ppml.dp.DatasetDtos.ColumnType;
import io.ppml.dp.DatasetDtos.CreateDatasetRequest;
import io.ppml.dp.DatasetDtos.DatasetView;
import io.ppml.persistence.DurableJournal;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored datasets: the schema in the clear (it is public to the tenant's analysts), the rows sealed with AES-256-GCM
 * under a key derived from the master key and bound to tenant and dataset id. No endpoint ever returns rows.
 */
@Component
class Datasets {

    private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() { };
    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() { };
    private static final String CAP_SPENT = "dp.dataset-cap";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Aead seal;
    private final Clock clock;
    private final DpProperties properties;
    private final DurableJournal journal;

    Datasets(JdbcClient jdbc, JsonMapper json, MasterKey masterKey, Clock clock, DpProperties properties,
            DurableJournal journal) {
        this.jdbc = jdbc;
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
     * @param maxRows      the row limit the dataset was uploaded under: public, and what its queries size their error
     *                     bounds and refusals by (never the current setting, which may have been lowered since)
     * @param epsilonSpent what its queries have spent of its cap, exactly
     * @param epsilonCap   its cap, exactly, or null
     */
    record Loaded(DatasetView view, List<List<Object>> rows, int maxRows, BigDecimal epsilonSpent,
            @Nullable BigDecimal epsilonCap) {

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

    @Transactional
    DatasetView create(UUID tenantId, CreateDatasetRequest request) {
        validateSchema(request);
        validateRows(request.columns(), request.rows());
        UUID id = UUID.randomUUID();
        byte[] rows = json.writeValueAsBytes(request.rows());
        String sealed = java.util.Base64.getEncoder().encodeToString(seal.encrypt(rows, associatedData(tenantId, id)));
        int maxContributions = request.maxContributions() == null ? 1 : request.maxContributions();
        try {
            jdbc.sql("""
                    insert into dp_datasets (id, tenant_id, name, columns_json, privacy_unit, max_contributions,
                        epsilon_cap, epsilon_spent, row_count, row_count_public, max_rows, sealed_rows, created_at)
                    values (:id, :tenant, :name, :columns, :unit, :max, :cap, 0, :count, :public, :maxRows, :rows,
                        :now)""")
                    .param("id", id).param("tenant", tenantId).param("name", request.name().strip())
                    .param("columns", json.writeValueAsString(request.columns()))
                    .param("unit", request.privacyUnit()).param("max", maxContributions)
                    .param("cap", request.epsilonCap()).param("count", request.rows().size())
                    .param("public", Boolean.TRUE.equals(request.rowCountPublic()))
                    .param("maxRows", properties.maxValues())
                    .param("rows", sealed).param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw Refusal.conflict("A dataset named '" + request.name().strip() + "' already exists.");
        }
        return view(tenantId, id);
    }

    @Transactional(readOnly = true)
    List<DatasetView> list(UUID tenantId) {
        return jdbc.sql(SELECT_VIEW + " where tenant_id = :tenant order by created_at")
                .param("tenant", tenantId).query((rs, n) -> map(rs)).list();
    }

    @Transactional(readOnly = true)
    DatasetView view(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT_VIEW + " where tenant_id = :tenant and id = :id").param("tenant", tenantId)
                .param("id", id).query((rs, n) -> map(rs)).optional().orElseThrow(() -> notFound(id));
    }

    @Transactional
    void delete(UUID tenantId, UUID id) {
        int deleted = jdbc.sql("delete from dp_datasets where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).update();
        if (deleted == 0) {
            throw notFound(id);
        }
    }

    /** Loads and locks the dataset (its ε cap is charged in the same transaction). */
    Loaded loadForQuery(UUID tenantId, UUID id) {
        DatasetView view = jdbc.sql(SELECT_VIEW + " where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenantId).param("id", id).query((rs, n) -> map(rs)).optional()
                .orElseThrow(() -> notFound(id));
        record Stored(String sealed, int maxRows, BigDecimal epsilonSpent, @Nullable BigDecimal epsilonCap) {
        }
        Stored stored = jdbc.sql("select sealed_rows, max_rows, epsilon_spent, epsilon_cap from dp_datasets "
                + "where id = :id").param("id", id)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
                .single();
        byte[] rows = seal.decrypt(java.util.Base64.getDecoder().decode(stored.sealed()), associatedData(tenantId, id));
        return new Loaded(view, json.readValue(rows, ROWS), stored.maxRows(), stored.epsilonSpent(),
                stored.epsilonCap());
    }

    /**
     * Adds {@code epsilon} to the dataset's spend, refusing (403) beyond its cap. Call after {@link #loadForQuery},
     * which holds the row lock. Like a charge to the tenant's budget, the new spend is durable before the answer it
     * pays for leaves ({@link DurableJournal}).
     */
    void chargeCap(Loaded dataset, BigDecimal epsilon) {
        UUID id = dataset.view().id();
        BigDecimal after = dataset.epsilonSpent().add(epsilon.setScale(24, RoundingMode.CEILING));
        BigDecimal cap = dataset.epsilonCap();
        if (cap != null && after.compareTo(cap) > 0) {
            throw Refusal.budgetExhausted("This query needs ε = "
                    + epsilon.stripTrailingZeros().toPlainString() + " but dataset '" + dataset.view().name()
                    + "' has only ε = " + cap.subtract(dataset.epsilonSpent()).max(BigDecimal.ZERO)
                    .stripTrailingZeros().toPlainString() + " left of its cap. Nothing was spent.");
        }
        jdbc.sql("update dp_datasets set epsilon_spent = :after where id = :id").param("after", after)
                .param("id", id).update();
        journal.append(CAP_SPENT, new CapSpent(id.toString(), after.toPlainString()));
    }

    /** A dataset's cap spend after a query, as journaled. */
    record CapSpent(String dataset, String epsilonSpent) {
    }

    /** Restores a journaled cap spend the database lost; never lowers a stored one. */
    private boolean replayCapSpent(JsonNode record) {
        return jdbc.sql("update dp_datasets set epsilon_spent = :spent where id = :id and epsilon_spent < :spent")
                .param("spent", new BigDecimal(record.get("epsilonSpent").asString()))
                .param("id", UUID.fromString(record.get("dataset").asString())).update() > 0;
    }

    private static final String SELECT_VIEW = """
            select id, name, columns_json, privacy_unit, max_contributions, epsilon_cap, epsilon_spent, row_count,
                row_count_public, created_at from dp_datasets""";

    private DatasetView map(java.sql.ResultSet rs) throws java.sql.SQLException {
        BigDecimal cap = rs.getBigDecimal(6);
        return new DatasetView(rs.getObject(1, UUID.class), rs.getString(2), json.readValue(rs.getString(3), COLUMNS),
                rs.getString(4), rs.getInt(5), cap == null ? null : cap.doubleValue(), rs.getBigDecimal(7).doubleValue(),
                rs.getInt(8), rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class).toInstant());
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

    /** A dataset upload from CSV, with the schema given as {@code age:NUMERIC:0:120,sex:CATEGORICAL:F|M}. */
    static CreateDatasetRequest fromCsv(String name, String columns, @Nullable String privacyUnit,
            @Nullable Integer maxContributions, @Nullable BigDecimal epsilonCap, @Nullable Boolean rowCountPublic,
            String csv) {
        List<Column> schema = parseColumns(columns);
        return new CreateDatasetRequest(name, schema, privacyUnit, maxContributions, epsilonCap, rowCountPublic,
                parseCsv(csv, schema));
    }

    /** {@code age:NUMERIC:0:120,sex:CATEGORICAL:F|M} → columns. */
    private static List<Column> parseColumns(String spec) {
        List<Column> columns = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] fields = part.strip().split(":");
            try {
                ColumnType type = ColumnType.valueOf(fields[1].strip().toUpperCase(java.util.Locale.ROOT));
                if (type == ColumnType.NUMERIC) {
                    Double lower = fields.length > 2 ? Double.valueOf(fields[2]) : null;
                    Double upper = fields.length > 3 ? Double.valueOf(fields[3]) : null;
                    columns.add(new Column(fields[0].strip(), type, lower, upper, null));
                } else {
                    columns.add(new Column(fields[0].strip(), type, null, null,
                            fields.length > 2 ? List.of(fields[2].split("\\|")) : null));
                }
            } catch (RuntimeException e) {
                throw Refusal.invalid("columns", "each column is name:NUMERIC[:lower:upper] or "
                        + "name:CATEGORICAL:cat1|cat2; '" + part.strip() + "' is neither");
            }
        }
        return columns;
    }

    /** Parses CSV (RFC 4180: commas, double-quoted fields, "" inside quotes) whose header names the columns. */
    static List<List<Object>> parseCsv(String csv, List<Column> columns) {
        List<List<String>> records = CsvReader.read(csv);
        if (records.isEmpty()) {
            throw Refusal.invalid("body", "the CSV needs a header row naming the columns");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<String> expected = columns.stream().map(Column::name).toList();
        if (!header.equals(expected)) {
            throw Refusal.invalid("body", "the CSV header must be " + String.join(",", expected));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < record.size(); c++) {
                String cell = record.get(c).strip();
                if (c < columns.size() && columns.get(c).type() == ColumnType.NUMERIC) {
                    try {
                        row.add(Double.parseDouble(cell));
                    } catch (NumberFormatException e) {
                        throw Refusal.invalid("rows[" + (r - 1) + "][" + c + "]", "must be a number");
                    }
                } else {
                    row.add(cell);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Refusal notFound(UUID id) {
        return Refusal.notFound("There is no dataset " + id + ".");
    }

    private static byte[] associatedData(UUID tenantId, UUID id) {
        return ("dp-dataset\0" + tenantId + "\0" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** A small RFC 4180 reader. */
    static final class CsvReader {
        private CsvReader() {
        }

        static List<List<String>> read(String text) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                any = true;
                if (quoted) {
                    if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    record.add(field.toString());
                    field.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                    any = false;
                } else {
                    field.append(ch);
                }
            }
            if (quoted) {
                throw Refusal.invalid("body", "the CSV has an unterminated quoted field");
            }
            if (any) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }
    }

    static @Nullable Double bound(@Nullable Double requested, @Nullable Double declared) {
        return requested != null ? requested : declared;
    }
}
