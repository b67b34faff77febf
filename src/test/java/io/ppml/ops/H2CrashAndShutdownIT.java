package io.ppml.ops;

import java.util.Map;

/** The embedded default: an H2 file database in the data directory. */
class H2CrashAndShutdownIT extends AbstractCrashAndShutdownIT {

    @Override
    Map<String, String> database(String name) {
        return Map.of();
    }

    @Override
    boolean journaled() {
        return true;
    }
}
