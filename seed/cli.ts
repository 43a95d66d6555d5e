import { getDb } from "../db/client.server";
import { seedDemoIfEmpty } from "./demo";

/** `npm run db:seed`: the demo company, on any database that has no users yet. */
const handle = await getDb();
const seeded = await seedDemoIfEmpty(handle, "always");
console.log(seeded ? "Demo company seeded." : "The database already has users; nothing seeded.");
await handle.close();
