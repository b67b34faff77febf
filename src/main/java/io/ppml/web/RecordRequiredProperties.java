package io.ppml.web;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Optional;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Marks the properties of every record-shaped request and response as {@code required} unless the component is
 * {@code @Nullable}, and the {@code @Nullable} ones as nullable: the project's DTOs are records whose optional fields
 * are annotated, so the annotation is the one source of truth for both the Java code and the OpenAPI document. A
 * client generated from the document can then rely on, say, {@code receiptId} being present, and leaves an optional
 * list it was not given as null (absent) instead of sending {@code []}, which a statistic would read as "no
 * categories".
 */
@Component
class RecordRequiredProperties implements ModelConverter {

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved == null || !raw.isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() == null ? resolved
                : context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = component.getName();
            Schema<?> property = model.getProperties().get(name);
            if (property == null) {
                continue;
            }
            if (optional(component)) {
                nullable(property);
            } else if (model.getRequired() == null || !model.getRequired().contains(name)) {
                model.addRequiredItem(name);
            }
        }
        return resolved;
    }

    /**
     * OpenAPI 3.1 says "may be null" with a type list that holds "null" (and, for an enum, null among its values); a
     * reference to a schema stays as it is.
     */
    @SuppressWarnings("unchecked")
    private static void nullable(Schema<?> property) {
        if (property.get$ref() != null) {
            return;
        }
        if (property.getTypes() != null && !property.getTypes().isEmpty()) {
            property.addType("null");
        } else if (property.getType() != null) {
            property.setNullable(true);
        }
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            ((Schema<Object>) property).getEnum().add(null);
        }
    }

    private static boolean optional(RecordComponent component) {
        if (component.getType().isPrimitive()) {
            return false;
        }
        if (component.getAnnotatedType().isAnnotationPresent(Nullable.class) || component.getType() == Optional.class) {
            return true;
        }
        io.swagger.v3.oas.annotations.media.Schema schema = component.getAccessor()
                .getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        if (schema != null && schema.requiredMode()
                == io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED) {
            return true;
        }
        return false;
    }
}
