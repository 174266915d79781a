// CI's check of the SDK's TypeScript declarations: generates them afresh from sdk/'s JSDoc into a
// temporary folder and compares them with the checked-in types/. A JSDoc type tsc cannot read fails
// here, and so does an SDK change whose declarations were not regenerated (npm run types).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fresh = mkdtempSync(join(tmpdir(), 'parley-types-'));
try {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--outDir', fresh], { stdio: 'inherit' });
  const checkedIn = join(root, 'types');
  const names = new Set([...readdirSync(fresh), ...readdirSync(checkedIn)]);
  const stale = [...names].filter(name => {
    try {
      return readFileSync(join(fresh, name), 'utf8') !== readFileSync(join(checkedIn, name), 'utf8');
    } catch {
      return true; // only on one side
    }
  });
  if (stale.length > 0) {
    console.error(`types/ is not what sdk/'s JSDoc gives for: ${stale.sort().join(', ')}. Run npm run types and commit the result.`);
    process.exit(1);
  }
  console.log(`types/: ${names.size} declaration files, up to date with sdk/`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
