import { readFile } from 'node:fs/promises';
import { DrawVerification, verifyProof } from '@lib/domain';

// Usage: npm run verify-draw -- <proof.json | http(s)://…/v1/campaigns/<id>/draws/<id>/proof>
// Re-derives a draw's winners from its proof bundle (docs/ARCHITECTURE.md, "Verifiable draws").
// CANYU_API_KEY, when set, is sent as a Bearer token to a URL. Exit 0 valid, 1 not, 2 unusable.
const USAGE = 'usage: npm run verify-draw -- <proof.json | https://…/draws/<drawId>/proof>  (CANYU_API_KEY for a URL that needs a key)';
const FETCH_TIMEOUT_MS = 30_000;
const SHOWN_WINNERS = 20;

class Unusable extends Error {}

async function load(source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const key = process.env.CANYU_API_KEY;
    const res = await fetch(source, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch((err: Error) => {
      throw new Unusable(`could not fetch ${source}: ${err.message}`);
    });
    text = await res.text();
    if (!res.ok) {
      const code = (() => { try { return (JSON.parse(text) as { error?: { code?: string } }).error?.code; } catch { return undefined; } })();
      throw new Unusable(`${source} answered ${res.status}${code ? ` ${code}` : ''}${res.status === 401 && !key ? ' (set CANYU_API_KEY)' : ''}`);
    }
  } else {
    text = await readFile(source, 'utf8').catch((err: Error) => {
      throw new Unusable(`could not read ${source}: ${err.message}`);
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Unusable(`${source} is not JSON`);
  }
}

const mark = (check: string) => (check === 'ok' ? 'ok    ' : check === 'failed' ? 'FAILED' : '–     ');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');

function report(bundle: Record<string, unknown>, result: DrawVerification): string[] {
  const entrants = Array.isArray(bundle.entrants) ? (bundle.entrants as { weight?: unknown }[]) : [];
  const totalWeight = entrants.reduce((sum, e) => sum + (typeof e.weight === 'number' ? e.weight : 0), 0);
  const lines = [
    `Draw ${str(bundle.drawId)} "${str(bundle.name)}" (campaign ${str(bundle.campaignId)}, node ${str(bundle.nodeId)}), ${str(bundle.algorithm)}`,
    `  format          ${mark(result.checks.format)}`,
    `  commitment      ${mark(result.checks.commitment)} SHA-256(seed) = ${str(bundle.commitment)}, committed ${str(bundle.committedAt)}`,
    `  entrant list    ${mark(result.checks.entrantListHash)} ${entrants.length} entrants, total weight ${totalWeight}, hash ${str(bundle.entrantListHash)}, frozen ${str(bundle.frozenAt)}`,
    `  winners         ${mark(result.checks.winners)} ${result.winners.length} of ${str(bundle.winnersCount)} set up, drawn ${str(bundle.drawnAt)}; re-derived:`,
  ];
  for (const w of result.winners.slice(0, SHOWN_WINNERS)) lines.push(`                  ${String(w.position).padStart(4)}. ${w.id}`);
  if (result.winners.length > SHOWN_WINNERS) lines.push(`                  … and ${result.winners.length - SHOWN_WINNERS} more`);
  for (const problem of result.problems) lines.push(`  problem: ${problem}`);
  return lines;
}

async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    console.error(USAGE);
    return 2;
  }
  const bundle = await load(args[0]);
  const result = verifyProof(bundle);
  if (typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle)) console.log(report(bundle as Record<string, unknown>, result).join('\n'));
  else console.log(`  problem: ${result.problems.join('; ')}`);
  console.log(
    result.valid
      ? 'VALID: the seed matches its commitment, the list its hash, and the published winners are the ones they give.'
      : `NOT VALID: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}.`,
  );
  return result.valid ? 0 : 1;
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((err: Error) => {
    console.error(err instanceof Unusable ? `verify-draw: ${err.message}` : `verify-draw failed: ${err.stack ?? err.message}`);
    process.exitCode = 2;
  });
