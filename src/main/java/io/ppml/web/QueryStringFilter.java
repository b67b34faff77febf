package io.ppml.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.ppml.refusal.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that cannot be decoded — {@code %} not followed by two hex digits, or escapes that are not
 * UTF-8 — with a 400 problem naming the parameter, before authentication and before anything reads a parameter.
 * Tomcat decodes parameters lazily and, on such input, throws from whichever {@code getParameter} call comes first;
 * checking here gives one answer wherever that call would have been.
 *
 * <p>The check follows what Tomcat does with the query string ({@code &}-separated, {@code +} is a space, UTF-8)
 * and is never stricter: a component holding raw non-ASCII bytes is only checked for its {@code %} escapes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class QueryStringFilter extends OncePerRequestFilter {

    private final Problems problems;

    QueryStringFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<FieldError> malformed = firstMalformed(request.getQueryString());
        if (malformed.isPresent()) {
            FieldError error = malformed.get();
            problems.write(response, Problems.of(ProblemCode.VALIDATION_FAILED,
                    "The query parameter '" + error.field() + "' " + error.message() + ".",
                    request.getRequestURI(), List.of(error)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The first parameter of {@code query} (raw, as sent) that cannot be decoded, with what is wrong with it. */
    static Optional<FieldError> firstMalformed(@org.jspecify.annotations.Nullable String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            String nameProblem = problem(name);
            String valueProblem = nameProblem == null ? problem(value) : null;
            if (nameProblem != null || valueProblem != null) {
                String field = lenientName(name);
                return Optional.of(new FieldError(field.isEmpty() ? "query" : field,
                        nameProblem != null ? "has a name that " + nameProblem : valueProblem));
            }
        }
        return Optional.empty();
    }

    /** Why {@code component} does not decode, or null when it does. */
    private static @org.jspecify.annotations.Nullable String problem(String component) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        boolean rawNonAscii = false;
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length() || Character.digit(component.charAt(i + 1), 16) < 0
                        || Character.digit(component.charAt(i + 2), 16) < 0) {
                    return "is not valid percent-encoding: '%' must be followed by two hexadecimal digits "
                            + "(write a literal '%' as %25)";
                }
                bytes.write(Character.digit(component.charAt(i + 1), 16) * 16
                        + Character.digit(component.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                rawNonAscii = true;
            }
        }
        if (!rawNonAscii && !isUtf8(bytes.toByteArray())) {
            return "does not decode to UTF-8 text: its percent-escapes must encode UTF-8 bytes";
        }
        for (byte b : bytes.toByteArray()) {
            if (b == 0) {
                return "contains the NUL character (%00), which no parameter accepts";
            }
        }
        return null;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The parameter's name as far as it decodes, for the problem's {@code errors[].field}. */
    private static String lenientName(String name) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length() && Character.digit(name.charAt(i + 1), 16) >= 0
                    && Character.digit(name.charAt(i + 2), 16) >= 0) {
                pending.write(Character.digit(name.charAt(i + 1), 16) * 16 + Character.digit(name.charAt(i + 2), 16));
                i += 2;
                continue;
            }
            out.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            out.append(c == '+' ? ' ' : c);
        }
        return out.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }
}
