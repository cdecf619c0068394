import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// Structure checks for the compose files and the Dockerfile they build from. No Docker
// engine needed: the files are parsed, and their cross-references are checked.

type Dict = Record<string, unknown>;

const DOCKER_DIR = __dirname;
const REPO_ROOT = path.resolve(DOCKER_DIR, '..');
const APP_SERVICES = ['campaign-api', 'worker', 'scoring'] as const;
const BUILT_SERVICES = [...APP_SERVICES, 'migrate'] as const;
const REDIS_CONF_IN_CONTAINER = '/usr/local/etc/redis/redis.conf';

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dict(value: unknown, where: string): Dict {
  if (!isDict(value)) throw new Error(`${where} should be a mapping`);
  return value;
}

function loadCompose(file: string): Dict {
  // Merge keys (`<<: *anchor`) are YAML 1.1, which Compose supports; enable them explicitly.
  return dict(parse(readFileSync(path.join(DOCKER_DIR, file), 'utf8'), { merge: true }), file);
}

function servicesOf(compose: Dict, file: string): Dict {
  return dict(compose.services, `${file}: services`);
}

function service(compose: Dict, file: string, name: string): Dict {
  return dict(servicesOf(compose, file)[name], `${file}: services.${name}`);
}

/** depends_on in either form (list of names, or name → { condition }) as name → condition. */
function dependsOn(svc: Dict): Map<string, string | undefined> {
  const raw = svc.depends_on;
  const out = new Map<string, string | undefined>();
  if (raw === undefined) return out;
  if (Array.isArray(raw)) {
    for (const name of raw) out.set(String(name), undefined);
    return out;
  }
  for (const [name, spec] of Object.entries(dict(raw, 'depends_on'))) {
    out.set(name, isDict(spec) && typeof spec.condition === 'string' ? spec.condition : undefined);
  }
  return out;
}

/** Volume mounts in short (`src:dst[:mode]`) or long ({ source, target }) form. */
function mounts(svc: Dict): { source: string; target: string }[] {
  const raw = svc.volumes;
  if (!Array.isArray(raw)) return [];
  return raw.map((v: unknown) => {
    if (typeof v === 'string') {
      const [source = '', target = ''] = v.split(':');
      return { source, target };
    }
    const long = dict(v, 'volume');
    return { source: String(long.source ?? ''), target: String(long.target ?? '') };
  });
}

function environment(svc: Dict): Map<string, string> {
  const raw = svc.environment;
  const out = new Map<string, string>();
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const [key = '', ...rest] = String(entry).split('=');
      out.set(key, rest.join('='));
    }
  } else if (isDict(raw)) {
    for (const [key, value] of Object.entries(raw)) out.set(key, String(value));
  }
  return out;
}

/** Published container ports: "host:container", "ip:host:container" or { target }. */
function containerPorts(svc: Dict): number[] {
  const raw = svc.ports;
  if (!Array.isArray(raw)) return [];
  return raw.map((p: unknown) => {
    if (isDict(p)) return Number(p.target);
    const parts = String(p).split(':');
    return Number(parts[parts.length - 1]?.split('/')[0]);
  });
}

interface Stage {
  name: string | null;
  base: string;
  instructions: string[];
}

