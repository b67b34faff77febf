-- Under add/remove-one neighbours a dataset's size is private: analysts see it only when the owner declared it public
-- at upload. Datasets uploaded before this default to private.
alter table dp_datasets add column row_count_public boolean default false not null;
