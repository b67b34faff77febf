package io.ppml.web;

import java.io.IOException;

/** Thrown by the size-limited request stream once the body passes the limit; answered with 413. */
final class PayloadTooLarge extends IOException {

    static final String DETAIL = "The request body is larger than this service accepts.";

    PayloadTooLarge() {
        super(DETAIL, null);
    }
}