/** Splits the Dockerfile into stages; each instruction is one logical line (continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (current === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(`${current}${trimmed}`.trim());
    current = '';
  }
  const stages: Stage[] = [];
  for (const instruction of logical) {
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(instruction);
    if (from) stages.push({ base: from[1] ?? '', name: from[2]?.toLowerCase() ?? null, instructions: [] });
    else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return stages;
}

const dockerfilePath = path.join(DOCKER_DIR, 'Dockerfile');
const stages = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));
const stageNames = new Set(stages.map((s) => s.name).filter((n): n is string => n !== null));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`Dockerfile has no stage '${name}'`);
  return found;
};

describe('docker/Dockerfile', () => {
  it('should define the build, runtime-base and one target per process', () => {
    for (const name of ['build', 'runtime-base', ...BUILT_SERVICES]) expect(stageNames).toContain(name);
  });

  it('should build every process target on runtime-base, which copies dist from build', () => {
    for (const name of BUILT_SERVICES) expect(stage(name).base).toBe('runtime-base');
    const runtime = stage('runtime-base');
    expect(runtime.instructions.some((i) => /^RUN\s+npm ci\b.*--omit=dev/.test(i))).toBe(true);
    expect(runtime.instructions.some((i) => /^COPY\s+--from=build\s+\S*dist\s/.test(i))).toBe(true);
    expect(runtime.instructions).toContainEqual(expect.stringMatching(/^ENV\s+NODE_ENV=production\b/));
  });

  it('should only name stages that exist in FROM and COPY --from', () => {
    stages.forEach((s, index) => {
      const earlier = new Set(stages.slice(0, index).map((e) => e.name));
      if (!s.base.includes(':') && !s.base.startsWith('$')) expect(earlier).toContain(s.base);
      for (const i of s.instructions) {
        const from = /--from=(\S+)/.exec(i)?.[1];
        if (from) expect(earlier).toContain(from);
      }
    });
  });

  it('should run as a non-root user', () => {
    const user = stage('runtime-base').instructions.find((i) => /^USER\s/i.test(i));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
  });

  it('should health-check the HTTP targets with node (no curl in slim images) and start each entry point', () => {
    for (const name of ['campaign-api', 'scoring']) {
      expect(stage(name).instructions).toContainEqual(expect.stringMatching(/^HEALTHCHECK\s.*CMD \["node", "-e", ".*fetch\(.*\/health/));
    }
    for (const name of APP_SERVICES) {
      expect(stage(name).instructions).toContainEqual(`CMD ["node", "dist/apps/${name}/src/main.js"]`);
    }
    expect(stage('migrate').instructions).toContainEqual(
      'CMD ["node", "node_modules/typeorm/cli.js", "migration:run", "-d", "dist/libs/persistence/src/data-source.js"]',
    );
  });
});

describe.each(['compose.yml', 'compose.test.yml'])('docker/%s', (file) => {
  const compose = loadCompose(file);
  const services = servicesOf(compose, file);

  it('should name only services that exist in depends_on', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const dep of dependsOn(dict(svc, name)).keys()) {
        expect({ service: name, dependsOn: dep, exists: dep in services }).toEqual({ service: name, dependsOn: dep, exists: true });
      }
    }
  });

  it('should run Postgres 15 and Redis 7.0 with health checks', () => {
    expect(service(compose, file, 'postgres').image).toMatch(/^postgres:15(\b|$)/);
    expect(service(compose, file, 'redis').image).toMatch(/^redis:7\.0(\b|$)/);
    for (const name of ['postgres', 'redis']) expect(service(compose, file, name).healthcheck).toBeDefined();
    expect(JSON.stringify(service(compose, file, 'postgres').healthcheck)).toContain('pg_isready');
  });

  it('should mount docker/redis.conf into redis and start redis-server with it', () => {
    const redis = service(compose, file, 'redis');
    const conf = mounts(redis).find((m) => m.target === REDIS_CONF_IN_CONTAINER);
    expect(conf).toBeDefined();
    expect(path.resolve(DOCKER_DIR, conf!.source)).toBe(path.join(DOCKER_DIR, 'redis.conf'));
    expect(redis.command).toEqual(['redis-server', REDIS_CONF_IN_CONTAINER]);
  });
});

describe('docker/compose.yml', () => {
  const file = 'compose.yml';
  const compose = loadCompose(file);

  it.each(BUILT_SERVICES)('should build %s from docker/Dockerfile at the target of the same name', (name) => {
    const build = dict(service(compose, file, name).build, `${name}.build`);
    expect(path.resolve(DOCKER_DIR, String(build.context))).toBe(REPO_ROOT);
    expect(build.dockerfile).toBe('docker/Dockerfile');
    expect(existsSync(path.resolve(REPO_ROOT, String(build.dockerfile)))).toBe(true);
    expect(stageNames).toContain(build.target);
    expect(build.target).toBe(name);
  });

  it.each(APP_SERVICES)('should start %s only after migrate completed successfully and Redis is healthy', (name) => {
    const deps = dependsOn(service(compose, file, name));
    expect(deps.get('migrate')).toBe('service_completed_successfully');
    expect(deps.get('redis')).toBe('service_healthy');
  });

  it('should run migrate once, after Postgres is healthy', () => {
    const migrate = service(compose, file, 'migrate');
    expect(dependsOn(migrate).get('postgres')).toBe('service_healthy');
    expect(['no', undefined]).toContain(migrate.restart);
    expect(environment(migrate).get('DATABASE_URL')).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  });

  it.each(APP_SERVICES)('should give %s the stores and a webhook secret that must be set', (name) => {
    const env = environment(service(compose, file, name));
    expect(env.get('DATABASE_URL')).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(env.get('REDIS_URL')).toBe('redis://redis:6379');
    expect(env.get('WEBHOOK_SIGNING_SECRET')).toMatch(/^\$\{WEBHOOK_SIGNING_SECRET:\?.+\}$/);
  });

  it('should publish the HTTP apps on 3000 and 3001, on the ports they listen on', () => {
    const api = service(compose, file, 'campaign-api');
    const scoring = service(compose, file, 'scoring');
    expect(containerPorts(api)).toEqual([Number(environment(api).get('CAMPAIGN_API_PORT'))]);
    expect(containerPorts(scoring)).toEqual([Number(environment(scoring).get('SCORING_PORT'))]);
    expect(api.ports).toEqual([expect.stringMatching(/:-?3000\}?:3000$/)]);
    expect(scoring.ports).toEqual([expect.stringMatching(/:-?3001\}?:3001$/)]);
    expect(containerPorts(service(compose, file, 'worker'))).toEqual([]);
  });

  it('should not publish Postgres or Redis', () => {
    for (const name of ['postgres', 'redis']) expect(service(compose, file, name).ports).toBeUndefined();
  });
});

describe('docker/compose.test.yml', () => {
  const file = 'compose.test.yml';
  const compose = loadCompose(file);

  it('should hold only Postgres and Redis, on the default ports of 127.0.0.1', () => {
    expect(Object.keys(servicesOf(compose, file)).sort()).toEqual(['postgres', 'redis']);
    expect(service(compose, file, 'postgres').ports).toEqual(['127.0.0.1:5432:5432']);
    expect(service(compose, file, 'redis').ports).toEqual(['127.0.0.1:6379:6379']);
  });
});

describe('docker/redis.conf', () => {
  const conf = readFileSync(path.join(DOCKER_DIR, 'redis.conf'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('should persist with an fsync a second and never evict (BullMQ requires noeviction)', () => {
    expect(conf).toEqual(expect.arrayContaining(['appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction']));
  });
});
