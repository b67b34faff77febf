package io.ppml.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed requests for every operation of an OpenAPI description: from each operation's schema a valid-looking
 * request, then variants of it with broken bodies (wrong types, huge and unparseable numbers, deep nesting, control
 * characters and invalid UTF-8, wrong or missing content types, broken chunked framing), broken path parameters and
 * query strings (bad percent-encoding, characters that must be encoded, huge numbers), and broken headers — each
 * sent by the caller the operation expects and, now and then, by another (none, an unknown key, another role).
 *
 * <p>Everything random is drawn from one {@link Random} with a fixed seed, so that a failing case reproduces: a
 * test's randomness, not the service's (which uses {@code SecureRandom}).
 */
public final class FuzzCases {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MARKER = "FUZZ_MARKER_7f3a";

    /** Who sends a request: a name for the report and the bearer secret (null: no Authorization header). */
    public record Caller(String name, String secret) {
    }

    /** One request to send. */
    public record Case(String label, String method, String target, Map<String, String> headers, byte[] body,
            Caller caller) {

        public byte[] bytes() {
            Map<String, String> all = new LinkedHashMap<>();
            if (caller.secret() != null) {
                all.put("Authorization", "Bearer " + caller.secret());
            }
            all.putAll(headers);
            return RawHttp.request(method, target, all, body);
        }

        @Override
        public String toString() {
            String shownTarget = target.length() > 160 ? target.substring(0, 160) + "...(" + target.length() + ")"
                    : target;
            return "[" + label + "] " + method + " " + shownTarget + " as " + caller.name()
                    + (body.length > 0 ? " with " + body.length + "-byte body " + preview(body) : "");
        }

        private static String preview(byte[] body) {
            String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
            return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : text.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }

    /** A JSON value written as raw text, so that it can be what no JSON library would write. */
    private record Fragment(String label, byte[] json) {

        static Fragment of(String label, String json) {
            return new Fragment(label, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final List<Fragment> NASTY_VALUES = List.of(
            Fragment.of("null", "null"),
            Fragment.of("true", "true"),
            Fragment.of("string", "\"fuzz\""),
            Fragment.of("empty-object", "{}"),
            Fragment.of("empty-array", "[]"),
            Fragment.of("minus-one", "-1"),
            Fragment.of("zero", "0"),
            Fragment.of("1e309", "1e309"),
            Fragment.of("minus-1e309", "-1e309"),
            Fragment.of("1e400", "1e400"),
            Fragment.of("1e-400", "1e-400"),
            Fragment.of("2^63", "9223372036854775808"),
            Fragment.of("minus-2^63-1", "-9223372036854775809"),
            Fragment.of("2^64", "18446744073709551616"),
            Fragment.of("400-digits", "1" + "0".repeat(399)),
            Fragment.of("2000-digits", "9".repeat(2000)),
            Fragment.of("long-fraction", "0." + "0".repeat(900) + "1"),
            Fragment.of("exponent-overflow", "1e2147483648"),
            Fragment.of("NaN-literal", "NaN"),
            Fragment.of("string-NaN", "\"NaN\""),
            Fragment.of("string-minus-Infinity", "\"-Infinity\""),
            Fragment.of("string-1e400", "\"1e400\""),
            Fragment.of("escaped-nul", "\"a\\u0000b\""),
            Fragment.of("escaped-controls", "\"\\u0001\\u001f\\u007f\\u0085\""),
            Fragment.of("lone-surrogate", "\"\\ud800\""),
            new Fragment("raw-control-char", new byte[] {'"', 'a', 0x01, 'b', '"'}),
            new Fragment("invalid-utf8", new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'}),
            new Fragment("overlong-utf8", new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}),
            new Fragment("truncated-utf8", new byte[] {'"', 'a', (byte) 0xe2, (byte) 0x82, '"'}),
            Fragment.of("long-string", "\"" + "a".repeat(200_000) + "\""),
            Fragment.of("unicode", "\"é😀\u202e\u0000\""),
            Fragment.of("bad-date", "\"2030-13-45T99:99:99Z\""),
            Fragment.of("bad-period", "\"P-1D\""),
            Fragment.of("deep-array", "[".repeat(10_000) + "]".repeat(10_000)),
            Fragment.of("deep-object", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)),
            Fragment.of("big-array", "[" + "0,".repeat(200_000) + "0]"),
            Fragment.of("array-of-huge-numbers", "[1e400,-1e400,9223372036854775808,1e-400]"),
            Fragment.of("array-of-objects", "[" + "{},".repeat(1_000) + "{}]"),
            Fragment.of("array-of-nasty-strings", "[\"\\u0000\",\"" + "b".repeat(1_000) + "\",\"\\ud800\"]"),
            Fragment.of("array-of-decimal-strings", "[\"" + "9".repeat(5_000) + "\",\"-1\",\"0x10\",\"\"]"),
            Fragment.of("sql", "\"' OR '1'='1\""),
            Fragment.of("traversal", "\"../../etc/passwd\""),
            Fragment.of("markup", "\"<script>x</script>\""));

    private static final List<Fragment> ALWAYS_IN_EVERY_FIELD = NASTY_VALUES.stream().filter(f -> List.of("null",
            "string", "empty-object", "1e309", "minus-1e309", "2^63", "400-digits", "string-NaN",
            "string-minus-Infinity", "deep-array").contains(f.label())).toList();

    private static final List<Fragment> NASTY_BODIES = List.of(
            Fragment.of("empty", ""),
            Fragment.of("whitespace", " \r\n\t "),
            Fragment.of("unclosed", "{"),
            Fragment.of("missing-value", "{\"a\":}"),
            Fragment.of("single-quotes", "{'a':1}"),
            Fragment.of("trailing-garbage", "{}x"),
            Fragment.of("two-documents", "{} {}"),
            Fragment.of("duplicate-keys", "{\"a\":1,\"a\":2}"),
            Fragment.of("bom", "\ufeff{}"),
            Fragment.of("comment", "/* c */ {}"),
            new Fragment("nul-byte", new byte[] {0}),
            new Fragment("invalid-utf8", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}),
            Fragment.of("deep-array", "[".repeat(10_000) + "]".repeat(10_000)),
            Fragment.of("deep-object", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)),
            Fragment.of("unclosed-deep-array", "[".repeat(100_000)));

    private static final List<String> NASTY_SEGMENTS = List.of(
            "%ZZ", "%", "%F", "%FF%FE", "%C0%AF", "%ED%A0%80", "%00", "%0A", "%2F", "%5C", "%2E%2E", "..", "%25",
            ";x", "%3B", "a%20b", "%E2%80%AE", "%F0%9F%98%80", "{", "|", "\"", "<", "\u0001", "\u007f", "\u00ff",
            "x".repeat(5_000), "x".repeat(10_000), "99999999999999999999", "-1", "0", "null", "1e400",
            "00000000-0000-0000-0000-000000000000", "%27%20OR%201%3D1--", "*");

    private static final List<String> NASTY_QUERY_VALUES = List.of(
            "%ZZ", "%", "%F", "%FF", "%C3%28", "%ED%A0%80", "%00", "|", "{}", "[]", "^", "\\", "`", "\"", "<>", " ",
            "\u0001", "\u00ff", "", "-1", "0", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999", "NaN", "Infinity", "1.5", "0x10", "x".repeat(10_000), "%2525",
            "a:NUMERIC:0:1e400", "a:CATEGORICAL:", ":::", "a:BOGUS:0:1", "a:NUMERIC:NaN:Infinity");

    private final JsonNode spec;
    private final Random random;
    private final Map<String, String> pathValues;
    private final List<String> costlyPaths;
    private final Map<String, JsonNode> seeds;
    private final Caller owner;
    private final Caller analyst;
    private final Caller admin;
    private final List<Caller> others;
    private final List<Case> cases = new ArrayList<>();

    /**
     * @param pathValues  for a path parameter ({@code "/path/{template} name"}, or just its name), a value that names
     *                    a real resource, so that requests reach the services rather than stopping at "not found"
     *                    (the path fuzz tries the rest)
     * @param costlyPaths operations (path templates) whose success costs seconds, such as generating a key: they
     *                    are fuzzed with resources that do not exist, so that the run stays short
     * @param seeds       for {@code "METHOD /path/{template}"}, a body known to be valid, to mutate instead of the one
     *                    built from the schema's examples (which need not pass the service's own checks)
     */
    public FuzzCases(JsonNode spec, long seed, Map<String, String> pathValues, List<String> costlyPaths,
            Map<String, JsonNode> seeds, Caller owner, Caller analyst, Caller admin) {
        this.spec = spec;
        this.random = new Random(seed);
        this.pathValues = pathValues;
        this.costlyPaths = costlyPaths;
        this.seeds = seeds;
        this.owner = owner;
        this.analyst = analyst;
        this.admin = admin;
        this.others = List.of(new Caller("no key", null), new Caller("unknown key", "ppml_" + "x".repeat(43)),
                owner, analyst, admin);
    }

    /** Every case, for every operation of the description, in a fixed order. */
    public List<Case> all() {
        cases.clear();
        List<String[]> operations = new ArrayList<>();
        spec.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> operations.add(new String[] {path.getKey(), op.getKey()})));
        // deletions last, so that the resources they may remove serve every other operation first
        operations.sort(java.util.Comparator.comparing(operation -> operation[1].equals("delete")));
        for (String[] operation : operations) {
            String path = operation[0];
            String method = operation[1].toUpperCase(java.util.Locale.ROOT);
            addOperationCases(path, method, spec.get("paths").get(path).get(operation[1]));
        }
        addProtocolCases(operations);
        return List.copyOf(cases);
    }

    private void addOperationCases(String path, String method, JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        JsonNode content = operation.path("requestBody").path("content");
        JsonNode jsonSchema = content.path("application/json").path("schema");
        boolean hasJsonBody = !jsonSchema.isMissingNode();
        boolean idempotent = parameters.stream().anyMatch(p -> p.path("name").asString().equals("Idempotency-Key"));

        String target = fill(path, name -> valid(path, name)) + validQuery(parameters);
        JsonNode validBody = !hasJsonBody ? null : seeds.getOrDefault(method + " " + path, value(jsonSchema, 0));
        byte[] validBytes = validBody == null ? new byte[0] : JSON.writeValueAsBytes(validBody);
        Map<String, String> jsonHeaders = validBody == null ? Map.of() : Map.of("Content-Type", "application/json");

        // the valid-looking request, by every caller
        for (Caller caller : List.of(primary(path), owner, analyst, admin, others.get(0), others.get(1))) {
            add("valid-looking", method, target, withIdempotency(jsonHeaders, idempotent), validBytes, caller);
        }
        if (content.has("text/csv")) {
            add("csv", method, target, Map.of("Content-Type", "text/csv"),
                    "age,sex\n34,F\n51,M\n".getBytes(StandardCharsets.UTF_8), primary(path));
            add("csv-garbage", method, target, Map.of("Content-Type", "text/csv"),
                    "\"unclosed,\u0000\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8), primary(path));
        }

        // path parameters
        for (JsonNode parameter : parameters) {
            if (!parameter.path("in").asString().equals("path")) {
                continue;
            }
            String name = parameter.path("name").asString();
            for (String segment : NASTY_SEGMENTS) {
                String broken = fill(path, n -> n.equals(name) ? segment : valid(path, n));
                add("path " + name + "=" + label(segment), method, broken + validQuery(parameters),
                        withIdempotency(jsonHeaders, idempotent), validBytes, pick(path));
            }
        }

        // query strings: the declared parameters, or one the operation does not know
        List<String> queryNames = parameters.stream().filter(p -> p.path("in").asString().equals("query"))
                .map(p -> p.path("name").asString()).toList();
        String base = fill(path, name -> valid(path, name));
        if (queryNames.isEmpty()) {
            for (int i = 0; i < 4; i++) {
                String value = NASTY_QUERY_VALUES.get(random.nextInt(NASTY_QUERY_VALUES.size()));
                add("query unknown=" + label(value), method, base + "?unknown=" + value, jsonHeaders, validBytes,
                        pick(path));
            }
        }
        for (String name : queryNames) {
            for (String value : NASTY_QUERY_VALUES) {
                String query = validQuery(parameters).replaceFirst("([?&]" + name + "=)[^&]*", "$1"
                        + java.util.regex.Matcher.quoteReplacement(value));
                if (!query.contains(name + "=")) {
                    query = (query.isEmpty() ? "?" : query + "&") + name + "=" + value;
                }
                add("query " + name + "=" + label(value), method, base + query, jsonHeaders, validBytes, pick(path));
            }
            add("query " + name + " twice", method, base + validQuery(parameters) + "&" + name + "=2", jsonHeaders,
                    validBytes, pick(path));
        }
        add("query broken name", method, base + "?%ZZ=1&a%FF=2", jsonHeaders, validBytes, pick(path));
        add("query 1500 parameters", method, base + "?" + String.join("&",
                java.util.stream.IntStream.range(0, 1_500).mapToObj(i -> "p" + i + "=1").toList()), jsonHeaders,
                validBytes, pick(path));

        if (validBody != null) {
            addBodyCases(path, method, target, validBody, idempotent);
        }

        // headers
        for (String key : List.of("", " ", "x".repeat(300), "\u00ff\u00fe", "\u0001", "a b", "\t")) {
            add("idempotency-key " + label(key), method, target, withHeader(jsonHeaders, "Idempotency-Key", key),
                    validBytes, pick(path));
        }
        for (String accept : List.of("@@@", "application/xml", "text/html", "*/*;q=abc", "application/json;q=2",
                "image/png")) {
            add("accept " + label(accept), method, target, withHeader(jsonHeaders, "Accept", accept), validBytes,
                    pick(path));
        }
        for (String authorization : List.of("Bearer ", "Bearer \u00ff\u00fe", "Basic Zm9vOmJhcg==", "Bearer",
                "Bearer " + "a".repeat(6_000), "Bearer ppml_" + "\u0080".repeat(43), "Bearer a b c")) {
            add("authorization " + label(authorization), method, target,
                    withHeader(jsonHeaders, "Authorization", authorization), validBytes, others.get(0));
        }
    }

    private void addBodyCases(String path, String method, String target, JsonNode validBody, boolean idempotent) {
        // a fresh Idempotency-Key (or none) per request: a reused one would stop every later variant at 422
        java.util.function.Supplier<Map<String, String>> json =
                () -> withIdempotency(Map.of("Content-Type", "application/json"), idempotent);
        for (Fragment body : NASTY_BODIES) {
            add("body " + body.label(), method, target, json.get(), body.json(), pick(path));
        }
        for (int i = 0; i < 6; i++) {
            Fragment body = NASTY_VALUES.get(random.nextInt(NASTY_VALUES.size()));
            add("body is " + body.label(), method, target, json.get(), body.json(), pick(path));
        }
        if (validBody instanceof ObjectNode object) {
            ObjectNode extra = object.deepCopy();
            extra.put("unknownField", 1);
            add("unknown field", method, target, json.get(), JSON.writeValueAsBytes(extra), pick(path));
            Iterator<String> names = object.propertyNames().iterator();
            while (names.hasNext()) {
                ObjectNode missing = object.deepCopy();
                String name = names.next();
                missing.remove(name);
                add("missing " + name, method, target, json.get(), JSON.writeValueAsBytes(missing), pick(path));
            }
        }
        List<List<Object>> fields = new ArrayList<>();
        collectPaths(validBody, new ArrayList<>(), fields, 0);
        // every nasty value in one field chosen at random; in every field the values that most often slip through
        // (numbers beyond double and long, non-finite strings, the wrong type, deep nesting) and a few more at random
        List<Object> everything = fields.isEmpty() ? List.of() : fields.get(random.nextInt(fields.size()));
        for (List<Object> field : fields) {
            List<Fragment> values = new ArrayList<>(field == everything ? NASTY_VALUES : ALWAYS_IN_EVERY_FIELD);
            if (field != everything) {
                for (int i = 0; i < 3; i++) {
                    values.add(NASTY_VALUES.get(random.nextInt(NASTY_VALUES.size())));
                }
            }
            for (Fragment value : values) {
                add("field " + field + " is " + value.label(), method, target, json.get(),
                        replace(validBody, field, value), pick(path));
            }
        }
        byte[] valid = JSON.writeValueAsBytes(validBody);
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data",
                "application/json; charset=EBCDIC-XYZ", "application/json; charset=UTF-16", "@@@", "application/",
                "application/json; boundary=\"")) {
            add("content-type " + label(type), method, target, withIdempotency(Map.of("Content-Type", type),
                    idempotent), valid, pick(path));
        }
        add("content-type form with bad encoding", method, target,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=%ZZ&b=%&%FF=1".getBytes(
                        StandardCharsets.ISO_8859_1), pick(path));
        add("no content-type", method, target, Map.of(), valid, pick(path));
        add("chunked", method, target, withHeader(json.get(), "Transfer-Encoding", "chunked"), chunked(valid),
                pick(path));
        add("chunked with a bad chunk header", method, target, withHeader(json.get(), "Transfer-Encoding", "chunked"),
                "ZZ\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pick(path));
        add("chunked with a bad chunk extension", method, target,
                withHeader(json.get(), "Transfer-Encoding", "chunked"),
                ("2;\u0001\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), pick(path));
    }

    /** What no operation owns: the request line, framing and headers every request has. */
    private void addProtocolCases(List<String[]> operations) {
        String[] some = operations.get(random.nextInt(operations.size()));
        String path = fill(some[0], name -> valid(some[0], name));
        Caller caller = primary(some[0]);
        byte[] tooLarge = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        add("body over the size limit", "POST", "/v1/dp/noise", Map.of("Content-Type", "application/json"),
                tooLarge, owner);
        add("chunked body over the size limit", "POST", "/v1/dp/noise", Map.of("Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), chunked(tooLarge), owner);
        for (String method : List.of("FOO", "G@T", "TRACE", "CONNECT", "PROPFIND", "get")) {
            add("method " + method, method, path, Map.of(), new byte[0], caller);
        }
        for (String host : List.of("a b", "[::1", "", "x".repeat(300), "localhost:99999", "\u00ff")) {
            add("host " + label(host), "GET", path, Map.of("Host", host), new byte[0], caller);
        }
        for (String length : List.of("-1", "abc", "99999999999999999999", "1, 2", "0x10")) {
            add("content-length " + label(length), "POST", path, Map.of("Content-Length", length,
                    "Content-Type", "application/json"), new byte[0], caller);
        }
        for (String coding : List.of("gzip", "chunked, gzip", "identity", "\u0001")) {
            add("transfer-encoding " + label(coding), "POST", path, Map.of("Transfer-Encoding", coding,
                    "Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), caller);
        }
        add("expect garbage", "POST", path, Map.of("Expect", "fuzz", "Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), caller);
        add("header too large", "GET", path, Map.of("X-Fuzz", "a".repeat(20_000)), new byte[0], caller);
        add("header with control character", "GET", path, Map.of("X-Fuzz", "a\u0001b"), new byte[0], caller);
        add("header name with space", "GET", path, Map.of("X Fuzz", "a"), new byte[0], caller);
        add("header folded", "GET", path, Map.of("X-Fuzz", "a\r\n b"), new byte[0], caller);
        add("target absolute-form", "GET", "http://elsewhere" + path, Map.of(), new byte[0], caller);
        add("target without slash", "GET", path.substring(1), Map.of(), new byte[0], caller);
        add("target with fragment", "GET", path + "#x", Map.of(), new byte[0], caller);
        add("target asterisk", "GET", "*", Map.of(), new byte[0], caller);
    }

    private void add(String label, String method, String target, Map<String, String> headers, byte[] body,
            Caller caller) {
        cases.add(new Case(label, method, target, headers, body, caller));
        // now and then the same request from someone else: no key, an unknown key, another role
        if (random.nextInt(4) == 0) {
            Caller other = others.get(random.nextInt(others.size()));
            if (other != caller) {
                cases.add(new Case(label, method, target, headers, body, other));
            }
        }
    }

    private Caller primary(String path) {
        return path.startsWith("/v1/admin") ? admin : owner;
    }

    private Caller pick(String path) {
        if (path.startsWith("/v1/admin")) {
            return admin;
        }
        return random.nextInt(3) == 0 ? analyst : owner;
    }

    private Map<String, String> withIdempotency(Map<String, String> headers, boolean idempotent) {
        return idempotent && random.nextBoolean()
                ? withHeader(headers, "Idempotency-Key", new UUID(random.nextLong(), random.nextLong()).toString())
                : headers;
    }

    private static Map<String, String> withHeader(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private String valid(String path, String name) {
        String real = costlyPaths.contains(path) ? null : pathValues.getOrDefault(path + " " + name,
                pathValues.get(name));
        if (real != null) {
            return real;
        }
        return name.equals("id") ? new UUID(random.nextLong(), random.nextLong()).toString() : "fuzz-" + name;
    }

    private static String fill(String template, Function<String, String> values) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(values.apply(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    private String validQuery(List<JsonNode> parameters) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            if (!parameter.path("in").asString().equals("query")) {
                continue;
            }
            JsonNode example = parameter.has("example") ? parameter.get("example")
                    : parameter.path("schema").path("example");
            String value;
            if (!example.isMissingNode() && !example.isNull()) {
                value = example.asString();
            } else if (!parameter.path("required").asBoolean()) {
                continue;
            } else {
                value = "1";
            }
            // '|' stays raw, as the README writes the CSV schema
            pairs.add(parameter.path("name").asString() + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%7C", "|"));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** A valid-looking value of {@code schema}: its example, else the least its type and bounds allow. */
    private JsonNode value(JsonNode schema, int depth) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("example") && !resolved.get("example").isNull()) {
            return resolved.get("example");
        }
        if (resolved.has("enum")) {
            return resolved.get("enum").get(0);
        }
        String type = type(resolved);
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 6) {
                    resolved.path("properties").properties()
                            .forEach(p -> object.set(p.getKey(), value(p.getValue(), depth + 1)));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 6 && resolved.has("items")) {
                    array.add(value(resolved.get("items"), depth + 1));
                }
                return array;
            }
            case "integer" -> {
                return NODES.numberNode(resolved.has("minimum") ? resolved.get("minimum").asLong() : 1L);
            }
            case "number" -> {
                return NODES.numberNode(resolved.has("minimum") ? resolved.get("minimum").asDouble() : 1.0);
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            case "string" -> {
                String format = resolved.path("format").asString();
                return NODES.stringNode(switch (format) {
                    case "date-time" -> "2030-01-01T00:00:00Z";
                    case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
                    default -> "fuzz";
                });
            }
            default -> {
                return NODES.numberNode(1);
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String name = current.get("$ref").asString().substring("#/components/schemas/".length());
            current = spec.path("components").path("schemas").path(name);
        }
        return current;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : "";
    }

    /** Paths (property names and array indexes) to every value in {@code node}, down to a few levels. */
    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out, int depth) {
        if (depth > 4) {
            return;
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(p -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(p.getKey());
                out.add(path);
                collectPaths(p.getValue(), path, out, depth + 1);
            });
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            out.add(path);
            collectPaths(array.get(0), path, out, depth + 1);
        }
    }

    /** {@code body} with the value at {@code path} replaced by the raw {@code fragment}. */
    private static byte[] replace(JsonNode body, List<Object> path, Fragment fragment) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = path.get(i) instanceof String name ? parent.get(name) : parent.get((Integer) path.get(i));
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.put((String) last, MARKER);
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) last, NODES.stringNode(MARKER));
        }
        byte[] text = JSON.writeValueAsBytes(copy);
        byte[] marker = ("\"" + MARKER + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(text, marker);
        byte[] out = new byte[text.length - marker.length + fragment.json().length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(fragment.json(), 0, out, at, fragment.json().length);
        System.arraycopy(text, at + marker.length, out, at + fragment.json().length, text.length - at - marker.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    private static byte[] chunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 64);
        int chunk = 1 << 16;
        for (int at = 0; at < body.length; at += chunk) {
            int n = Math.min(chunk, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static String label(String value) {
        String shown = value.length() > 24 ? value.substring(0, 12) + "...(" + value.length() + " chars)" : value;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return "'" + out + "'";
    }
}
