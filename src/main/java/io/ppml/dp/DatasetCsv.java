package io.ppml.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ppml.dp.DatasetDtos.Column;
import io.ppml.dp.DatasetDtos.ColumnType;
import io.ppml.dp.DatasetDtos.CreateDatasetRequest;
import io.ppml.dp.DatasetDtos.CsvUpload;
import io.ppml.refusal.Refusal;

/** A dataset upload in CSV, read into the request a JSON upload sends (RFC 4180, header row naming the columns). */
final class DatasetCsv {

    private DatasetCsv() {
    }

    /** The upload as a JSON upload would send it: the schema parsed from {@code columns}, the rows from the CSV. */
    static CreateDatasetRequest parse(CsvUpload upload) {
        List<Column> schema = parseColumns(upload.columns());
        return new CreateDatasetRequest(upload.name(), schema, upload.privacyUnit(), upload.maxContributions(),
                upload.epsilonCap(), upload.rowCountPublic(), parseCsv(upload.csv(), schema));
    }

    /** {@code age:NUMERIC:0:120,sex:CATEGORICAL:F|M} → columns. */
    private static List<Column> parseColumns(String spec) {
        List<Column> columns = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] fields = part.strip().split(":");
            try {
                ColumnType type = ColumnType.valueOf(fields[1].strip().toUpperCase(Locale.ROOT));
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
    private static List<List<Object>> parseCsv(String csv, List<Column> columns) {
        List<List<String>> records = Reader.read(csv);
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

    /** A small RFC 4180 reader. */
    private static final class Reader {
        private Reader() {
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

}
