// The DuckDB peer of engine_attribution_bench: loads the same normalised plaintext
// (DIR/exposures.norm.csv, DIR/purchases.norm.csv, written by the bench with --keep) into
// in-memory tables (untimed), then times the same attribution query. Needs @duckdb/node-api
// (npm install in bench/; see bench/engine_vs_duckdb.sh).
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE exposures AS SELECT * FROM read_csv('${dir}/exposures.norm.csv',
  header = false, columns = {'email': 'VARCHAR', 'campaign_id': 'VARCHAR', 'exposure_date': 'VARCHAR'})`);
await con.run(`CREATE TABLE purchases AS SELECT * FROM read_csv('${dir}/purchases.norm.csv',
  header = false, columns = {'email': 'VARCHAR', 'purchase_date': 'VARCHAR', 'total_spent': 'DOUBLE'})`);
await con.run(`UPDATE exposures SET email = NULL WHERE email = ''`);
await con.run(`UPDATE purchases SET email = NULL WHERE email = ''`);
const sql = `SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users,
  SUM(p.total_spent) AS total_revenue FROM exposures e JOIN purchases p ON e.email = p.email
  WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY e.campaign_id`;
const t0 = process.hrtime.bigint();
const reader = await con.runAndReadAll(sql);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
for (const row of reader.getRows()) {
  console.log(`  duckdb ["${row[0]}",${row[1]},${Number(row[2]).toFixed(2)}]`);
}
console.log(`duckdb (same SQL, in memory, all cores): ${seconds.toFixed(2)} s`);
