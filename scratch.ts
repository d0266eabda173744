import { openPglite } from './src/platform/db/client.ts';
import { migrate } from './src/platform/db/migrate.ts';
const d = await openPglite(undefined);
await migrate(d);
console.log(await d.raw.query('select count(*) from municipalities'));
console.log(await d.asTenant({organisationId: '00000000-0000-0000-0000-000000000000', regieMunicipalityCodes: []}, async tx => (await tx.execute('select current_user, count(*) from households' as never)).rows));
await d.close();
