import { getDb } from "./client.server";

const handle = await getDb();
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
