package io.ppml.web;

import java.io.IOException;

/**
 * Thrown by the request-body stream when the client stops sending before the body is complete and the container's
 * read timeout runs out; answered with 408. Only reads of the request body raise it, so a timeout anywhere else
 * (the database, say) stays the server's failure.
 */
final class RequestBodyTimeout extends IOException {

    /** The request attribute that holds this exception once the body's read has timed out. */
    static final String ATTRIBUTE = RequestBodyTimeout.class.getName();

    RequestBodyTimeout(IOException cause) {
        super("The request body did not arrive in time.", cause);
    }
}
