-- One row that the H2 group commit updates before each CHECKPOINT, so that the checkpoint always has a change to
-- store synchronously (see io.ppml.web.DurableJournal). Unused on PostgreSQL, where a commit is durable already.
create table durability_marker (
    id      integer primary key,
    flushes bigint  not null
);
insert into durability_marker (id, flushes) values (1, 0);
