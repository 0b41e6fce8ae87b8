import { composes, sql, type SQL } from "@ib/db";

/**
 * The rows of one batched statement (see `rowBatcher`), passed as JSON: placeholder `rows` is
 * a JSON array of objects, read as `v(<columns>)`; placeholder `ids` is the JSON array of their
 * compose ids.
 */
export function composeRowSet(columns: string): SQL {
  return sql`jsonb_to_recordset(${sql.placeholder("rows")}::jsonb) as v(${sql.raw(columns)})`;
}

/**
 * `composes.id` is one of the batch's ids. With it the plan looks the rows up by primary key;
 * joined on `v.id` alone, PostgreSQL (which guesses 100 rows for the JSON) may scan every
 * in-flight compose through the in-flight index to find a handful.
 */
export function composeIdInRowSet(): SQL {
  return sql`${composes.id} = any(array(select jsonb_array_elements_text(${sql.placeholder("ids")}::jsonb)::uuid)) and ${composes.id} = v.id`;
}

/** The placeholder values of a batch of rows. */
export function rowSetValues(rows: { id: string }[]): { rows: string; ids: string } {
  return { rows: JSON.stringify(rows), ids: JSON.stringify(rows.map((r) => r.id)) };
}
