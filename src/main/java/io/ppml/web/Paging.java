package io.ppml.web;

import java.util.List;
import java.util.function.Function;

import io.ppml.refusal.Refusal;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Limit;

/**
 * The query parameters of every list, {@code ?limit=&after=}, and how a service answers them: it runs its keyset
 * query for one item more than the page holds, which tells whether another page follows without counting.
 *
 * @param limit how many items a page holds, 1 to {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when absent
 * @param after the previous page's {@code nextCursor}; absent for the first page
 */
@ParameterObject
public record Paging(
        @Parameter(description = "How many items to return, 1 to " + MAX_LIMIT,
                schema = @Schema(type = "integer", format = "int32", defaultValue = "" + DEFAULT_LIMIT, minimum = "1",
                        maximum = "" + MAX_LIMIT))
        @Nullable Integer limit,
        @Parameter(description = "Where to continue: the nextCursor of the previous page, unchanged; leave out for "
                + "the first page")
        @Nullable String after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** A list's keyset query: at most {@code limit} items after {@code after} (from the start when null). */
    @FunctionalInterface
    public interface Query<K, E> {
        List<E> fetch(@Nullable K after, Limit limit);
    }

    /**
     * The page these parameters ask for: {@code after} read with {@code cursor}, {@code query} run for it, each row
     * shown as {@code view}, and the next page's cursor made from the sort key ({@code keyOf}) of the last row shown.
     */
    public <K, E, T> Items<T> page(Cursor<K> cursor, Query<K, E> query, Function<? super E, K> keyOf,
            Function<? super E, T> view) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Refusal.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<E> rows = query.fetch(cursor.read(after), Limit.of(size + 1));
        boolean more = rows.size() > size;
        List<E> shown = more ? rows.subList(0, size) : rows;
        return new Items<>(shown.stream().<T>map(view).toList(),
                more ? cursor.write(keyOf.apply(shown.get(size - 1))) : null);
    }
}
