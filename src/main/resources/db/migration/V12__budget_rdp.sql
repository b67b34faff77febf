-- The ledger learns subsampling (issue 10): besides the four sums, each account keeps, for its window and its
-- lifetime, the ρ that Rényi-DP charges (subsampled DP-FedAvg rounds) contributed to rho, and the sum of their RDP
-- curves (null: none; else a format byte and 151 little-endian doubles at Opacus's orders). Accounts from before
-- have no RDP charges: zero and null are exactly their state.
alter table budget_accounts add column rdp_rho numeric(40, 24) default 0 not null;
alter table budget_accounts add column rdp_curve bytea;
alter table budget_accounts add column lifetime_rdp_rho numeric(40, 24) default 0 not null;
alter table budget_accounts add column lifetime_rdp_curve bytea;
