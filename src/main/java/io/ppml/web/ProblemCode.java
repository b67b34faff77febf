package io.ppml.web;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * Every kind of problem the service answers with. The slug is the {@code code} member of a problem and the last
 * segment of its {@code type}, {@code /problems/<slug>}, where a short page explains it.
 */
public enum ProblemCode {

    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "Validation failed",
            "The request was understood but something in it is not acceptable: malformed JSON, a missing or "
                    + "out-of-range field, a value of the wrong type or an unknown enum constant. The errors "
                    + "member lists each offending field with a message. Correct the request and send it again; "
                    + "nothing was stored and no budget was spent."),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized",
            "The request has no bearer secret, or one the service does not know or has revoked. Send "
                    + "Authorization: Bearer <secret> with a tenant API key (or, for /v1/admin, the admin token)."),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden",
            "The secret is valid but its role may not do this: OWNER may do everything in its tenant, ANALYST "
                    + "runs differentially private queries and reads the budget, CONTRIBUTOR submits shares and "
                    + "updates and encrypts; only the admin token manages tenants."),
    BUDGET_EXHAUSTED("budget-exhausted", HttpStatus.FORBIDDEN, "Privacy budget exhausted",
            "Answering would spend more privacy budget (ε or δ) than the tenant has left in its current window. "
                    + "Nothing was released and nothing was spent. Ask for a larger ε-δ total, wait for the window "
                    + "to reset, or ask with a smaller ε (POST /v1/dp/plan shows what fits)."),
    ORIGIN_NOT_ALLOWED("origin-not-allowed", HttpStatus.FORBIDDEN, "Origin not allowed",
            "A browser sent this request from a page whose origin (scheme, host and port) is not among those the "
                    + "service lets call it (ppml.web.cors.allowed-origins), or asked, in its preflight, to send a "
                    + "method or header the service does not take. Calls from servers and scripts send no Origin "
                    + "and are never refused for it; to call from a page, have the operator add its origin."),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found",
            "There is no such resource for this caller. Resources of other tenants answer exactly like ones "
                    + "that do not exist."),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "The path exists but not with this HTTP method; the Allow header lists the ones it takes."),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
            "The service cannot answer in any media type the Accept header allows; ask for application/json."),
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request timeout",
            "The request body did not arrive in time: the connection went quiet before the bytes that Content-Length "
                    + "or the chunked framing announced were all received. Nothing was processed; send the request "
                    + "again, whole."),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict",
            "The request clashes with the current state: a name already taken, a resource in the wrong state, "
                    + "or an identical request with the same Idempotency-Key still being processed (retry later)."),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
            "The request body is larger than the service accepts (ppml.web.max-request-size, 10 MiB by default). "
                    + "Split the work into smaller requests."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "The body's Content-Type is not one this endpoint reads; send application/json."),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused",
            "This Idempotency-Key was already used with a different request. A key names one request: use a "
                    + "fresh key for a new request, and the same key only to retry the very same one."),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Rate limited",
            "Too many requests in too short a time: the API key, its tenant (whose keys share one quota), or the "
                    + "tenant's expensive operations (HE key generation and rotation, large request bodies) have "
                    + "used their quota for the current window. Nothing was done and nothing was spent. Wait the "
                    + "seconds that Retry-After gives, then send the request again; the RateLimit-Policy and "
                    + "RateLimit headers of every answer show the quotas and what is left of them."),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "The service failed in a way that is not the caller's fault. The failure was logged with the "
                    + "request's instance; nothing was committed half-way — except a privacy charge for a release "
                    + "that had begun, which is kept while nothing is released (the detail says so), so that a "
                    + "failure can never be a free answer. A retry with the same Idempotency-Key replays it.");

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String description;

    ProblemCode(String slug, HttpStatus status, String title, String description) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.description = description;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The {@code type} URI reference: a page this service serves. */
    public String type() {
        return "/problems/" + slug;
    }

    public static Optional<ProblemCode> bySlug(String slug) {
        return Arrays.stream(values()).filter(c -> c.slug.equals(slug)).findFirst();
    }

    /** The code for a status that Spring or the container produced without a more specific cause. */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> IDEMPOTENCY_KEY_REUSED;
            case 429 -> RATE_LIMITED;
            default -> status >= 400 && status < 500 ? VALIDATION_FAILED : INTERNAL_ERROR;
        };
    }
}
