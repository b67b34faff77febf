-- Under add/remove-one neighbours a dataset's size is private: analysts see it only when the owner declared it public
-- at upload. Datasets uploaded before this default to private.
alter table dp_datasets add column row_count_public boolean default false not null;

-- The row limit (ppml.dp.max-values) a dataset was uploaded under. Its queries size their floating-point error bounds
-- and every refusal by it, so that lowering the setting later cannot make a refusal depend on the dataset's size.
-- Datasets uploaded before this take the default limit, or their size if that is larger.
alter table dp_datasets add column max_rows integer;
update dp_datasets set max_rows = greatest(1000000, row_count);
alter table dp_datasets alter column max_rows set not null;
