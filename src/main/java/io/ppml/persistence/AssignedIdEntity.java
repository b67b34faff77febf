package io.ppml.persistence;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the application assigns. Spring Data's {@code save} cannot tell such an entity new from its id
 * and would {@code merge} it — a select before every insert (on the charge's path, on a share's submission). This one is new until it is
 * persisted or loaded, so {@code save} persists it straight away.
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean isNew = true;

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void stored() {
        isNew = false;
    }
}
