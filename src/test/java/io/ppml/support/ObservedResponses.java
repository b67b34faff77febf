package io.ppml.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which status codes the API tests saw for which request, so that {@code OpenApiContractIT} can check that the
 * served OpenAPI document declares every one of them. The surefire run sets {@code ppml.test.observed-responses}
 * to a file (see pom.xml); it is emptied when this class loads, filled with one distinct
 * {@code METHOD path status} line per observation, and read after the unit tests by the integration test.
 * Without the property (an IDE run, the integration tests' own requests) nothing is recorded.
 */
public final class ObservedResponses {

    public static final String PROPERTY = "ppml.test.observed-responses";

    private static final Path FILE = initialise();
    private static final Set<String> SEEN = new LinkedHashSet<>();

    private ObservedResponses() {
    }

    private static Path initialise() {
        String property = System.getProperty(PROPERTY);
        if (property == null || property.isBlank()) {
            return null;
        }
        Path file = Path.of(property);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Records that {@code method path} (any query string is dropped) answered {@code status}. */
    static void record(String method, String pathAndQuery, int status) {
        if (FILE == null) {
            return;
        }
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        String line = method + " " + path + " " + status;
        synchronized (SEEN) {
            if (!SEEN.add(line)) {
                return;
            }
            try {
                Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
