package io.ppml.ratelimit.core;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * At most {@code requests} requests per {@code window}, counted in fixed windows: the whole quota comes back at once
 * when a window ends, which is exactly what {@code RateLimit-Policy: "name";q=requests;w=seconds} promises a client.
 *
 * @param name the policy's identifier in the header fields (lower-case letters, digits and dashes)
 * @param requests how many requests a window holds, at least 1
 * @param window how long a window lasts, a whole number of seconds (the fields count in seconds), at least one
 */
public record Quota(String name, long requests, Duration window) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public Quota {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a quota's name is lower-case letters, digits and dashes: " + name);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("quota " + name + ": requests must be at least 1, not " + requests);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.getNano() != 0) {
            throw new IllegalArgumentException("quota " + name + ": the window must be a whole number of seconds, "
                    + "at least 1s, not " + window);
        }
    }

    /** The window in seconds, the {@code w} parameter of the policy. */
    public long windowSeconds() {
        return window.getSeconds();
    }
}
