-- The lean floor for SQLite (scripts/bench.sh): the pragma_* table-valued functions
-- in one statement.
SELECT m.name, m.sql,
  (SELECT json_group_array(json_array(p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden)) FROM pragma_table_xinfo(m.name) p),
  (SELECT json_group_array(json_array(il.name, il."unique", il.origin, il.partial,
     (SELECT group_concat(ii.name) FROM pragma_index_xinfo(il.name) ii WHERE ii.key))) FROM pragma_index_list(m.name) il),
  (SELECT json_group_array(json_array(f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete)) FROM pragma_foreign_key_list(m.name) f)
FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\';
