package io.ppml.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The durability journal of {@link DurableJournal} (H2 only; on PostgreSQL commits are durable already).
 *
 * @param journalSync        force every group of journal records to the device before their commits return, so that
 *                           they survive power loss and not only a crash of the process
 *                           ({@code PPML_DURABILITY_JOURNAL_SYNC})
 * @param journalSegmentSize size at which a journal segment is closed and, once H2's file is on disk, deleted
 */
@ConfigurationProperties("ppml.durability")
public record DurabilityProperties(
        @DefaultValue("true") boolean journalSync,
        @DefaultValue("4MB") DataSize journalSegmentSize) {
}
