package io.ppml.crypto;

import java.nio.file.Path;

/** The service's data directory ({@code ppml.data-dir}), absolute: H2 files and generated secret files. */
public record DataDirectory(Path path) {

    public Path resolve(String name) {
        return path.resolve(name);
    }
}
