-- The lean floor for PostgreSQL (scripts/bench.sh, bench-fleet.sh): the facts a plan
-- reads, by the cheapest queries psql can send. Catalog tables only; index facts
-- from pg_index's columns, not pg_get_indexdef(); pg_get_expr() given the table
-- only for a generated column (given it, the server opens every table).
SELECT c.oid, c.relname, c.relkind, c.relpersistence FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p');
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attcollation FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped;
SELECT d.adrelid, d.adnum, pg_get_expr(d.adbin, CASE WHEN a.attgenerated <> '' THEN d.adrelid ELSE 0 END) FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE c.relnamespace = 'public'::regnamespace;
SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, i.indkey, i.indoption, i.indclass, i.indcollation, i.indpred IS NOT NULL, i.indexprs IS NOT NULL, am.amname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam WHERE ic.relnamespace = 'public'::regnamespace;
SELECT co.conrelid, co.conname, co.contype, co.conkey, co.confrelid, co.confkey, co.confupdtype, co.confdeltype, co.condeferrable FROM pg_constraint co WHERE co.connamespace = 'public'::regnamespace;
SELECT d.objoid, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = 'public'::regnamespace;
